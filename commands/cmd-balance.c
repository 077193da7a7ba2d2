/* cmd-balance.c: `balance add VIP:PORT@NODE BACKEND:PORT ...`,
 * `balance del VIP:PORT@NODE`, `balance list`: a round-robin TCP load
 * balancer in NODE, one nftables table of aisla's per service, whose map
 * follows the backends' nodes (see balance.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include "balance.h"
#include "nft.h"
#include "net.h"
#include "node.h"
#include "../shell/cmd.h"
#include "../shell/i18n.h"
#include "../shell/journal.h"
#include "../shell/out.h"

struct lb_plan {
	char vip[INET_ADDRSTRLEN], port[8], node[NODE_NAME_MAX + 1];
	char table[NFT_TABLE_MAX];
	int n;
	char addr[BALANCE_MAX_BACKENDS][INET_ADDRSTRLEN], bport[BALANCE_MAX_BACKENDS][8];
	char backends[BALANCE_MAX_BACKENDS * 24];	/* "A:P,B:P" */
};

/* "ADDR:PORT" -> addr, port (1-65535, digits only). */
static int lb_addr_port(const char *w, char *addr, char *port, struct err *e)
{
	const char *colon = strrchr(w, ':');
	struct in_addr in;
	char a[INET_ADDRSTRLEN + 1];

	if (!colon || (size_t)(colon - w) >= sizeof a) {
		err_set(e, _("'%s' is not ADDRESS:PORT"), w);
		return err_hint(e, _("an IPv4 address and a TCP port, e.g. '10.0.0.10:80'"));
	}
	snprintf(a, sizeof a, "%.*s", (int)(colon - w), w);
	if (inet_pton(AF_INET, a, &in) != 1) {
		err_set(e, _("'%s' is not an IPv4 address"), a);
		return err_hint(e, _("the balancer works with IPv4 addresses, e.g. '10.0.0.10:80'"));
	}
	const char *p = colon + 1;
	size_t pl = strlen(p);
	char *end;
	unsigned long v = strtoul(p, &end, 10);
	if (!pl || pl > 5 || *end || p[0] == '+' || p[0] == '-' || v < 1 || v > 65535) {
		err_set(e, _("port '%s' of '%s' is out of range"), p, w);
		return err_hint(e, _("a TCP port is a number from 1 to 65535"));
	}
	inet_ntop(AF_INET, &in, addr, INET_ADDRSTRLEN);
	snprintf(port, 8, "%lu", v);
	return 0;
}

/* "VIP:PORT@NODE" */
static int lb_service(const char *w, struct lb_plan *p, struct err *e)
{
	const char *at = strrchr(w, '@');
	char sp[64];

	if (!at || (size_t)(at - w) >= sizeof sp) {
		err_set(e, _("'%s' is not VIP:PORT@NODE"), w);
		return err_hint(e, _("the virtual address, its port and the node that balances, "
				     "e.g. '10.0.0.100:80@lb'"));
	}
	snprintf(sp, sizeof sp, "%.*s", (int)(at - w), w);
	if (node_name_valid(at + 1, e) < 0 || lb_addr_port(sp, p->vip, p->port, e) < 0)
		return -1;
	snprintf(p->node, sizeof p->node, "%s", at + 1);
	snprintf(p->table, sizeof p->table, "aisla_lb_%s_%s", p->vip, p->port);
	for (char *c = p->table; *c; c++)
		if (*c == '.')
			*c = '_';
	return 0;
}

