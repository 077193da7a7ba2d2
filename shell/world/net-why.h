/* world/net-why.h: why a packet from a namespace would not reach an
 * address, as far as the model shows: the first thing wrong on the way
 * there (and back), hop by hop through the namespaces aisla knows.
 *
 * `ping` (commands/cmd-ping.c) and the lesson's ping check ask it when a
 * ping failed, so the hint names the cause the kernel shows (lo DOWN,
 * the other end of a veth DOWN, no route, forwarding off in a router,
 * no route back) instead of a list of everything to try.
 */
#ifndef AISLA_WORLD_NET_WHY_H
#define AISLA_WORLD_NET_WHY_H

#include <stdbool.h>
#include "net.h"
#include "../err.h"

enum net_why {
	NET_WHY_NOTHING,	/* nothing visible is wrong */
	NET_WHY_NO_NS,		/* ns: no such namespace */
	NET_WHY_BAD_DEST,	/* dest is not an IPv4/IPv6 address */
	NET_WHY_LO_DOWN,	/* dest is ns's own address (own: not 127/8, ::1) and lo is DOWN */
	NET_WHY_LINK_DOWN,	/* ifname@ns, the way out (or the one holding the address), is DOWN */
	NET_WHY_PEER_DOWN,	/* ifname@ns is a veth whose other end, peer@peer_ns, is DOWN */
	NET_WHY_NO_CARRIER,	/* ifname@ns is UP without carrier (a bridge with no port UP) */
	NET_WHY_NO_ROUTE,	/* ns has no route towards addr */
	NET_WHY_NO_FORWARD,	/* ns, a router on the way (its address addr), does not forward */
	NET_WHY_NO_OWNER,	/* addr is in the network of ifname@ns, but no namespace has it */
};

struct net_why_info {
	enum net_why why;
	bool back;			/* found on the way back (the answer's) */
	bool own;			/* LO_DOWN: dest is an address of ns's own interfaces */
	char ns[NET_NS_NAME_MAX];	/* where the cause is */
	char ifname[IFNAMSIZ];
	char peer[IFNAMSIZ];
	char peer_ns[NET_NS_NAME_MAX];
	char addr[INET6_ADDRSTRLEN];	/* NO_ROUTE: the destination asked there;
					 * NO_FORWARD: the router's address */
};

/* Walk from node towards dest in the model (read from the kernel now).
 * Fills w; returns w->why != NET_WHY_NOTHING. */
bool world_net_why(const char *node, const char *dest, struct net_why_info *w);

/* The cause in a sentence (e->msg) and what fixes it (e->hint, an aisla
 * command). Returns -1 (nothing to say: 0, e untouched). */
int net_why_explain(const struct net_why_info *w, const char *dest, struct err *e);

#endif
