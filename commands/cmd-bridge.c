/* cmd-bridge.c: `bridge add|del BR[@NODE]`, `bridge attach BR[@NODE] IF`,
 * `bridge detach IF[@NODE]`: a Linux bridge, the virtual switch of the
 * course's LAN demo, and its ports (which must live in the bridge's node). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <netlink/netlink.h>
#include <netlink/msg.h>
#include <netlink/attr.h>
#include "net.h"
#include "nsid.h"
#include "node.h"
#include "show.h"
#include "../shell/cmd.h"
#include "../shell/i18n.h"
#include "../shell/journal.h"
#include "../shell/world/net.h"

static int need_bridge(const char *node, const char *br, struct net_linkinfo *li, struct err *e)
{
	if (net_link_need(node, br, li, e) < 0)
		return -1;
	if (strcmp(li->kind, "bridge")) {
		err_set(e, _("'%s' is not a bridge (it is a %s interface)"), net_ifnode(br, node),
			li->kind[0] ? li->kind : _("physical"));
		return err_hint(e, _("create a bridge with 'bridge add %s'"), "BR@NODE");
	}
	return 0;
}

static int set_master(const char *node, int index, int master, const char *ifname, struct err *e)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC, .ifi_index = index };
	struct nl_msg *m = nlmsg_alloc_simple(RTM_NEWLINK, 0);

	if (!m || nlmsg_append(m, &ifi, sizeof ifi, NLMSG_ALIGNTO) < 0 ||
	    nla_put_u32(m, IFLA_MASTER, (uint32_t)master) < 0) {
		nlmsg_free(m);
		return err_errno(e, ENOMEM, _("could not change '%s'"), net_ifnode(ifname, node));
	}
	return net_request(node, m, e, master ? _("could not attach '%s' to the bridge")
					      : _("could not detach '%s' from its bridge"),
			   net_ifnode(ifname, node));
}

/* ---- add ---- */

static int bridge_add_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	(void)ctx;
	const char *br = a->ifn[0].ifname, *node = a->ifn[0].node;
	unsigned long long ino;

	if (nl_netns(node, NULL, &ino, e) < 0)
		return -1;
	int rc = net_link_get(node, br, NULL, e);
	if (rc < 0)
		return -1;
	if (rc) {
		err_set(e, _("interface '%s' already exists"), net_ifnode(br, node));
		return err_hint(e, _("choose another name, or remove it first with 'link del %s'"),
				net_ifnode(br, node));
	}
	unsigned long seq;
	char k0[300], k1[40], k2[40];
	/* A mark that proves it ours before the record is confirmed. */
	unsigned group = link_mark_group();
	snprintf(k0, sizeof k0, "node=%s", node);
	snprintf(k1, sizeof k1, "nsino=%llu", ino);
	snprintf(k2, sizeof k2, "group=%u", group);
	if (journal_intent("bridge", net_ifnode(br, node), JKV(k0, k1, k2, nsid_kv("nsid", node)),
			   &seq, e) < 0)
		return -1;
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };
	struct nl_msg *m = nlmsg_alloc_simple(RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL);
	struct nlattr *li;
	if (!m || nlmsg_append(m, &ifi, sizeof ifi, NLMSG_ALIGNTO) < 0 ||
	    nla_put_string(m, IFLA_IFNAME, br) < 0 || nla_put_u32(m, IFLA_GROUP, group) < 0 ||
	    !(li = nla_nest_start(m, IFLA_LINKINFO)) ||
	    nla_put_string(m, IFLA_INFO_KIND, "bridge") < 0) {
		struct err e2 = ERR_INIT;
		nlmsg_free(m);
		journal_abort(seq, &e2);
		return err_errno(e, ENOMEM, _("could not create bridge '%s'"), net_ifnode(br, node));
	}
	nla_nest_end(m, li);
	if (net_request(node, m, e, _("could not create bridge '%s'"), net_ifnode(br, node)) < 0) {
		struct err e2 = ERR_INIT;
		journal_abort(seq, &e2);
		return -1;
	}
	struct net_linkinfo bl;
	char d0[40] = "ifindex=0";
	if (net_link_get(node, br, &bl, e) == 1)
		snprintf(d0, sizeof d0, "ifindex=%d", bl.index);
	err_clear(e);
	if (journal_done(seq, JKV(d0), e) < 0)
		return -1;
	/* Confirmed: the mark is no longer needed; back to the default group. */
	struct ifinfomsg gi = { .ifi_family = AF_UNSPEC, .ifi_index = bl.index };
	struct nl_msg *gm = nlmsg_alloc_simple(RTM_NEWLINK, 0);
	if (gm && nlmsg_append(gm, &gi, sizeof gi, NLMSG_ALIGNTO) == 0 &&
	    nla_put_u32(gm, IFLA_GROUP, 0) == 0)
		net_request(node, gm, e, _("could not create bridge '%s'"), net_ifnode(br, node));
	else
		nlmsg_free(gm);
	err_clear(e);
	return 0;
}