static int lb_parse(const struct args *a, void *plan, struct err *e)
{
	struct lb_plan *p = plan;

	memset(p, 0, sizeof *p);
	if (lb_service(a->argv[0], p, e) < 0)
		return -1;
	if (a->argc - 1 > BALANCE_MAX_BACKENDS) {
		err_set(e, _("%d backends: a balancer takes at most %d"), a->argc - 1, BALANCE_MAX_BACKENDS);
		return err_hint(e, _("split them over two services"));
	}
	size_t len = 0;
	for (int i = 1; i < a->argc; i++) {
		if (lb_addr_port(a->argv[i], p->addr[p->n], p->bport[p->n], e) < 0)
			return -1;
		for (int j = 0; j < p->n; j++)
			if (!strcmp(p->addr[j], p->addr[p->n]) && !strcmp(p->bport[j], p->bport[p->n])) {
				err_set(e, _("backend '%s' is given twice"), a->argv[i]);
				return err_hint(e, _("name each backend once"));
			}
		if (!strcmp(p->addr[p->n], p->vip)) {
			err_set(e, _("backend '%s' is the virtual address itself"), a->argv[i]);
			return err_hint(e, _("the backends are the nodes that answer, each with its own address"));
		}
		len += (size_t)snprintf(p->backends + len, sizeof p->backends - len, "%s%s:%s",
					len ? "," : "", p->addr[p->n], p->bport[p->n]);
		p->n++;
	}
	return 0;
}

static int lb_need_node(const char *node, struct err *e)
{
	if (!node_exists(node) || !strcmp(node, "host")) {
		if (strcmp(node, "host")) {
			err_set(e, _("node '%s' does not exist"), node);
			return node_unknown_hint(node, e);
		}
		err_set(e, _("the balancer goes in a node, not in the host"));
		return err_hint(e, _("'node list' shows the nodes; the balancer is a node of its own, "
				     "e.g. 'netns add lb'"));
	}
	return 0;
}

/* ---- balance add ---- */

static int add_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	(void)ctx;
	struct lb_plan *p = a->plan;

	if (lb_need_node(p->node, e) < 0)
		return -1;
	balance_hooks_init();
	/* Every backend must be reachable from the balancer, and be a node. */
	for (int i = 0; i < p->n; i++) {
		struct in_addr in;
		char owner[NODE_NAME_MAX + 8];
		bool up;
		inet_pton(AF_INET, p->addr[i], &in);
		if (!rt_addr_owner(&in, owner, sizeof owner, &up)) {
			err_set(e, _("backend '%s' is unreachable: no node has the address %s"),
				p->addr[i], p->addr[i]);
			return err_hint(e, _("give a node that address first ('addr add %s/24 dev IF@NODE'), "
					     "or check it with 'addr list'"), p->addr[i]);
		}
		if (strcmp(owner, p->node) && !rt_covers_any(p->node, &in)) {
			err_set(e, _("backend '%s' is unreachable from '%s': it has no route there"),
				p->addr[i], p->node);
			return err_hint(e, _("join '%s' to the backends' network (veth, bridge) or add a route: "
					     "'route add %s via GW -n %s'"), p->node, p->addr[i], p->node);
		}
	}
	char live[256], rules[1600], body[2400], ex[4][300];
	struct jrec r;
	memset(&r, 0, sizeof r);
	snprintf(r.kind, sizeof r.kind, "nft");
	snprintf(r.name, sizeof r.name, "%s@%s", p->table, p->node);
	r.nkv = 1;
	snprintf(r.key[0], sizeof r.key[0], "backends");
	snprintf(r.val[0], sizeof r.val[0], "%s", p->backends);
	balance_live(&r, live, sizeof live);
	if (balance_rules(p->vip, p->port, live, rules, sizeof rules) < 0)
		return err_set(e, _("the balancer's rules are too long"));
	snprintf(body, sizeof body,
		 "add chain %%T prerouting { type nat hook prerouting priority dstnat; }\n"
		 "add chain %%T output { type nat hook output priority -100; }\n"
		 "add chain %%T postrouting { type nat hook postrouting priority srcnat; }\n"
		 "add rule %%T postrouting ct original ip daddr %s meta l4proto tcp "
		 "ct original proto-dst %s masquerade\n%s",
		 p->vip, p->port, rules);
	snprintf(ex[0], sizeof ex[0], "vip=%s", p->vip);
	snprintf(ex[1], sizeof ex[1], "port=%s", p->port);
	snprintf(ex[2], sizeof ex[2], "backends=%s", p->backends);
	unsigned long seq;
	if (nft_table_create(p->node, "ip", p->table, body, JKV(ex[0], ex[1], ex[2]), &seq, e) < 0)
		return -1;
	balance_wrote(seq, live);
	int nlive = 0;
	for (const char *c = live; *c; c++)
		nlive += *c == ',';
	nlive += live[0] != '\0';
	out_printf(_("balancer %s:%s in '%s': %d backends, %d up now\n"), p->vip, p->port, p->node, p->n, nlive);
	return 0;
}

