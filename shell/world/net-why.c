/* world/net-why.c: why a ping would not get through, read from the
 * model (see net-why.h). The walk does what the kernel does, coarsely:
 * own address -> lo; else the longest matching route of the main table,
 * its interface (UP? carrier? the veth's other end?), the next hop's
 * namespace (found by its address), forwarding there; at the end the
 * same walk back from the destination to the source address.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "net-why.h"
#include "../i18n.h"
#include "../kernel/valid.h"

#define HOPS_MAX 8

struct ip {
	int family;
	unsigned char b[16];
};

static int ip_len(int family)
{
	return family == AF_INET ? 4 : 16;
}

static bool ip_parse(const char *s, struct ip *ip)
{
	memset(ip, 0, sizeof *ip);
	if (inet_pton(AF_INET, s, ip->b) == 1)
		return ip->family = AF_INET, true;
	if (inet_pton(AF_INET6, s, ip->b) == 1)
		return ip->family = AF_INET6, true;
	return false;
}

/* Are the first plen bits of a and b the same? */
static bool same_prefix(const unsigned char *a, const unsigned char *b, int plen)
{
	int full = plen / 8, rest = plen % 8;

	if (memcmp(a, b, (size_t)full))
		return false;
	if (!rest)
		return true;
	unsigned char m = (unsigned char)(0xff << (8 - rest));
	return (a[full] & m) == (b[full] & m);
}

/* A route's destination as the model spells it ("default",
 * "10.0.0.0/24", "10.0.0.5") into a network and a prefix length. */
static bool dst_parse(const struct net_route *r, struct ip *net, int *plen)
{
	char a[NET_CIDR_MAX];

	memset(net, 0, sizeof *net);
	net->family = r->family;
	if (!strcmp(r->dst, "default")) {
		*plen = 0;
		return true;
	}
	snprintf(a, sizeof a, "%s", r->dst);
	char *slash = strchr(a, '/');
	*plen = slash ? atoi(slash + 1) : ip_len(r->family) * 8;
	if (slash)
		*slash = '\0';
	return inet_pton(r->family, a, net->b) == 1;
}

static bool is_loopback(const struct ip *ip)
{
	static const unsigned char v6[16] = { [15] = 1 };
	return ip->family == AF_INET ? ip->b[0] == 127 : !memcmp(ip->b, v6, 16);
}

static const struct net_addr *own_addr(const struct net_ns *ns, const struct ip *ip)
{
	struct ip a;

	for (int i = 0; i < ns->naddrs; i++)
		if (ns->addrs[i].family == ip->family && ip_parse(ns->addrs[i].addr, &a) &&
		    !memcmp(a.b, ip->b, (size_t)ip_len(ip->family)))
			return &ns->addrs[i];
	return NULL;
}

/* The route the kernel would take: longest prefix, then lowest metric. */
static const struct net_route *route_lookup(const struct net_ns *ns, const struct ip *ip)
{
	const struct net_route *best = NULL;
	int best_plen = -1;

	for (int i = 0; i < ns->nroutes; i++) {
		const struct net_route *r = &ns->routes[i];
		struct ip net;
		int plen;
		if (r->family != ip->family || !dst_parse(r, &net, &plen) ||
		    !same_prefix(net.b, ip->b, plen))
			continue;
		if (plen > best_plen || (plen == best_plen && r->metric < best->metric)) {
			best = r;
			best_plen = plen;
		}
	}
	return best;
}

/* An address on a DOWN interface whose network holds ip: the kernel
 * dropped that network's route when the interface went down. */
static const struct net_link *down_link_for(const struct net_ns *ns, const struct ip *ip)
{
	struct ip a;

	for (int i = 0; i < ns->naddrs; i++) {
		const struct net_addr *ad = &ns->addrs[i];
		const struct net_link *l = net_ns_link_index(ns, ad->index);
		if (ad->family == ip->family && l && !l->up && ip_parse(ad->addr, &a) &&
		    same_prefix(a.b, ip->b, ad->prefixlen))
			return l;
	}
	return NULL;
}

static const struct net_ns *ns_named(int n, const char *name)
{
	for (int i = 0; i < n; i++) {
		const struct net_ns *ns = world_net_ns_at(i);
		if (ns && !strcmp(ns->name, name))
			return ns;
	}
	return NULL;
}