static void bridge_add_explain(struct cmd_ctx *ctx, const struct args *a)
{
	cmd_explain(ctx, "%slink add %s type bridge", net_ip(a->ifn[0].node), a->ifn[0].ifname);
}

/* ---- del ---- */

static int bridge_del_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	(void)ctx;
	const char *br = a->ifn[0].ifname, *node = a->ifn[0].node;
	struct net_linkinfo li;

	if (need_bridge(node, br, &li, e) < 0 ||
	    net_link_del(node, li.index, br, e) < 0)
		return -1;
	net_journal_gone(node, br);
	return 0;
}

static void bridge_del_explain(struct cmd_ctx *ctx, const struct args *a)
{
	cmd_explain(ctx, "%slink del %s", net_ip(a->ifn[0].node), a->ifn[0].ifname);
}

/* ---- attach / detach ---- */

struct attach_plan {
	char br[IFNAMSIZ], node[NET_NODE_MAX];
	char ifname[IFNAMSIZ];
};

static int attach_parse(const struct args *a, void *plan, struct err *e)
{
	struct attach_plan *p = plan;

	/* both resolved by the dispatcher (kind IFNODE), but a bare port
	 * is in the bridge's node, not the host */
	snprintf(p->br, sizeof p->br, "%s", a->ifn[0].ifname);
	snprintf(p->node, sizeof p->node, "%s", a->ifn[0].node);
	snprintf(p->ifname, sizeof p->ifname, "%s", a->ifn[1].ifname);
	const char *ifnode = strchr(a->argv[1], '@') ? a->ifn[1].node : p->node;
	if (strcmp(ifnode, p->node)) {
		err_set(e, _("the bridge '%s' is in '%s' but '%s' is in '%s': a bridge and its ports must be in the same node"),
			p->br, p->node, p->ifname, ifnode);
		return err_hint(e, _("connect the nodes with a veth pair: one end in '%s' (attach it to the bridge), the other in '%s'"),
				p->node, ifnode);
	}
	return 0;
}

static int bridge_attach_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	(void)ctx;
	struct attach_plan *p = a->plan;
	struct net_linkinfo bl, il;

	if (need_bridge(p->node, p->br, &bl, e) < 0 ||
	    net_link_need(p->node, p->ifname, &il, e) < 0)
		return -1;
	if (!strcmp(p->ifname, "lo")) {
		err_set(e, _("'lo' cannot be a bridge port: it is not an Ethernet interface"));
		return err_hint(e, _("attach a veth end or a physical interface"));
	}
	if (il.index == bl.index) {
		err_set(e, _("a bridge cannot be a port of itself"));
		return err_hint(e, _("attach another interface: 'bridge attach %s IF'"), a->argv[0]);
	}
	if (il.master == bl.index) {
		err_set(e, _("'%s' is already a port of '%s'"), net_ifnode(p->ifname, p->node), p->br);
		return err_hint(e, _("'link list %s' shows each interface's bridge"), p->node);
	}
	if (il.master) {
		char cur[IFNAMSIZ];
		if (net_link_name(p->node, il.master, cur) < 0)
			snprintf(cur, sizeof cur, "?");
		err_set(e, _("'%s' is already a port of '%s'"), net_ifnode(p->ifname, p->node), cur);
		return err_hint(e, _("an interface can be in one bridge only: 'bridge detach %s' first"),
				net_ifnode(p->ifname, p->node));
	}
	return set_master(p->node, il.index, bl.index, p->ifname, e);
}

static void bridge_attach_explain(struct cmd_ctx *ctx, const struct args *a)
{
	struct attach_plan *p = a->plan;

	cmd_explain(ctx, "%slink set %s master %s", net_ip(p->node), p->ifname, p->br);
}

