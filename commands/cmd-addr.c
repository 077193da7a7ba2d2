/* cmd-addr.c: `addr add|del CIDR dev IF[@NODE]` and `addr list [NODE]`:
 * IPv4 and IPv6 addresses, as `ip addr` sets them (IFA_LOCAL and
 * IFA_ADDRESS, no broadcast). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/if_addr.h>
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

struct addr_plan {
	struct net_cidr c;
	char ifname[IFNAMSIZ], node[NET_NODE_MAX];
};

static int addr_parse(const struct args *a, void *plan, struct err *e)
{
	struct addr_plan *p = plan;

	if (a->argc != 3 || strcmp(a->argv[1], "dev")) {
		err_set(e, _("'addr %s' needs: CIDR dev IF[@NODE]"), a->entry->name);
		return err_hint(e, _("e.g. 'addr %s 10.0.0.1/24 dev v-rojo@rojo'"), a->entry->name);
	}
	if (net_parse_cidr(a->argv[0], &p->c, e) < 0)
		return -1;
	snprintf(p->ifname, sizeof p->ifname, "%s", a->ifn[2].ifname);	/* resolved by the dispatcher */
	snprintf(p->node, sizeof p->node, "%s", a->ifn[2].node);
	return 0;
}

/* Where is address c in node? Fills ifname (IFNAMSIZ) and the prefix it
 * has there. 1 found, 0 not, -1 error. */
static int addr_find(const char *node, const struct net_cidr *c, char *ifname, int *prefix,
		     struct err *e)
{
	struct nl_sock *sk;
	struct nl_cache *cache;

	if (nl_get(node, &sk, e) < 0)
		return -1;
	int rc = rtnl_addr_alloc_cache(sk, &cache);
	if (rc < 0)
		return nl_fail(e, sk, rc, _("could not read the addresses of '%s'"), node);
	int found = 0, alen = c->family == AF_INET ? 4 : 16;
	for (struct nl_object *o = nl_cache_get_first(cache); o && !found; o = nl_cache_get_next(o)) {
		struct rtnl_addr *ad = (struct rtnl_addr *)o;
		struct nl_addr *l = rtnl_addr_get_local(ad);
		if (rtnl_addr_get_family(ad) != c->family || !l ||
		    (int)nl_addr_get_len(l) != alen || memcmp(nl_addr_get_binary_addr(l), c->addr, (size_t)alen))
			continue;
		found = 1;
		*prefix = rtnl_addr_get_prefixlen(ad);
		if (net_link_name(node, rtnl_addr_get_ifindex(ad), ifname) < 0)
			snprintf(ifname, IFNAMSIZ, "?");
	}
	nl_cache_free(cache);
	return found;
}

static struct nl_msg *addr_msg(int type, int flags, const struct net_cidr *c, int index, bool nodad)
{
	struct ifaddrmsg ifa = {
		.ifa_family = (unsigned char)c->family,
		.ifa_prefixlen = (unsigned char)c->prefix,
		.ifa_flags = nodad ? IFA_F_NODAD : 0,
		.ifa_index = (unsigned)index,
	};
	int alen = c->family == AF_INET ? 4 : 16;
	struct nl_msg *m = nlmsg_alloc_simple(type, flags);

	if (!m || nlmsg_append(m, &ifa, sizeof ifa, NLMSG_ALIGNTO) < 0 ||
	    nla_put(m, IFA_LOCAL, alen, c->addr) < 0 || nla_put(m, IFA_ADDRESS, alen, c->addr) < 0) {
		nlmsg_free(m);
		return NULL;
	}
	return m;
}