/* The namespace that has address ip; the one named prefer first. */
static const struct net_ns *owner_of(int n, const struct ip *ip, const char *prefer)
{
	const struct net_ns *found = NULL;

	for (int i = 0; i < n; i++) {
		const struct net_ns *ns = world_net_ns_at(i);
		if (!ns || !own_addr(ns, ip))
			continue;
		if (prefer && !strcmp(ns->name, prefer))
			return ns;
		if (!found)
			found = ns;
	}
	return found;
}

static bool set(struct net_why_info *w, enum net_why why, const char *ns, const char *ifname)
{
	w->why = why;
	snprintf(w->ns, sizeof w->ns, "%s", ns);
	snprintf(w->ifname, sizeof w->ifname, "%s", ifname ? ifname : "");
	return true;
}

/* One way, from start to dest. *src gets the source address the first
 * hop would use (for the way back); *end the namespace reached. */
static bool walk(int n, const char *start, const struct ip *dest, struct ip *src,
		 const struct net_ns **end, struct net_why_info *w)
{
	const char *cur = start;

	*end = NULL;
	for (int hop = 0; hop < HOPS_MAX; hop++) {
		const struct net_ns *ns = ns_named(n, cur);
		if (!ns)
			return set(w, NET_WHY_NO_NS, cur, NULL);
		const struct net_addr *own = own_addr(ns, dest);
		if (hop == 0 && (own || is_loopback(dest))) {
			/* to itself: through lo */
			const struct net_link *lo = net_ns_link(ns, "lo");
			w->own = own != NULL;
			if (lo && !lo->up)
				return set(w, NET_WHY_LO_DOWN, ns->name, "lo");
		}
		if (own) {
			const struct net_link *l = net_ns_link_index(ns, own->index);
			if (l && !l->up)
				return set(w, NET_WHY_LINK_DOWN, ns->name, l->name);
			*end = ns;
			return false;
		}
		if (hop == 0 && is_loopback(dest)) {
			*end = ns;
			return false;
		}
		int fwd = dest->family == AF_INET ? ns->forward4 : ns->forward6;
		if (hop > 0 && fwd == 0)
			return set(w, NET_WHY_NO_FORWARD, ns->name, NULL);
		const struct net_route *r = route_lookup(ns, dest);
		if (!r || (r->type[0] && strcmp(r->type, "unicast"))) {
			const struct net_link *dl = down_link_for(ns, dest);
			if (dl)
				return set(w, NET_WHY_LINK_DOWN, ns->name, dl->name);
			inet_ntop(dest->family, dest->b, w->addr, sizeof w->addr);
			return set(w, NET_WHY_NO_ROUTE, ns->name, NULL);
		}
		const struct net_link *l = net_ns_link_index(ns, r->oif);
		if (l && !l->up)
			return set(w, NET_WHY_LINK_DOWN, ns->name, l->name);
		if (l && !l->carrier && strcmp(l->kind, "loopback")) {
			if (!strcmp(l->kind, "veth") && l->peer[0] && l->peer_ns[0]) {
				snprintf(w->peer, sizeof w->peer, "%s", l->peer);
				snprintf(w->peer_ns, sizeof w->peer_ns, "%s", l->peer_ns);
				return set(w, NET_WHY_PEER_DOWN, ns->name, l->name);
			}
			return set(w, NET_WHY_NO_CARRIER, ns->name, l->name);
		}
		if (hop == 0 && src && l) {
			for (int i = 0; i < ns->naddrs; i++)
				if (ns->addrs[i].index == l->index && ns->addrs[i].family == dest->family &&
				    strcmp(ns->addrs[i].scope, "link") && ip_parse(ns->addrs[i].addr, src))
					break;
		}
		struct ip next;
		if (!r->gw[0] || !ip_parse(r->gw, &next))
			next = *dest;
		const struct net_ns *o = owner_of(n, &next, l ? l->peer_ns : NULL);
		if (!o) {
			/* Beyond the namespaces aisla knows (a real network), or
			 * nobody has the address on a wire aisla made. */
			if (!r->gw[0] && l && (!strcmp(l->kind, "veth") || !strcmp(l->kind, "bridge"))) {
				inet_ntop(dest->family, dest->b, w->addr, sizeof w->addr);
				return set(w, NET_WHY_NO_OWNER, ns->name, l->name);
			}
			return false;
		}
		if (r->gw[0])
			snprintf(w->addr, sizeof w->addr, "%s", r->gw);
		cur = o->name;
	}
	return false;
}

