/* cmd-link.c: `link set IF[@NODE] up|down`, `link set IF[@NODE] netns
 * NODE2|host`, `link del IF[@NODE]`, `link list [NODE]`. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <netlink/netlink.h>
#include <netlink/msg.h>
#include <netlink/attr.h>
#include <netlink/cache.h>
#include <netlink/route/addr.h>
#include <arpa/inet.h>
#include <net/if.h>
#include "net.h"
#include "nsid.h"
#include "node.h"
#include "show.h"
#include "../shell/cmd.h"
#include "../shell/i18n.h"
#include "../shell/journal.h"
#include "../shell/world/net.h"

/* The host's uplink (the interface of the default route) may only be
 * moved, deleted or put down with --force: doing it cuts the machine off. */
static int guard_uplink(const struct args *a, const char *node, const char *ifname,
			const char *what, struct err *e)
{
	char up[IFNAMSIZ];

	if (strcmp(node, "host") || args_has(a, "force"))
		return 0;
	net_host_uplink(up);
	if (!up[0] || strcmp(up, ifname))
		return 0;
	err_set(e, _("'%s' is the host's way out (the interface of its default route): %s it would cut this machine off the network"),
		ifname, what);
	return err_hint(e, _("if that is really what you want, add --force"));
}

static int guard_lo(const char *ifname, const char *what, struct err *e)
{
	if (strcmp(ifname, "lo"))
		return 0;
	err_set(e, _("'lo' cannot be %s: every network namespace has its own loopback, born and dying with it"),
		what);
	return err_hint(e, _("create a veth pair to connect two nodes instead"));
}

/* ---- link set ---- */

struct set_plan {
	char ifname[IFNAMSIZ], node[NET_NODE_MAX];
	int up;			/* 1 up, 0 down, -1 not a state change */
	char to[NET_NODE_MAX];	/* netns target, "" if none */
};

static int set_parse(const struct args *a, void *plan, struct err *e)
{
	struct set_plan *p = plan;

	memset(p, 0, sizeof *p);
	p->up = -1;
	snprintf(p->ifname, sizeof p->ifname, "%s", a->ifn[0].ifname);	/* resolved by the dispatcher */
	snprintf(p->node, sizeof p->node, "%s", a->ifn[0].node);
	const char *w = a->argv[1];
	if (!strcmp(w, "up") || !strcmp(w, "down")) {
		if (a->argc != 2)
			return err_set(e, _("'link set': too many arguments, '%s' is left over"), a->argv[2]);
		p->up = !strcmp(w, "up");
		return 0;
	}
	if (!strcmp(w, "netns")) {
		if (a->argc != 3) {
			err_set(e, _("'link set %s netns' needs the node to move it to"), a->argv[0]);
			return err_hint(e, _("e.g. 'link set %s netns rojo' (or 'netns host' to bring it back)"),
					a->argv[0]);
		}
		if (strlen(a->argv[2]) >= NET_NODE_MAX || net_node_valid(a->argv[2], e) < 0)
			return -1;
		snprintf(p->to, sizeof p->to, "%s", a->argv[2]);
		return 0;
	}
	err_set(e, _("'link set': '%s' is not 'up', 'down' or 'netns'"), w);
	return err_hint(e, _("usage: link set IF[@NODE] up|down  or  link set IF[@NODE] netns NODE2|host"));
}

static int set_state(const struct set_plan *p, const struct net_linkinfo *li, struct err *e)
{
	struct ifinfomsg ifi = {
		.ifi_family = AF_UNSPEC, .ifi_index = li->index,
		.ifi_flags = p->up ? IFF_UP : 0, .ifi_change = IFF_UP,
	};
	struct nl_msg *m = nlmsg_alloc_simple(RTM_NEWLINK, 0);

	if (!m || nlmsg_append(m, &ifi, sizeof ifi, NLMSG_ALIGNTO) < 0 ||
	    (!li->index && nla_put_string(m, IFLA_IFNAME, p->ifname) < 0)) {
		nlmsg_free(m);
		return err_errno(e, ENOMEM, _("could not change '%s'"), net_ifnode(p->ifname, p->node));
	}
	return net_request(p->node, m, e, p->up ? _("could not bring '%s' up") : _("could not bring '%s' down"),
			   net_ifnode(p->ifname, p->node));
}

/* The global addresses of a link, "10.0.0.1/24,fd00::1/64" (a move into
 * another namespace drops them: the journal keeps them to restore). */