static int addr_add_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	(void)ctx;
	struct addr_plan *p = a->plan;
	struct net_linkinfo li;
	char where[IFNAMSIZ];
	int prefix;
	unsigned long long ino;

	if (net_link_need(p->node, p->ifname, &li, e) < 0 ||
	    nl_netns(p->node, NULL, &ino, e) < 0)
		return -1;
	int rc = addr_find(p->node, &p->c, where, &prefix, e);
	if (rc < 0)
		return -1;
	if (rc) {
		char a0[INET6_ADDRSTRLEN];
		inet_ntop(p->c.family, p->c.addr, a0, sizeof a0);
		if (!strcmp(where, p->ifname))
			err_set(e, _("address %s is already on '%s' (as %s/%d)"), a0,
				net_ifnode(p->ifname, p->node), a0, prefix);
		else
			err_set(e, _("address %s is already used in '%s', on '%s'"), a0,
				p->node, where);
		return err_hint(e, _("an address can be used only once per node: 'addr list %s' shows them"),
				p->node);
	}
	if (p->c.family == AF_INET && p->c.prefix < 31) {
		struct net_cidr n = p->c;
		net_cidr_network(&n);
		if (!memcmp(n.addr, p->c.addr, 4)) {
			err_set(e, _("%s is the address of the network itself, not of a host in it"), p->c.text);
			return err_hint(e, _("use a host address inside it, e.g. the .1: 10.0.0.1/24 rather than 10.0.0.0/24"));
		}
	}

	unsigned long seq;
	char k0[300], k1[40], k2[40];
	snprintf(k0, sizeof k0, "node=%s", p->node);
	snprintf(k1, sizeof k1, "nsino=%llu", ino);
	snprintf(k2, sizeof k2, "dev=%s", p->ifname);
	if (journal_intent("address", p->c.text, JKV(k0, k1, k2, nsid_kv("nsid", p->node)), &seq, e) < 0)
		return -1;
	struct nl_msg *m = addr_msg(RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, &p->c, li.index,
				    args_has(a, "nodad"));
	if (!m || net_request(p->node, m, e, _("could not add %s to '%s'"), p->c.text,
			      net_ifnode(p->ifname, p->node)) < 0) {
		struct err e2 = ERR_INIT;
		if (!m)
			err_errno(e, ENOMEM, _("could not add %s"), p->c.text);
		journal_abort(seq, &e2);
		return -1;
	}
	char d0[40];
	snprintf(d0, sizeof d0, "ifindex=%d", li.index);
	return journal_done(seq, JKV(d0), e);
}

static int addr_del_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	(void)ctx;
	struct addr_plan *p = a->plan;
	struct net_linkinfo li;
	char where[IFNAMSIZ];
	int prefix;

	if (net_link_need(p->node, p->ifname, &li, e) < 0)
		return -1;
	int rc = addr_find(p->node, &p->c, where, &prefix, e);
	if (rc < 0)
		return -1;
	if (!rc || strcmp(where, p->ifname)) {
		err_set(e, _("address %s is not on '%s'"), p->c.text, net_ifnode(p->ifname, p->node));
		return err_hint(e, _("'addr list %s' shows the addresses there"), p->node);
	}
	if (!p->c.has_prefix)
		p->c.prefix = prefix;
	struct nl_msg *m = addr_msg(RTM_DELADDR, 0, &p->c, li.index, false);
	if (!m)
		return err_errno(e, ENOMEM, _("could not remove %s"), p->c.text);
	if (net_request(p->node, m, e, _("could not remove %s from '%s'"), p->c.text,
			net_ifnode(p->ifname, p->node)) < 0)
		return -1;
	/* Ours? Then it is no longer for reset to remove. */
	struct jrec *recs;
	size_t n;
	struct err e2 = ERR_INIT;
	char txt[sizeof p->c.text];
	snprintf(txt, sizeof txt, "%s", p->c.text);
	if (journal_load(&recs, &n, &e2) == 0) {
		for (size_t i = 0; i < n; i++) {
			const char *rn = jrec_get(&recs[i], "node"), *rd = jrec_get(&recs[i], "dev");
			struct net_cidr rc2;
			if (strcmp(recs[i].kind, "address") || !rn || !rd || strcmp(rn, p->node) ||
			    strcmp(rd, p->ifname) || net_parse_cidr(recs[i].name, &rc2, &e2) < 0)
				continue;
			if (rc2.family == p->c.family && !memcmp(rc2.addr, p->c.addr, 16))
				journal_undone(recs[i].seq, &e2);
		}
		free(recs);
	}
	return 0;
}