bool world_net_why(const char *node, const char *dest, struct net_why_info *w)
{
	struct ip d, src = { 0 };
	const struct net_ns *end;
	char start[NET_NS_NAME_MAX];

	memset(w, 0, sizeof *w);
	if (!ip_parse(dest, &d))
		return set(w, NET_WHY_BAD_DEST, node, NULL);
	/* One read of everything; from here on only pointer walks (a query
	 * that reads the kernel again would move the tables). */
	world_net_sync();
	int n = world_net_count();
	snprintf(start, sizeof start, "%s", node);
	if (walk(n, start, &d, &src, &end, w))
		return true;
	if (!end || !src.family || !strcmp(end->name, start))
		return false;
	/* The answer's way back, from the destination to our address. */
	struct net_why_info back;
	const struct net_ns *back_end;
	memset(&back, 0, sizeof back);
	if (!walk(n, end->name, &src, NULL, &back_end, &back))
		return false;
	*w = back;
	w->back = true;
	return true;
}

int net_why_explain(const struct net_why_info *w, const char *dest, struct err *e)
{
	const char *a, *b;

	switch (w->why) {
	case NET_WHY_NOTHING:
	case NET_WHY_BAD_DEST:
		return 0;
	case NET_WHY_NO_NS:
		err_set(e, _("'%s' is not a network namespace aisla knows"), w->ns);
		return err_hint(e, _("`node list` shows the nodes"));
	case NET_WHY_LO_DOWN:
		if (w->own)
			err_set(e, _("%s is an address of '%s' itself: that ping goes through its 'lo', which is DOWN"),
				dest, w->ns);
		else
			err_set(e, _("'lo' of '%s' is DOWN: %s is its own loopback address"), w->ns, dest);
		return err_hint(e, _("bring it up: 'link set %s up'"), net_ifnode("lo", w->ns));
	case NET_WHY_LINK_DOWN:
		a = net_ifnode(w->ifname, w->ns);
		err_set(e, w->back ? _("the answer cannot come back: '%s' is DOWN")
				   : _("'%s' is DOWN"), a);
		return err_hint(e, _("bring it up: 'link set %s up'"), a);
	case NET_WHY_PEER_DOWN:
		a = net_ifnode(w->ifname, w->ns);
		b = net_ifnode(w->peer, w->peer_ns);
		err_set(e, _("'%s' is UP but its other end, '%s', is DOWN"), a, b);
		return err_hint(e, _("a veth carries packets only with both ends UP: 'link set %s up'"), b);
	case NET_WHY_NO_CARRIER:
		a = net_ifnode(w->ifname, w->ns);
		err_set(e, _("'%s' is UP but has no carrier (nothing UP at the other side)"), a);
		return err_hint(e, _("a bridge has carrier when one of its ports is UP: 'link list %s'"),
				w->ns);
	case NET_WHY_NO_ROUTE:
		if (w->back)
			err_set(e, _("the answer cannot come back: '%s' has no route towards %s"),
				w->ns, w->addr);
		else
			err_set(e, _("'%s' has no route towards %s"), w->ns, w->addr);
		return err_hint(e, _("give it an address in that network or a route ('route add %s via GW -n %s'); "
				     "'route list %s' shows its routes"), w->addr, w->ns, w->ns);
	case NET_WHY_NO_FORWARD:
		err_set(e, w->back ? _("'%s' is a router on the way back but does not forward packets")
				   : _("'%s' is a router on the way but does not forward packets"), w->ns);
		return err_hint(e, _("turn forwarding on: 'forward %s on'"), w->ns);
	case NET_WHY_NO_OWNER:
		a = net_ifnode(w->ifname, w->ns);
		err_set(e, _("no node has the address %s on the network of '%s'"), w->addr, a);
		return err_hint(e, _("'addr list' shows the addresses of each node"));
	}
	return 0;
}