static void add_explain(struct cmd_ctx *ctx, const struct args *a)
{
	struct lb_plan *p = a->plan;
	char map[BALANCE_MAX_BACKENDS * 32] = "";
	size_t len = 0;

	for (int i = 0; i < p->n; i++)
		len += (size_t)snprintf(map + len, sizeof map - len, "%s%d : %s . %s", i ? ", " : "", i,
					p->addr[i], p->bport[i]);
	const char *pre = node_shq(p->node);
	cmd_explain(ctx, "ip netns exec %s nft add table ip %s", pre, p->table);
	cmd_explain(ctx, "ip netns exec %s nft add chain ip %s prerouting '{ type nat hook prerouting priority dstnat; }'",
		    pre, p->table);
	cmd_explain(ctx, "ip netns exec %s nft add chain ip %s output '{ type nat hook output priority -100; }'",
		    pre, p->table);
	cmd_explain(ctx, "ip netns exec %s nft add chain ip %s postrouting '{ type nat hook postrouting priority srcnat; }'",
		    pre, p->table);
	cmd_explain(ctx, "ip netns exec %s nft add rule ip %s prerouting ip daddr %s tcp dport %s "
		    "dnat to numgen inc mod %d map '{ %s }'", pre, p->table, p->vip, p->port, p->n, map);
	cmd_explain(ctx, "ip netns exec %s nft add rule ip %s output ip daddr %s tcp dport %s "
		    "dnat to numgen inc mod %d map '{ %s }'", pre, p->table, p->vip, p->port, p->n, map);
	cmd_explain(ctx, "ip netns exec %s nft add rule ip %s postrouting ct original ip daddr %s "
		    "meta l4proto tcp ct original proto-dst %s masquerade", pre, p->table, p->vip, p->port);
}

static const struct cmd_entry balance_add_entry = {
	.name = "add",
	.min_args = 2, .max_args = 1 + BALANCE_MAX_BACKENDS, .rest_after = -1,
	.usage = N_("balance add VIP:PORT@NODE BACKEND:PORT ..."),
	.summary = N_("A round-robin balancer for a virtual address in a node"),
	.help = N_("Connections to VIP:PORT that reach NODE (or start in it) go to the backends "
		   "in turn: nftables' 'dnat to numgen inc mod N map { 0 : A . P, 1 : ... }'. A "
		   "backend whose node is down (its interface down or gone, or its command ended) "
		   "leaves the map, and comes back when its node does."),
	.complete = "WORD WORD *",
	.attrs = CMD_ROOT,
	.parse = lb_parse, .plan_size = sizeof(struct lb_plan),
	.exec = add_exec,
	.explain = add_explain,
};

/* ---- balance del ---- */

static int del_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	(void)ctx;
	struct lb_plan p;
	struct jrec r;
	char jname[NFT_TABLE_MAX + NODE_NAME_MAX + 2];

	memset(&p, 0, sizeof p);
	if (lb_service(a->argv[0], &p, e) < 0)
		return -1;
	snprintf(jname, sizeof jname, "%s@%s", p.table, p.node);
	if (journal_find("nft", jname, &r) < 0) {
		err_set(e, _("there is no balancer %s:%s in '%s'"), p.vip, p.port, p.node);
		return err_hint(e, _("'balance list' shows them"));
	}
	return nft_table_delete(&r, e);
}

static void del_explain(struct cmd_ctx *ctx, const struct args *a)
{
	struct lb_plan p;
	struct err e = ERR_INIT;

	memset(&p, 0, sizeof p);
	if (lb_service(a->argv[0], &p, &e) == 0)
		cmd_explain(ctx, "ip netns exec %s nft delete table ip %s", node_shq(p.node), p.table);
}

