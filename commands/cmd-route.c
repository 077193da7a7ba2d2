/* cmd-route.c: `route add|del DEST|default [via GW] [dev IF[@NODE]] [-n
 * NODE]` and `route list [NODE]`: routes of a node's main table, built as
 * `ip route` builds them (protocol boot; scope link for an IPv4 route
 * without a gateway). A gateway must be a direct neighbour: one of the
 * node's addresses has to be in its network. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/rtnetlink.h>
#include <netlink/netlink.h>
#include <netlink/msg.h>
#include <netlink/attr.h>
#include <netlink/cache.h>
#include <netlink/route/addr.h>
#include "net.h"
#include "nsid.h"
#include "node.h"
#include "show.h"
#include "../shell/cmd.h"
#include "../shell/i18n.h"
#include "../shell/journal.h"
#include "../shell/world/net.h"

struct route_plan {
	bool is_default;
	struct net_cidr dst;
	bool has_gw;
	struct net_cidr gw;
	char dev[IFNAMSIZ];		/* "" if none */
	char node[NET_NODE_MAX];
	int family;
};

static int route_parse(const struct args *a, void *plan, struct err *e)
{
	struct route_plan *p = plan;

	const char *n = args_get(a, "n");
	char devnode[NET_NODE_MAX] = "";

	memset(p, 0, sizeof *p);
	if (n && (strlen(n) >= NET_NODE_MAX || net_node_valid(n, e) < 0))
		return -1;
	for (int i = 1; i < a->argc; i += 2) {
		const char *k = a->argv[i], *v = i + 1 < a->argc ? a->argv[i + 1] : NULL;
		if (strcmp(k, "via") && strcmp(k, "dev")) {
			err_set(e, _("'route %s': '%s' is not 'via' or 'dev'"), a->entry->name, k);
			return err_hint(e, _("usage: %s"), _(a->entry->usage));
		}
		if (!v)
			return err_set(e, _("'route %s': '%s' needs a value"), a->entry->name, k);
		if (!strcmp(k, "via")) {
			if (net_parse_cidr(v, &p->gw, e) < 0)
				return -1;
			if (p->gw.has_prefix) {
				err_set(e, _("the gateway '%s' is one address, without '/'"), v);
				return err_hint(e, _("e.g. 'via 10.0.0.1'"));
			}
			p->has_gw = true;
		} else {
			char w[256];
			snprintf(w, sizeof w, "%s", v);
			if (!strchr(w, '@') && n)	/* bare IF with -n: it is in that node */
				snprintf(w, sizeof w, "%s@%s", v, n);
			if (net_parse_ifnode(w, p->dev, devnode, e) < 0)
				return -1;
		}
	}
	if (devnode[0] && n && strcmp(devnode, n)) {
		err_set(e, _("'dev %s' is in '%s' but -n says '%s'"), net_ifnode(p->dev, devnode),
			devnode, n);
		return err_hint(e, _("a route lives in the node of its interface: drop -n or name the right one"));
	}
	snprintf(p->node, sizeof p->node, "%s", devnode[0] ? devnode : n ? n : "host");

	const char *d = a->argv[0];
	if (!strcmp(d, "default")) {
		p->is_default = true;
		p->family = p->has_gw ? p->gw.family : AF_INET;
		p->dst.family = p->family;
		snprintf(p->dst.text, sizeof p->dst.text, "default");
	} else {
		if (net_parse_cidr(d, &p->dst, e) < 0)
			return -1;
		p->family = p->dst.family;
		struct net_cidr nw = p->dst;
		net_cidr_network(&nw);
		if (memcmp(nw.addr, p->dst.addr, 16)) {
			err_set(e, _("'%s' is not a network: with /%d the bits after the first %d must be zero"),
				d, p->dst.prefix, p->dst.prefix);
			return err_hint(e, _("the network that contains it is %s"), nw.text);
		}
		if (!p->dst.has_prefix) {	/* host route: print as iproute2 does */
			char t[INET6_ADDRSTRLEN];
			inet_ntop(p->family, p->dst.addr, t, sizeof t);
			snprintf(p->dst.text, sizeof p->dst.text, "%s", t);
		}
	}
	if (p->has_gw && p->gw.family != p->family) {
		char g[INET6_ADDRSTRLEN];
		inet_ntop(p->gw.family, p->gw.addr, g, sizeof g);
		err_set(e, _("the gateway %s and the destination %s are not of the same family (IPv4/IPv6)"),
			g, p->dst.text);
		return err_hint(e, _("an IPv4 route needs an IPv4 gateway, an IPv6 route an IPv6 one"));
	}
	if (!p->has_gw && !p->dev[0] && !strcmp(a->entry->name, "add")) {
		err_set(e, _("'route %s %s' needs 'via GW' or 'dev IF' (or both)"), a->entry->name, d);
		return err_hint(e, _("'via' names the next router, 'dev' the interface the packets leave by"));
	}
	return 0;
}