static void link_addrs(const char *node, int index, char *out, size_t sz)
{
	struct nl_sock *sk;
	struct nl_cache *cache;
	struct err e = ERR_INIT;

	out[0] = '\0';
	if (nl_get(node, &sk, &e) < 0 || rtnl_addr_alloc_cache(sk, &cache) < 0)
		return;
	for (struct nl_object *o = nl_cache_get_first(cache); o; o = nl_cache_get_next(o)) {
		struct rtnl_addr *ad = (struct rtnl_addr *)o;
		struct nl_addr *l = rtnl_addr_get_local(ad);
		char a[INET6_ADDRSTRLEN];
		if (rtnl_addr_get_ifindex(ad) != index || !l || rtnl_addr_get_scope(ad) != RT_SCOPE_UNIVERSE)
			continue;
		if (!inet_ntop(rtnl_addr_get_family(ad), nl_addr_get_binary_addr(l), a, sizeof a))
			continue;
		size_t n = strlen(out);
		snprintf(out + n, sz - n, "%s%s/%d", n ? "," : "", a, rtnl_addr_get_prefixlen(ad));
	}
	nl_cache_free(cache);
}

static int set_netns(const struct args *a, const struct set_plan *p, const struct net_linkinfo *li,
		     struct err *e)
{
	int tofd;
	unsigned long long fromino, toino;

	if (guard_lo(p->ifname, _("moved"), e) < 0 ||
	    guard_uplink(a, p->node, p->ifname, _("moving"), e) < 0)
		return -1;
	if (!strcmp(p->node, p->to)) {
		err_set(e, _("'%s' is already in '%s'"), p->ifname, p->to);
		return err_hint(e, _("'link list %s' shows what is there"), p->to);
	}
	if (!strcmp(li->kind, "bridge")) {
		err_set(e, _("a bridge cannot change namespace: the kernel keeps it where it was made (NETIF_F_NETNS_LOCAL)"));
		return err_hint(e, _("create the bridge in the node that needs it: 'bridge add %s@%s'"),
				p->ifname, p->to);
	}
	if (nl_netns(p->node, NULL, &fromino, e) < 0 || nl_netns(p->to, &tofd, &toino, e) < 0)
		return -1;
	int rc = net_link_get(p->to, p->ifname, NULL, e);
	if (rc < 0)
		return -1;
	if (rc) {
		err_set(e, _("'%s' already has an interface named '%s'"), p->to, p->ifname);
		return err_hint(e, _("interface names are per namespace: rename or delete the one in '%s' first"),
				p->to);
	}

	bool ours = net_journal_owns(p->node, p->ifname);
	unsigned long seq = 0;
	if (!ours) {
		char k0[300], k1[40], k2[300], k3[40], k4[16], k5[256], addrs[240];
		snprintf(k0, sizeof k0, "from=%s", p->node);
		snprintf(k1, sizeof k1, "fromnsino=%llu", fromino);
		snprintf(k2, sizeof k2, "to=%s", p->to);
		snprintf(k3, sizeof k3, "tonsino=%llu", toino);
		snprintf(k4, sizeof k4, "up=%d", (li->flags & IFF_UP) ? 1 : 0);
		link_addrs(p->node, li->index, addrs, sizeof addrs);
		snprintf(k5, sizeof k5, "addrs=%s", addrs);
		if (journal_intent("link-move", p->ifname, JKV(k0, k1, k2, k3, k4, k5, nsid_kv("fromnsid", p->node),
						    nsid_kv("tonsid", p->to)), &seq, e) < 0)
			return -1;
	}
	if (net_link_move(p->node, li->index, p->ifname, tofd, p->to, e) < 0) {
		struct err e2 = ERR_INIT;
		if (seq)
			journal_abort(seq, &e2);
		return -1;
	}
	struct net_linkinfo nli;
	struct err e2 = ERR_INIT;
	int newindex = net_link_get(p->to, p->ifname, &nli, &e2) == 1 ? nli.index : 0;
	if (ours) {
		net_journal_moved(p->node, p->ifname, p->to, newindex);
		return 0;
	}
	char d0[40];
	snprintf(d0, sizeof d0, "ifindex=%d", newindex);
	return journal_done(seq, JKV(d0), e);
}

static int link_set_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	(void)ctx;
	struct set_plan *p = a->plan;
	struct net_linkinfo li;

	if (p->to[0]) {
		if (net_link_need(p->node, p->ifname, &li, e) < 0)
			return -1;
		return set_netns(a, p, &li, e);
	}
	if (!p->up && guard_uplink(a, p->node, p->ifname, _("bringing it down"), e) < 0)
		return -1;
	/* up/down: one request naming the link (ifindex 0 + IFLA_IFNAME);
	 * a missing link is the kernel's ENODEV, nothing changed. */
	memset(&li, 0, sizeof li);
	if (set_state(p, &li, e) < 0) {
		struct err e2 = ERR_INIT;
		if (e->errnum == ENODEV && net_link_need(p->node, p->ifname, NULL, &e2) < 0)
			*e = e2;
		return -1;
	}
	return 0;
}

static void link_set_explain(struct cmd_ctx *ctx, const struct args *a)
{
	struct set_plan *p = a->plan;

	if (p->to[0])
		cmd_explain(ctx, "%slink set %s netns %s", net_ip(p->node), p->ifname,
			    strcmp(p->to, "host") ? p->to : "1");
	else
		cmd_explain(ctx, "%slink set %s %s", net_ip(p->node), p->ifname, p->up ? "up" : "down");
}

