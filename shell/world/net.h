/* world/net.h: the network side of the world model.
 *
 * For every network namespace aisla knows (the host, aisla's nodes, and
 * the namespaces others make under /run/netns, picked up through inotify)
 * the model holds its links, addresses, IPv4/IPv6 routes (main table) and
 * the forwarding switches. It is read from the kernel: one dump per
 * namespace, then kept current by rtnetlink events (RTNLGRP_LINK,
 * IPV4/IPV6_IFADDR, IPV4/IPV6_ROUTE, IPV4/IPV6_NETCONF) on one socket per
 * namespace registered with the event loop. A change made with `ip` in
 * another terminal reaches the model exactly like one made by aisla.
 * Every change calls world_changed(WORLD_LINKS|WORLD_ADDRS|WORLD_ROUTES|
 * WORLD_NETNS).
 *
 * Not live (world_init(false, ...): batch mode), there are no sockets in
 * the loop; each query re-reads the namespace it asks about.
 *
 * Lifetimes: every pointer returned here is borrowed and stays valid only
 * until control returns to the event loop (or the next world_net_* call
 * that may re-read the kernel). Copy what you keep.
 *
 * Namespaces are named as a user types them: "host" for aisla's own, a
 * node's name (= its /run/netns name) for the others.
 */
#ifndef AISLA_WORLD_NET_H
#define AISLA_WORLD_NET_H

#include <net/if.h>		/* IFNAMSIZ */
#include <netinet/in.h>		/* INET6_ADDRSTRLEN */
#include <stdbool.h>
#include <stdint.h>
#include "../err.h"

#define NET_NS_NAME_MAX 64
#define NET_CIDR_MAX (INET6_ADDRSTRLEN + 4)

/* One network interface. */
struct net_link {
	int index;			/* ifindex in its namespace */
	char name[IFNAMSIZ];
	char kind[16];			/* "veth", "bridge", "vxlan", "macvlan",
					 * "loopback" for lo, "" for a physical NIC */
	bool up;			/* administratively up (IFF_UP) */
	bool carrier;			/* IFF_LOWER_UP: the other end is up too */
	char operstate[16];		/* "UP", "DOWN", "UNKNOWN", "LOWERLAYERDOWN"... */
	char mac[18];			/* "aa:bb:cc:dd:ee:ff", "" if none */
	unsigned mtu;
	int master;			/* ifindex of its bridge, 0 if not a port */
	char master_name[IFNAMSIZ];	/* "" if not a port */
	/* veth peer (IFLA_LINK + IFLA_LINK_NETNSID, resolved to a name).
	 * For a veth whose peer is gone or not yet resolved: peer_index may
	 * be set while peer/peer_ns are "". */
	int peer_index;
	char peer[IFNAMSIZ];		/* peer's interface name */
	char peer_ns[NET_NS_NAME_MAX];	/* peer's namespace ("host", a node) */
	int peer_nsid;			/* raw IFLA_LINK_NETNSID, -1: same namespace */
	uint64_t changed_ms;		/* loop_now_ms() of the last change */
};

/* One address (IPv4 or IPv6) on a link. */
struct net_addr {
	int index;			/* the link's ifindex */
	char ifname[IFNAMSIZ];
	int family;			/* AF_INET or AF_INET6 */
	char addr[INET6_ADDRSTRLEN];	/* "10.0.0.1", "fd00::1" */
	int prefixlen;
	char cidr[NET_CIDR_MAX];	/* "10.0.0.1/24" */
	char scope[12];			/* "global", "link", "host" */
	uint64_t changed_ms;
};

/* One route of the main table (what `ip route` / `ip -6 route` show). */
struct net_route {
	int family;			/* AF_INET or AF_INET6 */
	char dst[NET_CIDR_MAX];		/* "default", "10.0.0.0/24", host routes
					 * without /32 or /128 as iproute2 prints */
	char gw[INET6_ADDRSTRLEN];	/* "" if directly connected */
	int oif;			/* 0 if none */
	char dev[IFNAMSIZ];		/* "" if none */
	char proto[12];			/* "kernel", "boot", "static", "ra"... */
	char scope[12];			/* "universe"="global", "link", "host" */
	char type[12];			/* "unicast", "unreachable", "blackhole"... */
	unsigned metric;
	uint64_t changed_ms;
};

/* One network namespace and everything in it. */
struct net_ns {
	char name[NET_NS_NAME_MAX];	/* "host" or the /run/netns name */
	unsigned long long ino;		/* netns inode: its identity */
	bool foreign;			/* appeared in /run/netns, not in aisla's journal */
	int nlinks, naddrs, nroutes;
	struct net_link *links;		/* sorted by ifindex */
	struct net_addr *addrs;		/* sorted by ifindex, family, address */
	struct net_route *routes;	/* IPv4 first, then IPv6 */
	int forward4, forward6;		/* 1 on, 0 off, -1 unknown */
	uint64_t changed_ms;
};

/* Namespaces the model knows: "host" first, then by name. */
int world_net_count(void);
const struct net_ns *world_net_ns_at(int i);
/* A namespace by name ("host" or a node); NULL if unknown or gone.
 * A namespace in /run/netns not yet watched is picked up here. */
const struct net_ns *world_net_ns(const char *name);

/* Lookups inside one namespace; NULL if absent. */
const struct net_link *net_ns_link(const struct net_ns *ns, const char *ifname);
const struct net_link *net_ns_link_index(const struct net_ns *ns, int index);

/* Convenience queries for lesson checks (node = "host" or a node). */
const struct net_link *world_net_link(const char *node, const char *ifname);
/* Is CIDR ("10.0.0.1/24", or a bare address: any prefix) on IF in node? */
bool world_net_has_addr(const char *node, const char *ifname, const char *cidr);
/* Is there a route to dst ("default", "10.0.0.0/24") in node? gw and dev
 * may be NULL (= any). */
bool world_net_has_route(const char *node, const char *dst, const char *gw,
			 const char *dev);
/* IP forwarding in node: family AF_INET or AF_INET6; 1 on, 0 off, -1
 * unknown (no such namespace). Read from the kernel (netconf). */
int world_net_forwarding(const char *node, int family);
/* Which namespace holds the veth peer of IF@node? Fills peer/peer_ns
 * (sizes IFNAMSIZ and NET_NS_NAME_MAX). 0, or -1 when it is not a veth or
 * the peer is not in a namespace aisla knows. */
int world_net_peer(const char *node, const char *ifname, char *peer, char *peer_ns);

/* Forget a namespace now: close its socket (an open socket keeps a netns
 * alive, and with it the interfaces in it) before it is deleted. Called
 * by nl_forget_netns() (commands/net.h). */
void world_net_forget(const char *name);

/* Handle what is pending now (namespaces gone from /run/netns, queued
 * events) without waiting for the loop: called after every command so
 * that the sockets of a deleted namespace close at once. */
void world_net_pending(void);

/* Re-read a namespace (or every one with NULL) from the kernel now. */
void world_net_refresh(const char *name);

/* Bring the live model current now (events still queued); a model that
 * is not live reads the kernel when asked anyway. */
void world_net_sync(void);

#endif