/* A gateway must be reachable directly: inside the network of one of the
 * node's addresses (on dev, if one was given). */
static int gw_check(const struct route_plan *p, struct err *e)
{
	struct nl_sock *sk;
	struct nl_cache *cache;
	char gws[INET6_ADDRSTRLEN], have[512] = "";
	int devidx = 0;

	inet_ntop(p->family, p->gw.addr, gws, sizeof gws);
	if (p->family == AF_INET6 && p->gw.addr[0] == 0xfe && (p->gw.addr[1] & 0xc0) == 0x80) {
		if (!p->dev[0]) {
			err_set(e, _("the gateway %s is a link-local address: it exists on every interface"), gws);
			return err_hint(e, _("say which one with 'dev IF'"));
		}
		return 0;
	}
	if (p->dev[0]) {
		struct net_linkinfo li;
		if (net_link_need(p->node, p->dev, &li, e) < 0)
			return -1;
		devidx = li.index;
	}
	if (nl_get(p->node, &sk, e) < 0)
		return -1;
	int rc = rtnl_addr_alloc_cache(sk, &cache);
	if (rc < 0)
		return nl_fail(e, sk, rc, _("could not read the addresses of '%s'"), p->node);
	int ok = 0, own = 0;
	for (struct nl_object *o = nl_cache_get_first(cache); o; o = nl_cache_get_next(o)) {
		struct rtnl_addr *ad = (struct rtnl_addr *)o;
		struct nl_addr *l = rtnl_addr_get_local(ad);
		if (rtnl_addr_get_family(ad) != p->family || !l)
			continue;
		struct net_cidr c = { .family = p->family, .prefix = rtnl_addr_get_prefixlen(ad) };
		memcpy(c.addr, nl_addr_get_binary_addr(l), p->family == AF_INET ? 4 : 16);
		if (p->family == AF_INET && c.addr[0] == 127)
			continue;
		if (p->family == AF_INET6 && ((c.addr[0] == 0xfe && (c.addr[1] & 0xc0) == 0x80) ||
					      rtnl_addr_get_scope(ad) == RT_SCOPE_HOST))
			continue;
		if (!memcmp(c.addr, p->gw.addr, p->family == AF_INET ? 4 : 16))
			own = 1;
		char t[INET6_ADDRSTRLEN], ifn[IFNAMSIZ];
		inet_ntop(p->family, c.addr, t, sizeof t);
		if (net_link_name(p->node, rtnl_addr_get_ifindex(ad), ifn) < 0)
			ifn[0] = '\0';
		size_t hl = strlen(have);
		if (hl < sizeof have - 80)
			snprintf(have + hl, sizeof have - hl, _("%s%s/%d on %s"), hl ? ", " : "", t, c.prefix, ifn);
		if ((!devidx || rtnl_addr_get_ifindex(ad) == devidx) &&
		    net_cidr_contains(&c, p->gw.addr, p->family))
			ok = 1;
	}
	nl_cache_free(cache);
	if (own) {
		err_set(e, _("the gateway %s is an address of '%s' itself"), gws, p->node);
		return err_hint(e, _("the gateway is the next router, a neighbour: use its address, not yours"));
	}
	if (ok)
		return 0;
	if (!have[0])
		err_set(e, _("the gateway %s is not reachable from '%s': the node has no %s address, so it has no neighbours yet"),
			gws, p->node, p->family == AF_INET ? "IPv4" : "IPv6");
	else if (p->dev[0])
		err_set(e, _("the gateway %s is not reachable through '%s': no address of '%s' there is in its network (it has: %s), so the kernel would not know how to reach it"),
			gws, p->dev, p->node, have);
	else
		err_set(e, _("the gateway %s is not reachable from '%s': none of its addresses (%s) is in the gateway's network, so the kernel would not know which interface leads to it"),
			gws, p->node, have);
	return err_hint(e, _("a gateway must be a direct neighbour: give '%s' an address in the gateway's network first (addr add ... dev IF@%s)"),
			p->node, p->node);
}