/* ---- link del ---- */

static int link_del_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	(void)ctx;
	const char *ifname = a->ifn[0].ifname, *node = a->ifn[0].node;
	struct net_linkinfo li;

	if (net_link_need(node, ifname, &li, e) < 0 ||
	    guard_lo(ifname, _("deleted"), e) < 0 ||
	    guard_uplink(a, node, ifname, _("deleting"), e) < 0)
		return -1;
	if (net_link_del(node, li.index, ifname, e) < 0)
		return -1;
	net_journal_gone(node, ifname);
	return 0;
}

static void link_del_explain(struct cmd_ctx *ctx, const struct args *a)
{
	cmd_explain(ctx, "%slink del %s", net_ip(a->ifn[0].node), a->ifn[0].ifname);
}

/* ---- link list ---- */

static int link_list_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	(void)ctx;
	const char *node = a->argc ? a->argv[0] : NULL;

	if (node && net_node_valid(node, e) < 0)
		return -1;
	show_links(node);
	return 0;
}

static void link_list_explain(struct cmd_ctx *ctx, const struct args *a)
{
	if (a->argc)
		cmd_explain(ctx, "%slink show", net_ip(a->argv[0]));
	else
		cmd_explain(ctx, "ip -all netns exec ip link show");
}

static const struct cmd_flag force_flags[] = {
	{ 'f', "force", false },
	{ 0 },
};

static const struct cmd_entry link_set_entry = {
	.name = "set",
	.flags = force_flags,
	.min_args = 2, .max_args = 3, .rest_after = -1,
	.usage = N_("link set IF[@NODE] up|down | link set IF[@NODE] netns NODE2|host [--force]"),
	.summary = N_("Bring an interface up or down, or move it to another node"),
	.help = N_("'link set IF@NODE up' switches the interface on (and 'down' off). "
		   "'link set IF@NODE netns NODE2' moves it into another node ('host' brings it back); "
		   "its addresses and routes stay behind. 'lo' cannot move, and the host's way out "
		   "(the interface of its default route) needs --force."),
	.complete = "IFNODE WORD NODE",
	.attrs = CMD_ROOT,
	.parse = set_parse, .plan_size = sizeof(struct set_plan),
	.exec = link_set_exec,
	.explain = link_set_explain,
};

static const struct cmd_entry link_del_entry = {
	.name = "del",
	.alias = "delete",
	.flags = force_flags,
	.min_args = 1, .max_args = 1, .rest_after = -1,
	.usage = N_("link del IF[@NODE] [--force]"),
	.summary = N_("Delete an interface (a veth takes its peer with it)"),
	.help = N_("Deletes the interface. Deleting one end of a veth pair deletes both. "
		   "The host's way out (the interface of its default route) needs --force."),
	.complete = "IFNODE",
	.attrs = CMD_ROOT,
	.exec = link_del_exec,
	.explain = link_del_explain,
};

static const struct cmd_entry link_list_entry = {
	.name = "list",
	.alias = "show",
	.min_args = 0, .max_args = 1, .rest_after = -1,
	.usage = N_("link list [NODE]"),
	.summary = N_("Interfaces of one node, or of all"),
	.help = N_("Lists the interfaces of NODE (every node and the host if none): state, kind, "
		   "MAC address, MTU, the peer of a veth and the bridge a port belongs to."),
	.complete = "NODE",
	.attrs = CMD_NO_RECORD,
	.exec = link_list_exec,
	.explain = link_list_explain,
};

static const struct cmd_entry *const link_subs[] = {
	&link_set_entry, &link_del_entry, &link_list_entry, NULL,
};

/* `link` alone lists (as `ip link` shows); `link NODE` lists NODE. */
static int cmd_link_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	(void)ctx;
	if (a->argc == 0) {
		show_links(NULL);
		return 0;
	}
	if (a->argc == 1 && (!strcmp(a->argv[0], "host") || node_exists(a->argv[0]))) {
		show_links(a->argv[0]);
		return 0;
	}
	err_set(e, _("'%s' is not a subcommand of '%s' (set|del|list)"), a->argv[0], "link");
	return err_hint(e, _("usage: %s (more in 'help %s')"), _(a->entry->usage), "link");
}

const struct cmd_entry cmd_link_entry = {
	.name = "link",
	.min_args = 0, .max_args = -1, .rest_after = -1,
	.usage = N_("link set IF[@NODE] up|down|netns NODE2 | link del IF[@NODE] | link list [NODE]"),
	.summary = N_("Network interfaces: state, namespace, deletion"),
	.help = N_("Network interfaces: 'link set' (up, down, netns), 'link del', 'link list'."),
	.complete = "SUB",
	.subs = link_subs,
	.exec = cmd_link_exec,
};
