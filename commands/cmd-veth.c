/* cmd-veth.c: `veth IF1[@NODE1] IF2[@NODE2]`: a veth pair, each end made
 * directly in its namespace in one request (IFLA_NET_NS_FD on the link and
 * on its peer), never made in the host and moved: a move costs 17-19 ms,
 * making it in place costs well under one. */
#include <errno.h>
#include <string.h>
#include <netlink/netlink.h>
#include <netlink/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/link/veth.h>
#include "net.h"
#include "nsid.h"
#include "../shell/cmd.h"
#include "../shell/i18n.h"
#include "../shell/journal.h"

struct veth_plan {
	char a[IFNAMSIZ], an[NET_NODE_MAX];
	char b[IFNAMSIZ], bn[NET_NODE_MAX];
};

static int veth_parse(const struct args *a, void *plan, struct err *e)
{
	struct veth_plan *p = plan;

	/* both ends resolved by the dispatcher (kind IFNODE) */
	snprintf(p->a, sizeof p->a, "%s", a->ifn[0].ifname);
	snprintf(p->an, sizeof p->an, "%s", a->ifn[0].node);
	snprintf(p->b, sizeof p->b, "%s", a->ifn[1].ifname);
	snprintf(p->bn, sizeof p->bn, "%s", a->ifn[1].node);
	if (!strcmp(p->a, p->b) && !strcmp(p->an, p->bn)) {
		err_set(e, _("both ends of the veth would be '%s': one node cannot hold two interfaces with the same name"),
			net_ifnode(p->a, p->an));
		return err_hint(e, _("give the ends different names, e.g. 'veth v-rojo@rojo v-azul@azul'"));
	}
	return 0;
}

/* Refuse an end whose name is taken in its node. */
static int veth_free_name(const char *ifname, const char *node, struct err *e)
{
	int rc = net_link_get(node, ifname, NULL, e);

	if (rc < 0)
		return -1;
	if (rc) {
		err_set(e, _("interface '%s' already exists"), net_ifnode(ifname, node));
		return err_hint(e, _("choose another name, or remove it first with 'link del %s'"),
				net_ifnode(ifname, node));
	}
	return 0;
}

