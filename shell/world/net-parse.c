/* net-parse.c: one rtnetlink message, dumped or notified, applied to a
 * namespace's view (see net-parse.h). Pure: no socket, no clock, no
 * global; unit-tested on canned messages (tests/unit/net-parse.c). */
#include <stdio.h>
#include <stdlib.h>
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
#include "net-parse.h"
#include "world.h"

#ifndef IFF_LOWER_UP
#define IFF_LOWER_UP 0x10000	/* linux/if.h, which clashes with net/if.h */
#endif

static void changed(struct net_store *w, unsigned what)
{
	w->what |= what;
}

static const char *scope_name(int s)
{
	switch (s) {
	case RT_SCOPE_UNIVERSE: return "global";
	case RT_SCOPE_SITE: return "site";
	case RT_SCOPE_LINK: return "link";
	case RT_SCOPE_HOST: return "host";
	case RT_SCOPE_NOWHERE: return "nowhere";
	default: return "?";
	}
}

static const char *proto_name(int p, char *buf, size_t sz)
{
	switch (p) {
	case RTPROT_KERNEL: return "kernel";
	case RTPROT_BOOT: return "boot";
	case RTPROT_STATIC: return "static";
	case RTPROT_RA: return "ra";
	case RTPROT_DHCP: return "dhcp";
	case RTPROT_REDIRECT: return "redirect";
	default:
		snprintf(buf, sz, "%d", p);
		return buf;
	}
}

static const char *type_name(int t)
{
	switch (t) {
	case RTN_UNICAST: return "unicast";
	case RTN_LOCAL: return "local";
	case RTN_BROADCAST: return "broadcast";
	case RTN_MULTICAST: return "multicast";
	case RTN_BLACKHOLE: return "blackhole";
	case RTN_UNREACHABLE: return "unreachable";
	case RTN_PROHIBIT: return "prohibit";
	case RTN_THROW: return "throw";
	default: return "other";
	}
}

static const char *oper_name(int o)
{
	static const char *const n[] = { "UNKNOWN", "NOTPRESENT", "DOWN", "LOWERLAYERDOWN",
					 "TESTING", "DORMANT", "UP" };
	return o >= 0 && o < 7 ? n[o] : "UNKNOWN";
}