static void addr_explain(struct cmd_ctx *ctx, const struct args *a)
{
	struct addr_plan *p = a->plan;

	/* The canonical text, not the word typed: ip reads "/024" as octal. */
	cmd_explain(ctx, "%saddr %s %s dev %s%s", net_ip(p->node), a->entry->name, p->c.text,
		    p->ifname, args_has(a, "nodad") ? " nodad" : "");
}

static int addr_list_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	(void)ctx;
	const char *node = a->argc ? a->argv[0] : NULL;

	if (node && net_node_valid(node, e) < 0)
		return -1;
	show_addrs(node);
	return 0;
}

static void addr_list_explain(struct cmd_ctx *ctx, const struct args *a)
{
	if (a->argc)
		cmd_explain(ctx, "%saddr show", net_ip(a->argv[0]));
	else
		cmd_explain(ctx, "ip -all netns exec ip addr show");
}

static const struct cmd_flag add_flags[] = {
	{ 0, "nodad", false },
	{ 0 },
};

static const struct cmd_entry addr_add_entry = {
	.name = "add",
	.flags = add_flags,
	.min_args = 3, .max_args = 3, .rest_after = -1,
	.usage = N_("addr add CIDR dev IF[@NODE] [--nodad]"),
	.summary = N_("Add an IPv4 or IPv6 address to an interface"),
	.help = N_("Adds the address with its prefix length (10.0.0.1/24, fd00::1/64) to the "
		   "interface. The prefix says which addresses are reachable directly through "
		   "this interface: the kernel adds that route by itself. An IPv6 address is "
		   "'tentative' for a second or two while the kernel checks nobody else has it "
		   "(DAD); --nodad skips that check."),
	.complete = "CIDR WORD IFNODE",
	.attrs = CMD_ROOT,
	.parse = addr_parse, .plan_size = sizeof(struct addr_plan),
	.exec = addr_add_exec,
	.explain = addr_explain,
};

static const struct cmd_entry addr_del_entry = {
	.name = "del",
	.alias = "delete",
	.min_args = 3, .max_args = 3, .rest_after = -1,
	.usage = N_("addr del CIDR dev IF[@NODE]"),
	.summary = N_("Remove an address from an interface"),
	.help = N_("Removes the address from the interface (and with it the route the kernel "
		   "had added for its network)."),
	.complete = "CIDR WORD IFNODE",
	.attrs = CMD_ROOT,
	.parse = addr_parse, .plan_size = sizeof(struct addr_plan),
	.exec = addr_del_exec,
	.explain = addr_explain,
};

static const struct cmd_entry addr_list_entry = {
	.name = "list",
	.alias = "show",
	.min_args = 0, .max_args = 1, .rest_after = -1,
	.usage = N_("addr list [NODE]"),
	.summary = N_("Addresses of one node, or of all"),
	.help = N_("Lists the IPv4 and IPv6 addresses of NODE (every node and the host if none)."),
	.complete = "NODE",
	.attrs = CMD_NO_RECORD,
	.exec = addr_list_exec,
	.explain = addr_list_explain,
};

static const struct cmd_entry *const addr_subs[] = {
	&addr_add_entry, &addr_del_entry, &addr_list_entry, NULL,
};

/* `addr` alone lists (as `ip addr` shows); `addr NODE` lists NODE. */
static int cmd_addr_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	(void)ctx;
	if (a->argc == 0) {
		show_addrs(NULL);
		return 0;
	}
	if (a->argc == 1 && (!strcmp(a->argv[0], "host") || node_exists(a->argv[0]))) {
		show_addrs(a->argv[0]);
		return 0;
	}
	err_set(e, _("'%s' is not a subcommand of '%s' (add|del|list)"), a->argv[0], "addr");
	return err_hint(e, _("usage: %s (more in 'help %s')"), _(a->entry->usage), "addr");
}

const struct cmd_entry cmd_addr_entry = {
	.name = "addr",
	.alias = "address",
	.min_args = 0, .max_args = -1, .rest_after = -1,
	.usage = N_("addr add|del CIDR dev IF[@NODE] | addr list [NODE]"),
	.summary = N_("IPv4 and IPv6 addresses"),
	.help = N_("IP addresses of interfaces: 'addr add', 'addr del', 'addr list'."),
	.complete = "SUB",
	.subs = addr_subs,
	.exec = cmd_addr_exec,
};