static struct nl_msg *route_msg(int type, const struct route_plan *p, int oif)
{
	bool add = type == RTM_NEWROUTE;
	struct rtmsg rt = {
		.rtm_family = (unsigned char)p->family,
		.rtm_dst_len = (unsigned char)(p->is_default ? 0 : p->dst.prefix),
		.rtm_table = RT_TABLE_MAIN,
		.rtm_protocol = add ? RTPROT_BOOT : 0,
		.rtm_scope = !add ? RT_SCOPE_NOWHERE :
			     (p->family == AF_INET && !p->has_gw) ? RT_SCOPE_LINK : RT_SCOPE_UNIVERSE,
		.rtm_type = add ? RTN_UNICAST : 0,
	};
	int alen = p->family == AF_INET ? 4 : 16;
	struct nl_msg *m = nlmsg_alloc_simple(type, add ? NLM_F_CREATE | NLM_F_EXCL : 0);

	if (!m || nlmsg_append(m, &rt, sizeof rt, NLMSG_ALIGNTO) < 0)
		goto fail;
	if (!p->is_default && p->dst.prefix && nla_put(m, RTA_DST, alen, p->dst.addr) < 0)
		goto fail;
	if (p->has_gw && nla_put(m, RTA_GATEWAY, alen, p->gw.addr) < 0)
		goto fail;
	if (oif && nla_put_u32(m, RTA_OIF, (uint32_t)oif) < 0)
		goto fail;
	return m;
fail:
	nlmsg_free(m);
	return NULL;
}

static int route_add_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	(void)ctx;
	struct route_plan *p = a->plan;
	struct net_linkinfo li = { 0 };
	unsigned long long ino;

	if (nl_netns(p->node, NULL, &ino, e) < 0)
		return -1;
	if (p->dev[0] && net_link_need(p->node, p->dev, &li, e) < 0)
		return -1;
	if (p->has_gw && gw_check(p, e) < 0)
		return -1;

	char gws[INET6_ADDRSTRLEN] = "";
	if (p->has_gw)
		inet_ntop(p->family, p->gw.addr, gws, sizeof gws);
	unsigned long seq;
	char k0[300], k1[40], k2[80], k3[40], k4[40];
	snprintf(k0, sizeof k0, "node=%s", p->node);
	snprintf(k1, sizeof k1, "nsino=%llu", ino);
	snprintf(k2, sizeof k2, "gw=%s", gws);
	snprintf(k3, sizeof k3, "dev=%s", p->dev);
	snprintf(k4, sizeof k4, "family=%d", p->family);
	if (journal_intent("route", p->dst.text, JKV(k0, k1, k2, k3, k4, nsid_kv("nsid", p->node)), &seq, e) < 0)
		return -1;
	struct nl_msg *m = route_msg(RTM_NEWROUTE, p, li.index);
	if (!m || net_request(p->node, m, e, _("could not add the route to %s in '%s'"),
			      p->dst.text, p->node) < 0) {
		struct err e2 = ERR_INIT;
		if (!m)
			err_errno(e, ENOMEM, _("could not add the route to %s"), p->dst.text);
		else if (e->errnum == EEXIST)
			err_hint(e, _("'%s' already has a route to %s: 'route list %s' shows it; delete it first with 'route del'"),
				 p->node, p->dst.text, p->node);
		else if (e->errnum == ENETUNREACH)
			err_hint(e, _("the gateway is not reachable: is the interface towards it up?"));
		journal_abort(seq, &e2);
		return -1;
	}
	return journal_done(seq, NULL, e);
}

static int route_del_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	(void)ctx;
	struct route_plan *p = a->plan;
	struct net_linkinfo li = { 0 };

	if (p->dev[0] && net_link_need(p->node, p->dev, &li, e) < 0)
		return -1;
	struct nl_msg *m = route_msg(RTM_DELROUTE, p, li.index);
	if (!m)
		return err_errno(e, ENOMEM, _("could not delete the route to %s"), p->dst.text);
	if (net_request(p->node, m, e, _("could not delete the route to %s in '%s'"), p->dst.text,
			p->node) < 0) {
		if (e->errnum == ESRCH)
			err_hint(e, _("there is no such route: 'route list %s' shows the routes"), p->node);
		return -1;
	}
	struct jrec *recs;
	size_t n;
	struct err e2 = ERR_INIT;
	if (journal_load(&recs, &n, &e2) == 0) {
		for (size_t i = n; i-- > 0;) {
			const char *rn = jrec_get(&recs[i], "node");
			if (!strcmp(recs[i].kind, "route") && rn && !strcmp(rn, p->node) &&
			    !strcmp(recs[i].name, p->dst.text) &&
			    jrec_get_ll(&recs[i], "family", AF_INET) == p->family) {
				journal_undone(recs[i].seq, &e2);
				break;
			}
		}
		free(recs);
	}
	return 0;
}