static const struct cmd_entry balance_del_entry = {
	.name = "del",
	.min_args = 1, .max_args = 1, .rest_after = -1,
	.usage = N_("balance del VIP:PORT@NODE"),
	.summary = N_("Remove a balancer aisla made"),
	.attrs = CMD_ROOT,
	.exec = del_exec,
	.explain = del_explain,
};

/* ---- balance list ---- */

static int list_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	(void)ctx, (void)a;
	struct jrec *recs;
	size_t n;
	int shown = 0;

	balance_hooks_init();
	if (journal_load(&recs, &n, e) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		const struct jrec *r = &recs[i];
		if (strcmp(r->kind, "nft") || !jrec_get(r, "vip"))
			continue;
		char live[256];
		balance_live(r, live, sizeof live);
		out_printf(_("%s:%s in '%s' (table %.*s)\n"), jrec_get(r, "vip"), jrec_get(r, "port"),
			   jrec_get(r, "node"), (int)strcspn(r->name, "@"), r->name);
		const char *b = jrec_get(r, "backends");
		while (b && *b) {
			size_t k = strcspn(b, ",");
			char one[32];
			snprintf(one, sizeof one, "%.*s", (int)(k < 31 ? k : 31), b);
			b += k + (b[k] == ',');
			/* Is it in the live list? */
			bool up = false;
			for (const char *l = live; *l;) {
				size_t m = strcspn(l, ",");
				up |= m == strlen(one) && !strncmp(l, one, m);
				l += m + (l[m] == ',');
			}
			out_printf("  %-22s %s\n", one, up ? _("up") : _("down (out of the map)"));
		}
		shown++;
	}
	free(recs);
	if (!shown)
		out_printf("%s\n", _("no balancers"));
	return 0;
}

static void list_explain(struct cmd_ctx *ctx, const struct args *a)
{
	(void)a;
	cmd_explain(ctx, "for n in $(ip netns list | cut -d' ' -f1); do ip netns exec \"$n\" nft list ruleset; done");
}

static const struct cmd_entry balance_list_entry = {
	.name = "list",
	.min_args = 0, .max_args = 0, .rest_after = -1,
	.usage = N_("balance list"),
	.summary = N_("The balancers and which backends are up"),
	.attrs = CMD_ROOT | CMD_NO_RECORD,
	.exec = list_exec,
	.explain = list_explain,
};

static const struct cmd_entry *const balance_subs[] = {
	&balance_add_entry, &balance_del_entry, &balance_list_entry, NULL,
};

static int balance_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	if (a->argc == 0)
		return list_exec(ctx, a, e);
	err_set(e, _("'%s' is not a subcommand of '%s'"), a->argv[0], "balance");
	return err_hint(e, _("the subcommands of '%s' are: %s"), "balance", "add, del, list");
}

const struct cmd_entry cmd_balance_entry = {
	.name = "balance",
	.min_args = 0, .max_args = -1, .rest_after = -1,
	.usage = N_("balance add|del|list ..."),
	.summary = N_("A round-robin load balancer in a node (nftables)"),
	.help = N_("A load balancer as orchestrators put in front of copies of a service:\n"
		   "  balance add VIP:PORT@NODE BACKEND:PORT ...\n"
		   "  balance del VIP:PORT@NODE\n"
		   "  balance list\n"
		   "Connections to the virtual address VIP:PORT through NODE are spread over the "
		   "backends in turn (nftables: 'dnat to numgen inc mod N map {...}'), and "
		   "masqueraded so that the backends answer through NODE. Each balancer is one "
		   "nftables table of aisla's in NODE, 'aisla_lb_VIP_PORT', made through "
		   "libnftables; 'balance del' and 'reset' remove it.\n\n"
		   "A backend whose node is down (its address gone or its interface down, or the "
		   "node's command ended: see 'restart') leaves the map, and comes back when the "
		   "node does. aisla rewrites the map on events, not by polling: after each command, "
		   "when a node's command ends or is restarted (SIGCHLD in aisla's loop), and on the "
		   "kernel's link and address events while the panes are live. When aisla is not "
		   "running, the map stays as it was last written. TCP only."),
	.complete = "SUB",
	.attrs = CMD_NO_RECORD,
	.subs = balance_subs,
	.exec = balance_exec,
};
