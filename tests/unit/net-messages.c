/* tests/unit/net-messages.c: the network model's parser on canned
 * rtnetlink messages (shell/world/net-parse.c): links, addresses and
 * routes are inserted, updated, ignored and removed as the kernel's
 * messages say, and only a real change is reported. No kernel needed. */
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/netconf.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <netlink/msg.h>
#include <netlink/attr.h>
#include "tap.h"
#include "../../shell/world/world.h"
#include "../../shell/world/net-parse.h"

#ifndef IFF_LOWER_UP
#define IFF_LOWER_UP 0x10000
#endif

static unsigned apply(struct net_store *s, struct nl_msg *m, uint64_t now)
{
	unsigned what = net_parse_msg(s, nlmsg_hdr(m), now);
	nlmsg_free(m);
	return what;
}

static struct nl_msg *link_msg(int type, int family, int index, const char *name,
			       const char *kind, unsigned flags, unsigned mtu)
{
	struct nl_msg *m = nlmsg_alloc_simple(type, 0);
	struct ifinfomsg ifi = { .ifi_family = (unsigned char)family, .ifi_type = ARPHRD_ETHER,
				 .ifi_index = index, .ifi_flags = flags };
	const unsigned char mac[6] = { 0x02, 0, 0, 0, 0, (unsigned char)index };

	nlmsg_append(m, &ifi, sizeof ifi, NLMSG_ALIGNTO);
	nla_put_string(m, IFLA_IFNAME, name);
	nla_put_u32(m, IFLA_MTU, mtu);
	nla_put(m, IFLA_ADDRESS, 6, mac);
	if (kind) {
		struct nlattr *li = nla_nest_start(m, IFLA_LINKINFO);
		nla_put_string(m, IFLA_INFO_KIND, kind);
		nla_nest_end(m, li);
	}
	return m;
}

static struct nl_msg *addr_msg(int type, int index, const char *ip, int plen)
{
	struct nl_msg *m = nlmsg_alloc_simple(type, 0);
	struct ifaddrmsg ifa = { .ifa_family = AF_INET, .ifa_prefixlen = (unsigned char)plen,
				 .ifa_scope = RT_SCOPE_UNIVERSE, .ifa_index = (unsigned)index };
	struct in_addr a;

	inet_pton(AF_INET, ip, &a);
	nlmsg_append(m, &ifa, sizeof ifa, NLMSG_ALIGNTO);
	nla_put(m, IFA_LOCAL, 4, &a);
	nla_put(m, IFA_ADDRESS, 4, &a);
	return m;
}

static struct nl_msg *route_msg(int type, int table, const char *dst, int dlen, int oif,
				const char *gw)
{
	struct nl_msg *m = nlmsg_alloc_simple(type, 0);
	struct rtmsg rt = { .rtm_family = AF_INET, .rtm_dst_len = (unsigned char)dlen,
			    .rtm_table = (unsigned char)table, .rtm_protocol = RTPROT_KERNEL,
			    .rtm_scope = gw ? RT_SCOPE_UNIVERSE : RT_SCOPE_LINK,
			    .rtm_type = RTN_UNICAST };
	struct in_addr a;

	nlmsg_append(m, &rt, sizeof rt, NLMSG_ALIGNTO);
	if (dlen) {
		inet_pton(AF_INET, dst, &a);
		nla_put(m, RTA_DST, 4, &a);
	}
	if (gw) {
		inet_pton(AF_INET, gw, &a);
		nla_put(m, RTA_GATEWAY, 4, &a);
	}
	nla_put_u32(m, RTA_OIF, (uint32_t)oif);
	nla_put_u32(m, RTA_TABLE, (uint32_t)table);
	return m;
}

static struct nl_msg *netconf_msg(int family, int forwarding)
{
	struct nl_msg *m = nlmsg_alloc_simple(RTM_NEWNETCONF, 0);
	struct netconfmsg nc = { .ncm_family = (unsigned char)family };

	nlmsg_append(m, &nc, sizeof nc, NLMSG_ALIGNTO);
	nla_put_s32(m, NETCONFA_IFINDEX, NETCONFA_IFINDEX_ALL);
	nla_put_s32(m, NETCONFA_FORWARDING, forwarding);
	return m;
}