static void route_explain(struct cmd_ctx *ctx, const struct args *a)
{
	struct route_plan *p = a->plan;
	char via[INET6_ADDRSTRLEN + 8] = "", dev[IFNAMSIZ + 8] = "";

	if (p->has_gw) {
		char g[INET6_ADDRSTRLEN];
		inet_ntop(p->family, p->gw.addr, g, sizeof g);
		snprintf(via, sizeof via, " via %s", g);
	}
	if (p->dev[0])
		snprintf(dev, sizeof dev, " dev %s", p->dev);
	cmd_explain(ctx, "%s%sroute %s %s%s%s", net_ip(p->node),
		    p->is_default && p->family == AF_INET6 ? "-6 " : "", a->entry->name,
		    p->dst.text, via, dev);
}

static int route_list_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	(void)ctx;
	const char *node = a->argc ? a->argv[0] : NULL;

	if (node && net_node_valid(node, e) < 0)
		return -1;
	show_routes(node);
	return 0;
}

static void route_list_explain(struct cmd_ctx *ctx, const struct args *a)
{
	const char *node = a->argc ? a->argv[0] : "host";

	cmd_explain(ctx, "%sroute show", net_ip(node));
	cmd_explain(ctx, "%s-6 route show", net_ip(node));
}

static const struct cmd_flag route_flags[] = {
	{ 'n', "node", true },
	{ 0 },
};

static const struct cmd_entry route_add_entry = {
	.name = "add",
	.flags = route_flags,
	.min_args = 3, .max_args = 5, .rest_after = -1,
	.usage = N_("route add DEST|default [via GW] [dev IF[@NODE]] [-n NODE]"),
	.summary = N_("Add a route to a node's table"),
	.help = N_("Adds a route: packets for DEST (a network such as 10.0.2.0/24, or 'default' "
		   "for everything else) go to the router GW ('via') and/or out of interface IF "
		   "('dev'). The route goes into the table of the node of IF, or of -n NODE. The "
		   "gateway must be a direct neighbour: one of the node's addresses must be in its "
		   "network."),
	.complete = "WORD WORD WORD WORD ?IFNODE",
	.attrs = CMD_ROOT,
	.parse = route_parse, .plan_size = sizeof(struct route_plan),
	.exec = route_add_exec,
	.explain = route_explain,
};

static const struct cmd_entry route_del_entry = {
	.name = "del",
	.alias = "delete",
	.flags = route_flags,
	.min_args = 1, .max_args = 5, .rest_after = -1,
	.usage = N_("route del DEST|default [via GW] [dev IF[@NODE]] [-n NODE]"),
	.summary = N_("Delete a route from a node's table"),
	.help = N_("Deletes the route to DEST from the table of the node of IF, or of -n NODE "
		   "(the host if neither is given)."),
	.complete = "WORD WORD WORD WORD ?IFNODE",
	.attrs = CMD_ROOT,
	.parse = route_parse, .plan_size = sizeof(struct route_plan),
	.exec = route_del_exec,
	.explain = route_explain,
};

static const struct cmd_entry route_list_entry = {
	.name = "list",
	.alias = "show",
	.min_args = 0, .max_args = 1, .rest_after = -1,
	.usage = N_("route list [NODE]"),
	.summary = N_("Routes of one node, or of all"),
	.help = N_("Lists the IPv4 and IPv6 routes of NODE's main table (every node and the host if none)."),
	.complete = "NODE",
	.attrs = CMD_NO_RECORD,
	.exec = route_list_exec,
	.explain = route_list_explain,
};

static const struct cmd_entry *const route_subs[] = {
	&route_add_entry, &route_del_entry, &route_list_entry, NULL,
};

/* `route` alone lists (as `ip route` shows); `route NODE` lists NODE. */
static int cmd_route_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	(void)ctx;
	if (a->argc == 0) {
		show_routes(NULL);
		return 0;
	}
	if (a->argc == 1 && (!strcmp(a->argv[0], "host") || node_exists(a->argv[0]))) {
		show_routes(a->argv[0]);
		return 0;
	}
	err_set(e, _("'%s' is not a subcommand of '%s' (add|del|list)"), a->argv[0], "route");
	return err_hint(e, _("usage: %s (more in 'help %s')"), _(a->entry->usage), "route");
}

const struct cmd_entry cmd_route_entry = {
	.name = "route",
	.min_args = 0, .max_args = -1, .rest_after = -1,
	.usage = N_("route add|del DEST|default [via GW] [dev IF[@NODE]] [-n NODE] | route list [NODE]"),
	.summary = N_("Routes: where each node sends the packets for each network"),
	.help = N_("Routing tables of the nodes: 'route add', 'route del', 'route list'."),
	.complete = "SUB",
	.subs = route_subs,
	.exec = cmd_route_exec,
};