static int link_pos(const struct net_ns *ns, int index)
{
	int lo = 0, hi = ns->nlinks - 1;

	while (lo <= hi) {
		int mid = (lo + hi) / 2;
		if (ns->links[mid].index == index)
			return mid;
		if (ns->links[mid].index < index)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1 - lo;		/* insertion point */
}

const struct net_link *net_ns_link_index(const struct net_ns *ns, int index)
{
	int p = ns ? link_pos(ns, index) : -1;

	return p >= 0 ? &ns->links[p] : NULL;
}

const struct net_link *net_ns_link(const struct net_ns *ns, const char *ifname)
{
	if (!ns)
		return NULL;
	for (int i = 0; i < ns->nlinks; i++)
		if (!strcmp(ns->links[i].name, ifname))
			return &ns->links[i];
	return NULL;
}

static bool grow(void **arr, int *cap, int n, size_t sz)
{
	if (n < *cap)
		return true;
	int nc = *cap ? *cap * 2 : 8;
	void *p = realloc(*arr, (size_t)nc * sz);
	if (!p)
		return false;
	*arr = p;
	*cap = nc;
	return true;
}

static void drop_index(struct net_store *w, int index)
{
	struct net_ns *ns = &w->ns;
	int j = 0;

	for (int i = 0; i < ns->naddrs; i++)
		if (ns->addrs[i].index != index)
			ns->addrs[j++] = ns->addrs[i];
	ns->naddrs = j;
	j = 0;
	for (int i = 0; i < ns->nroutes; i++)
		if (ns->routes[i].oif != index)
			ns->routes[j++] = ns->routes[i];
	ns->nroutes = j;
}

static void parse_link(struct net_store *w, struct nlmsghdr *h)
{
	struct ifinfomsg *ifi = nlmsg_data(h);
	struct net_ns *ns = &w->ns;
	struct nlattr *tb[IFLA_MAX + 1];

	if (ifi->ifi_family == AF_BRIDGE)	/* port info, not the link */
		return;
	int pos = link_pos(ns, ifi->ifi_index);
	if (h->nlmsg_type == RTM_DELLINK) {
		if (pos >= 0) {
			memmove(&ns->links[pos], &ns->links[pos + 1],
				(size_t)(ns->nlinks - pos - 1) * sizeof *ns->links);
			ns->nlinks--;
			drop_index(w, ifi->ifi_index);
			changed(w, WORLD_LINKS | WORLD_ADDRS | WORLD_ROUTES);
			w->peers_dirty = true;
		}
		return;
	}
	if (nlmsg_parse(h, sizeof *ifi, tb, IFLA_MAX, NULL) < 0)
		return;
	struct net_link l;
	memset(&l, 0, sizeof l);
	l.index = ifi->ifi_index;
	if (tb[IFLA_IFNAME])
		snprintf(l.name, sizeof l.name, "%s", nla_get_string(tb[IFLA_IFNAME]));
	if (ifi->ifi_type == ARPHRD_LOOPBACK)
		snprintf(l.kind, sizeof l.kind, "loopback");
	if (tb[IFLA_LINKINFO]) {
		struct nlattr *li[IFLA_INFO_MAX + 1];
		if (nla_parse_nested(li, IFLA_INFO_MAX, tb[IFLA_LINKINFO], NULL) == 0 && li[IFLA_INFO_KIND])
			snprintf(l.kind, sizeof l.kind, "%s", nla_get_string(li[IFLA_INFO_KIND]));
	}
	l.up = ifi->ifi_flags & IFF_UP;
	l.carrier = ifi->ifi_flags & IFF_LOWER_UP;
	snprintf(l.operstate, sizeof l.operstate, "%s",
		 oper_name(tb[IFLA_OPERSTATE] ? nla_get_u8(tb[IFLA_OPERSTATE]) : 0));
	if (tb[IFLA_ADDRESS] && nla_len(tb[IFLA_ADDRESS]) == 6) {
		const unsigned char *m = nla_data(tb[IFLA_ADDRESS]);
		snprintf(l.mac, sizeof l.mac, "%02x:%02x:%02x:%02x:%02x:%02x",
			 m[0], m[1], m[2], m[3], m[4], m[5]);
	}
	l.mtu = tb[IFLA_MTU] ? nla_get_u32(tb[IFLA_MTU]) : 0;
	l.master = tb[IFLA_MASTER] ? (int)nla_get_u32(tb[IFLA_MASTER]) : 0;
	l.peer_index = tb[IFLA_LINK] ? (int)nla_get_u32(tb[IFLA_LINK]) : 0;
	if (l.peer_index == l.index && !tb[IFLA_LINK_NETNSID])
		l.peer_index = 0;	/* a device pointing at itself */
	/* The peer's namespace, as an id of this namespace: resolve_peers()
	 * names it. */
	l.peer_nsid = tb[IFLA_LINK_NETNSID] ? nla_get_s32(tb[IFLA_LINK_NETNSID]) : -1;
	if (pos >= 0) {
		struct net_link *o = &ns->links[pos];
		bool was_up = o->up, was_carrier = o->carrier;
		/* Keep what resolution found unless the raw facts changed. */
		l.changed_ms = o->changed_ms;
		if (o->peer_index == l.peer_index && o->peer_nsid == l.peer_nsid) {
			memcpy(l.peer, o->peer, sizeof l.peer);
			memcpy(l.peer_ns, o->peer_ns, sizeof l.peer_ns);
		}
		snprintf(l.master_name, sizeof l.master_name, "%s", o->master == l.master ? o->master_name : "");
		struct net_link cmp = *o;
		cmp.changed_ms = l.changed_ms;
		if (memcmp(&cmp, &l, sizeof l)) {
			l.changed_ms = w->now;
			changed(w, WORLD_LINKS);
		}
		*o = l;
		if (was_up != l.up || was_carrier != l.carrier)
			w->routes_dirty = true;
	} else {
		if (!grow((void **)&ns->links, &w->cap_links, ns->nlinks, sizeof *ns->links))
			return;
		pos = -1 - pos;
		memmove(&ns->links[pos + 1], &ns->links[pos],
			(size_t)(ns->nlinks - pos) * sizeof *ns->links);
		l.changed_ms = w->now;
		ns->links[pos] = l;
		ns->nlinks++;
		changed(w, WORLD_LINKS);
	}
	w->peers_dirty = true;
}

static int addr_cmp(const struct net_addr *a, const struct net_addr *b)
{
	if (a->index != b->index)
		return a->index - b->index;
	if (a->family != b->family)
		return a->family - b->family;
	int c = strcmp(a->addr, b->addr);
	return c ? c : a->prefixlen - b->prefixlen;
}

static void parse_addr(struct net_store *w, struct nlmsghdr *h)
{
	struct ifaddrmsg *ifa = nlmsg_data(h);
	struct net_ns *ns = &w->ns;
	struct nlattr *tb[IFA_MAX + 1];
	struct net_addr a;

	if (ifa->ifa_family != AF_INET && ifa->ifa_family != AF_INET6)
		return;
	if (nlmsg_parse(h, sizeof *ifa, tb, IFA_MAX, NULL) < 0)
		return;
	struct nlattr *at = tb[IFA_LOCAL] ? tb[IFA_LOCAL] : tb[IFA_ADDRESS];
	if (!at)
		return;
	memset(&a, 0, sizeof a);
	a.index = (int)ifa->ifa_index;
	a.family = ifa->ifa_family;
	inet_ntop(a.family, nla_data(at), a.addr, sizeof a.addr);
	a.prefixlen = ifa->ifa_prefixlen;
	snprintf(a.cidr, sizeof a.cidr, "%s/%d", a.addr, a.prefixlen);
	snprintf(a.scope, sizeof a.scope, "%s", scope_name(ifa->ifa_scope));
	const struct net_link *l = net_ns_link_index(ns, a.index);
	if (l)
		snprintf(a.ifname, sizeof a.ifname, "%s", l->name);

	int i;
	for (i = 0; i < ns->naddrs && addr_cmp(&ns->addrs[i], &a) < 0; i++)
		;
	bool same = i < ns->naddrs && addr_cmp(&ns->addrs[i], &a) == 0;
	if (h->nlmsg_type == RTM_DELADDR) {
		if (same) {
			memmove(&ns->addrs[i], &ns->addrs[i + 1],
				(size_t)(ns->naddrs - i - 1) * sizeof *ns->addrs);
			ns->naddrs--;
			changed(w, WORLD_ADDRS);
			w->routes_dirty = true;
		}
		return;
	}
	a.changed_ms = w->now;
	if (same) {
		struct net_addr o = ns->addrs[i];
		o.changed_ms = a.changed_ms;
		if (!memcmp(&o, &a, sizeof a))
			return;
		ns->addrs[i] = a;
	} else {
		if (!grow((void **)&ns->addrs, &w->cap_addrs, ns->naddrs, sizeof *ns->addrs))
			return;
		memmove(&ns->addrs[i + 1], &ns->addrs[i], (size_t)(ns->naddrs - i) * sizeof *ns->addrs);
		ns->addrs[i] = a;
		ns->naddrs++;
	}
	changed(w, WORLD_ADDRS);
}

/* Same route? IPv4: destination and metric; IPv6 also the device (every
 * interface has its own fe80::/64). */
static bool route_same(const struct net_route *a, const struct net_route *b)
{
	return a->family == b->family && !strcmp(a->dst, b->dst) && a->metric == b->metric &&
	       (a->family == AF_INET || a->oif == b->oif);
}

static void parse_route(struct net_store *w, struct nlmsghdr *h)
{
	struct rtmsg *rt = nlmsg_data(h);
	struct net_ns *ns = &w->ns;
	struct nlattr *tb[RTA_MAX + 1];
	struct net_route r;
	char a[INET6_ADDRSTRLEN], pb[12];

	if (rt->rtm_family != AF_INET && rt->rtm_family != AF_INET6)
		return;
	if (rt->rtm_flags & RTM_F_CLONED)
		return;
	if (nlmsg_parse(h, sizeof *rt, tb, RTA_MAX, NULL) < 0)
		return;
	unsigned table = tb[RTA_TABLE] ? nla_get_u32(tb[RTA_TABLE]) : rt->rtm_table;
	if (table != RT_TABLE_MAIN)
		return;
	memset(&r, 0, sizeof r);
	r.family = rt->rtm_family;
	int full = r.family == AF_INET ? 32 : 128;
	if (!rt->rtm_dst_len || !tb[RTA_DST])
		snprintf(r.dst, sizeof r.dst, "default");
	else {
		inet_ntop(r.family, nla_data(tb[RTA_DST]), a, sizeof a);
		if (rt->rtm_dst_len == full)
			snprintf(r.dst, sizeof r.dst, "%s", a);
		else
			snprintf(r.dst, sizeof r.dst, "%s/%d", a, rt->rtm_dst_len);
	}
	if (tb[RTA_GATEWAY])
		inet_ntop(r.family, nla_data(tb[RTA_GATEWAY]), r.gw, sizeof r.gw);
	r.oif = tb[RTA_OIF] ? (int)nla_get_u32(tb[RTA_OIF]) : 0;
	const struct net_link *l = r.oif ? net_ns_link_index(ns, r.oif) : NULL;
	if (l)
		snprintf(r.dev, sizeof r.dev, "%s", l->name);
	snprintf(r.proto, sizeof r.proto, "%s", proto_name(rt->rtm_protocol, pb, sizeof pb));
	snprintf(r.scope, sizeof r.scope, "%s", scope_name(rt->rtm_scope));
	snprintf(r.type, sizeof r.type, "%s", type_name(rt->rtm_type));
	r.metric = tb[RTA_PRIORITY] ? nla_get_u32(tb[RTA_PRIORITY]) : 0;

	int i;
	for (i = 0; i < ns->nroutes && !route_same(&ns->routes[i], &r); i++)
		;
	if (h->nlmsg_type == RTM_DELROUTE) {
		if (i < ns->nroutes) {
			memmove(&ns->routes[i], &ns->routes[i + 1],
				(size_t)(ns->nroutes - i - 1) * sizeof *ns->routes);
			ns->nroutes--;
			changed(w, WORLD_ROUTES);
		}
		return;
	}
	r.changed_ms = w->now;
	if (i < ns->nroutes) {
		struct net_route o = ns->routes[i];
		o.changed_ms = r.changed_ms;
		if (!memcmp(&o, &r, sizeof r))
			return;
		ns->routes[i] = r;
	} else {
		if (!grow((void **)&ns->routes, &w->cap_routes, ns->nroutes, sizeof *ns->routes))
			return;
		/* IPv4 first, then IPv6; new ones at the end of their family. */
		int at = ns->nroutes;
		if (r.family == AF_INET)
			for (at = 0; at < ns->nroutes && ns->routes[at].family == AF_INET; at++)
				;
		memmove(&ns->routes[at + 1], &ns->routes[at], (size_t)(ns->nroutes - at) * sizeof *ns->routes);
		ns->routes[at] = r;
		ns->nroutes++;
	}
	changed(w, WORLD_ROUTES);
}

static void parse_netconf(struct net_store *w, struct nlmsghdr *h)
{
	struct netconfmsg *nc = nlmsg_data(h);
	struct nlattr *tb[NETCONFA_MAX + 1];

	if (nlmsg_parse(h, sizeof *nc, tb, NETCONFA_MAX, NULL) < 0)
		return;
	if (!tb[NETCONFA_IFINDEX] || (int)nla_get_s32(tb[NETCONFA_IFINDEX]) != NETCONFA_IFINDEX_ALL ||
	    !tb[NETCONFA_FORWARDING])
		return;
	int v = nla_get_s32(tb[NETCONFA_FORWARDING]) ? 1 : 0;
	int *f = nc->ncm_family == AF_INET ? &w->ns.forward4 :
		 nc->ncm_family == AF_INET6 ? &w->ns.forward6 : NULL;
	if (f && *f != v) {
		*f = v;
		changed(w, WORLD_ROUTES);
	}
}


unsigned net_parse_msg(struct net_store *w, struct nlmsghdr *h, uint64_t now)
{
	w->what = 0;
	w->now = now;
	switch (h->nlmsg_type) {
	case RTM_NEWLINK: case RTM_DELLINK:
		parse_link(w, h);
		break;
	case RTM_NEWADDR: case RTM_DELADDR:
		parse_addr(w, h);
		break;
	case RTM_NEWROUTE: case RTM_DELROUTE:
		parse_route(w, h);
		break;
	case RTM_NEWNETCONF:
		parse_netconf(w, h);
		break;
	}
	return w->what;
}

void net_store_release(struct net_store *w)
{
	free(w->ns.links);
	free(w->ns.addrs);
	free(w->ns.routes);
	memset(w, 0, sizeof *w);
}