int main(void)
{
	struct net_store s;
	unsigned w;

	memset(&s, 0, sizeof s);
	s.ns.forward4 = s.ns.forward6 = -1;

	/* links */
	w = apply(&s, link_msg(RTM_NEWLINK, AF_UNSPEC, 9, "v9", "veth", IFF_UP | IFF_LOWER_UP, 1500), 100);
	is_int(w, WORLD_LINKS, "a new link is a change of links");
	is_int(s.ns.nlinks, 1, "one link");
	is_str(s.ns.links[0].name, "v9", "its name");
	is_str(s.ns.links[0].kind, "veth", "its kind from IFLA_LINKINFO");
	ok(s.ns.links[0].up && s.ns.links[0].carrier, "up, with carrier");
	is_str(s.ns.links[0].mac, "02:00:00:00:00:09", "its MAC");
	is_int(s.ns.links[0].mtu, 1500, "its MTU");
	is_int((long long)s.ns.links[0].changed_ms, 100, "stamped with the message's time");
	ok(s.peers_dirty, "veth peers need resolving");
	s.peers_dirty = false;

	w = apply(&s, link_msg(RTM_NEWLINK, AF_UNSPEC, 9, "v9", "veth", IFF_UP | IFF_LOWER_UP, 1500), 200);
	is_int(w, 0, "the same link again is no change");
	is_int((long long)s.ns.links[0].changed_ms, 100, "  and keeps its stamp");

	w = apply(&s, link_msg(RTM_NEWLINK, AF_BRIDGE, 9, "v9", NULL, 0, 1400), 300);
	is_int(w, 0, "a bridge port's AF_BRIDGE copy is ignored");
	is_int(s.ns.links[0].mtu, 1500, "  and changes nothing");

	w = apply(&s, link_msg(RTM_NEWLINK, AF_UNSPEC, 3, "br0", "bridge", IFF_UP, 1500), 400);
	is_int(w, WORLD_LINKS, "a second link");
	is_int(s.ns.links[0].index, 3, "links are kept in index order");
	is_int(s.ns.links[1].index, 9, "  (9 after 3)");
	ok(!s.ns.links[0].carrier, "no IFF_LOWER_UP: no carrier");

	w = apply(&s, link_msg(RTM_NEWLINK, AF_UNSPEC, 9, "v9", "veth", IFF_UP, 1500), 500);
	is_int(w, WORLD_LINKS, "losing the carrier is a change");
	ok(s.routes_dirty, "  and routes must be dumped again (silent IPv4 flush)");
	s.routes_dirty = false;

	/* addresses */
	w = apply(&s, addr_msg(RTM_NEWADDR, 9, "10.0.0.1", 24), 600);
	is_int(w, WORLD_ADDRS, "a new address");
	is_int(s.ns.naddrs, 1, "one address");
	is_str(s.ns.addrs[0].cidr, "10.0.0.1/24", "its CIDR");
	is_str(s.ns.addrs[0].ifname, "v9", "its interface, by index");
	is_str(s.ns.addrs[0].scope, "global", "its scope");
	w = apply(&s, addr_msg(RTM_NEWADDR, 9, "10.0.0.1", 24), 700);
	is_int(w, 0, "the same address again is no change");

	/* routes */
	w = apply(&s, route_msg(RTM_NEWROUTE, RT_TABLE_MAIN, "10.0.0.0", 24, 9, NULL), 800);
	is_int(w, WORLD_ROUTES, "a route of the main table");
	is_int(s.ns.nroutes, 1, "one route");
	is_str(s.ns.routes[0].dst, "10.0.0.0/24", "its destination");
	is_str(s.ns.routes[0].dev, "v9", "its device, by index");
	is_str(s.ns.routes[0].proto, "kernel", "its protocol");
	is_str(s.ns.routes[0].scope, "link", "its scope");
	w = apply(&s, route_msg(RTM_NEWROUTE, RT_TABLE_LOCAL, "10.0.0.1", 32, 9, NULL), 900);
	is_int(w, 0, "a route of the local table is ignored");
	is_int(s.ns.nroutes, 1, "  still one route");
	w = apply(&s, route_msg(RTM_NEWROUTE, RT_TABLE_MAIN, NULL, 0, 9, "10.0.0.254"), 1000);
	is_int(w, WORLD_ROUTES, "a default route");
	is_str(s.ns.routes[1].dst, "default", "  named default");
	is_str(s.ns.routes[1].gw, "10.0.0.254", "  via its gateway");
	w = apply(&s, route_msg(RTM_DELROUTE, RT_TABLE_MAIN, NULL, 0, 9, "10.0.0.254"), 1100);
	is_int(w, WORLD_ROUTES, "a deleted route");
	is_int(s.ns.nroutes, 1, "  is gone");

	/* forwarding */
	w = apply(&s, netconf_msg(AF_INET, 1), 1200);
	is_int(w, WORLD_ROUTES, "IPv4 forwarding turned on");
	is_int(s.ns.forward4, 1, "  is on");
	is_int(s.ns.forward6, -1, "  IPv6 unknown still");
	w = apply(&s, netconf_msg(AF_INET, 1), 1300);
	is_int(w, 0, "the same netconf again is no change");

	/* a link goes: its addresses and routes go with it */
	w = apply(&s, link_msg(RTM_DELLINK, AF_UNSPEC, 9, "v9", "veth", 0, 1500), 1400);
	is_int(w, WORLD_LINKS | WORLD_ADDRS | WORLD_ROUTES, "a deleted link changes all three");
	is_int(s.ns.nlinks, 1, "one link left");
	is_str(s.ns.links[0].name, "br0", "  the bridge");
	is_int(s.ns.naddrs, 0, "its address went with it");
	is_int(s.ns.nroutes, 0, "its route went with it");
	w = apply(&s, link_msg(RTM_DELLINK, AF_UNSPEC, 9, "v9", "veth", 0, 1500), 1500);
	is_int(w, 0, "deleting an unknown link is no change");

	net_store_release(&s);
	is_int(s.ns.nlinks, 0, "released");
	return done_testing();
}