static int cmd_veth_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	(void)ctx;
	struct veth_plan *p = a->plan;
	int fa, fb;
	unsigned long long ia, ib;
	struct nl_sock *sk;

	/* Validate everything first. A name already taken is refused by the
	 * kernel atomically (EEXIST, nothing made): the check runs then, to
	 * say which end it was, instead of costing two requests every time. */
	if (nl_netns(p->an, &fa, &ia, e) < 0 || nl_netns(p->bn, &fb, &ib, e) < 0 ||
	    nl_get(p->an, &sk, e) < 0)
		return -1;

	unsigned long seq;
	char kv[8][300], mtext[2][18];
	unsigned char mac[2][6];
	/* Marks that prove the ends ours before the record is confirmed. */
	link_mark_mac(mac[0], mtext[0], sizeof mtext[0]);
	link_mark_mac(mac[1], mtext[1], sizeof mtext[1]);
	snprintf(kv[5], sizeof kv[5], "mac=%s", mtext[0]);
	snprintf(kv[6], sizeof kv[6], "pmac=%s", mtext[1]);
	snprintf(kv[0], sizeof kv[0], "node=%s", p->an);
	snprintf(kv[1], sizeof kv[1], "nsino=%llu", ia);
	snprintf(kv[2], sizeof kv[2], "peer=%s", p->b);
	snprintf(kv[3], sizeof kv[3], "pnode=%s", p->bn);
	snprintf(kv[4], sizeof kv[4], "pnsino=%llu", ib);
	if (journal_intent("veth", net_ifnode(p->a, p->an),
			   JKV(kv[0], kv[1], kv[2], kv[3], kv[4], kv[5], kv[6], nsid_kv("nsid", p->an),
			       nsid_kv("pnsid", p->bn)), &seq, e) < 0)
		return -1;

	/* One request: both ends, each with the fd of its namespace. */
	struct rtnl_link *l = rtnl_link_veth_alloc();
	if (!l) {
		journal_abort(seq, e);
		return err_errno(e, ENOMEM, _("could not create the veth pair"));
	}
	struct rtnl_link *peer = rtnl_link_veth_get_peer(l);
	rtnl_link_set_name(l, p->a);
	rtnl_link_set_name(peer, p->b);
	struct nl_addr *ma = nl_addr_build(AF_LLC, mac[0], 6), *mb = nl_addr_build(AF_LLC, mac[1], 6);
	if (ma)
		rtnl_link_set_addr(l, ma);
	if (mb)
		rtnl_link_set_addr(peer, mb);
	nl_addr_put(ma);
	nl_addr_put(mb);
	if (strcmp(p->an, "host"))
		rtnl_link_set_ns_fd(l, fa);
	rtnl_link_set_ns_fd(peer, fb);
	rtnl_link_put(peer);
	int rc = rtnl_link_add(sk, l, NLM_F_CREATE | NLM_F_EXCL);
	rtnl_link_veth_release(l);
	if (rc < 0) {
		struct err e2 = ERR_INIT;
		bool exists = nl_last_errno(sk) == EEXIST;
		nl_fail(e, sk, rc, _("could not create the veth pair '%s' - '%s'"),
			net_ifnode(p->a, p->an), net_ifnode(p->b, p->bn));
		journal_abort(seq, &e2);
		if (exists && (veth_free_name(p->a, p->an, &e2) < 0 || veth_free_name(p->b, p->bn, &e2) < 0))
			*e = e2;
		return -1;
	}

	/* Identity: each end's ifindex in its namespace. */
	struct net_linkinfo la, lb;
	if (net_link_get(p->an, p->a, &la, e) != 1 || net_link_get(p->bn, p->b, &lb, e) != 1) {
		/* Half there (someone raced us?): roll back what exists. */
		struct err e2 = ERR_INIT;
		if (net_link_get(p->an, p->a, &la, &e2) == 1)
			net_link_del(p->an, la.index, p->a, &e2);
		journal_abort(seq, &e2);
		if (!err_isset(e))
			err_set(e, _("the veth pair '%s' - '%s' vanished right after being created"),
				net_ifnode(p->a, p->an), net_ifnode(p->b, p->bn));
		return -1;
	}
	char d0[40], d1[40];
	snprintf(d0, sizeof d0, "ifindex=%d", la.index);
	snprintf(d1, sizeof d1, "pifindex=%d", lb.index);
	return journal_done(seq, JKV(d0, d1), e);
}

static void cmd_veth_explain(struct cmd_ctx *ctx, const struct args *a)
{
	struct veth_plan *p = a->plan;
	char na[NET_NODE_MAX + 8] = "", nb[NET_NODE_MAX + 8] = "";

	if (strcmp(p->an, "host"))
		snprintf(na, sizeof na, " netns %s", p->an);
	if (strcmp(p->bn, "host"))
		snprintf(nb, sizeof nb, " netns %s", p->bn);
	cmd_explain(ctx, "ip link add %s%s type veth peer name %s%s", p->a, na, p->b, nb);
}

static const struct cmd_flag veth_flags[] = { { 0 } };

const struct cmd_entry cmd_veth_entry = {
	.name = "veth",
	.flags = veth_flags,
	.min_args = 2, .max_args = 2, .rest_after = -1,
	.usage = N_("veth IF1[@NODE1] IF2[@NODE2]"),
	.summary = N_("A veth pair, each end created where it is named"),
	.help = N_("Creates a veth pair: two software Ethernet interfaces joined by a cable, "
		   "what goes out of one comes in through the other. Each end is created "
		   "directly in the node named after '@' (the host if none), in a single "
		   "request to the kernel.\n\n"
		   "Example: 'veth v-rojo@rojo v-azul@azul' joins the nodes rojo and azul. "
		   "The ends start DOWN: bring them up with 'link set IF@NODE up'."),
	.complete = "IFNODE IFNODE",
	.attrs = CMD_ROOT,
	.parse = veth_parse, .plan_size = sizeof(struct veth_plan),
	.exec = cmd_veth_exec,
	.explain = cmd_veth_explain,
};