static int bridge_detach_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	(void)ctx;
	const char *ifname = a->ifn[0].ifname, *node = a->ifn[0].node;
	struct net_linkinfo li;

	if (net_link_need(node, ifname, &li, e) < 0)
		return -1;
	if (!li.master) {
		err_set(e, _("'%s' is not a port of any bridge"), net_ifnode(ifname, node));
		return err_hint(e, _("'link list %s' shows each interface's bridge"), node);
	}
	return set_master(node, li.index, 0, ifname, e);
}

static void bridge_detach_explain(struct cmd_ctx *ctx, const struct args *a)
{
	cmd_explain(ctx, "%slink set %s nomaster", net_ip(a->ifn[0].node), a->ifn[0].ifname);
}

static const struct cmd_entry bridge_add_entry = {
	.name = "add",
	.min_args = 1, .max_args = 1, .rest_after = -1,
	.usage = N_("bridge add BR[@NODE]"),
	.summary = N_("Create a bridge (a virtual switch)"),
	.help = N_("Creates a Linux bridge, a virtual Ethernet switch, in NODE (the host if none). "
		   "It starts DOWN: 'link set BR@NODE up'. Then plug interfaces into it with "
		   "'bridge attach'."),
	.complete = "IFNODE",
	.attrs = CMD_ROOT,
	.exec = bridge_add_exec,
	.explain = bridge_add_explain,
};

static const struct cmd_entry bridge_del_entry = {
	.name = "del",
	.alias = "delete",
	.min_args = 1, .max_args = 1, .rest_after = -1,
	.usage = N_("bridge del BR[@NODE]"),
	.summary = N_("Delete a bridge"),
	.help = N_("Deletes the bridge; its ports stay, detached."),
	.complete = "IFNODE",
	.attrs = CMD_ROOT,
	.exec = bridge_del_exec,
	.explain = bridge_del_explain,
};

static const struct cmd_entry bridge_attach_entry = {
	.name = "attach",
	.min_args = 2, .max_args = 2, .rest_after = -1,
	.usage = N_("bridge attach BR[@NODE] IF"),
	.summary = N_("Plug an interface into a bridge"),
	.help = N_("Makes IF a port of the bridge BR. Both must be in the same node: a bare IF is "
		   "looked up in the bridge's node."),
	.complete = "IFNODE IFNODE",
	.attrs = CMD_ROOT,
	.parse = attach_parse, .plan_size = sizeof(struct attach_plan),
	.exec = bridge_attach_exec,
	.explain = bridge_attach_explain,
};

static const struct cmd_entry bridge_detach_entry = {
	.name = "detach",
	.min_args = 1, .max_args = 1, .rest_after = -1,
	.usage = N_("bridge detach IF[@NODE]"),
	.summary = N_("Unplug an interface from its bridge"),
	.help = N_("Takes IF out of the bridge it is a port of."),
	.complete = "IFNODE",
	.attrs = CMD_ROOT,
	.exec = bridge_detach_exec,
	.explain = bridge_detach_explain,
};

static const struct cmd_entry *const bridge_subs[] = {
	&bridge_add_entry, &bridge_attach_entry, &bridge_del_entry, &bridge_detach_entry, NULL,
};

/* `bridge` alone lists (as `ip bridge` shows); `bridge NODE` lists NODE. */
static int cmd_bridge_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	(void)ctx;
	if (a->argc == 0) {
		show_bridges(NULL);
		return 0;
	}
	if (a->argc == 1 && (!strcmp(a->argv[0], "host") || node_exists(a->argv[0]))) {
		show_bridges(a->argv[0]);
		return 0;
	}
	err_set(e, _("'%s' is not a subcommand of '%s' (add|del|attach|detach)"), a->argv[0], "bridge");
	return err_hint(e, _("usage: %s (more in 'help %s')"), _(a->entry->usage), "bridge");
}

const struct cmd_entry cmd_bridge_entry = {
	.name = "bridge",
	.min_args = 0, .max_args = -1, .rest_after = -1,
	.usage = N_("bridge add|del BR[@NODE] | bridge attach BR[@NODE] IF | bridge detach IF[@NODE]"),
	.summary = N_("Linux bridges: virtual switches and their ports"),
	.help = N_("Virtual switches: 'bridge add', 'bridge del', 'bridge attach', 'bridge detach'."),
	.complete = "SUB",
	.subs = bridge_subs,
	.exec = cmd_bridge_exec,
};
