/* balance.c: the balancers' live maps, rewritten on events (see
 * balance.h), and the network questions nat and balance ask the world
 * model (addresses, routes, links of a node). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include "balance.h"
#include "nft.h"
#include "net.h"
#include "node.h"
#include "restart.h"
#include "../shell/cmd.h"
#include "../shell/i18n.h"
#include "../shell/journal.h"
#include "../shell/loop.h"
#include "../shell/out.h"
#include "../shell/world/net.h"
#include "../shell/world/world.h"

int rt_node_nets(const char *node, char nets[][24], int max)
{
	const struct net_ns *ns = world_net_ns(node);
	int n = 0;

	for (int i = 0; ns && i < ns->naddrs && n < max; i++) {
		const struct net_addr *a = &ns->addrs[i];
		struct net_cidr c;
		struct err e = ERR_INIT;
		if (a->family != AF_INET || strcmp(a->scope, "global") ||
		    net_parse_cidr(a->cidr, &c, &e) < 0)
			continue;
		net_cidr_network(&c);
		bool dup = false;
		for (int j = 0; j < n; j++)
			dup |= !strcmp(nets[j], c.text);
		if (!dup)
			snprintf(nets[n++], 24, "%.23s", c.text);
	}
	return n;
}

/* Does a route of NODE cover addr? with_default: the default route counts. */
static bool rt_covers(const char *node, const struct in_addr *addr, bool with_default)
{
	const struct net_ns *ns = world_net_ns(node);

	for (int i = 0; ns && i < ns->nroutes; i++) {
		const struct net_route *r = &ns->routes[i];
		struct net_cidr c;
		struct err e = ERR_INIT;
		if (r->family != AF_INET || (r->type[0] && strcmp(r->type, "unicast")))
			continue;
		if (!strcmp(r->dst, "default")) {
			if (with_default)
				return true;
			continue;
		}
		if (net_parse_cidr(r->dst, &c, &e) == 0 &&
		    net_cidr_contains(&c, (const unsigned char *)addr, AF_INET))
			return true;
	}
	return false;
}

bool rt_reaches(const char *node, const struct in_addr *addr)
{
	return rt_covers(node, addr, false);
}

bool rt_covers_any(const char *node, const struct in_addr *addr)
{
	return rt_covers(node, addr, true);
}

struct owner_q {
	const struct in_addr *addr;
	char *node;
	size_t nsz;
	bool *up;
	bool found;
};

static void owner_in(const char *name, void *arg)
{
	struct owner_q *q = arg;
	char want[INET_ADDRSTRLEN];

	if (q->found)
		return;
	const struct net_ns *ns = world_net_ns(name);
	inet_ntop(AF_INET, q->addr, want, sizeof want);
	for (int i = 0; ns && i < ns->naddrs; i++) {
		const struct net_addr *a = &ns->addrs[i];
		if (a->family != AF_INET || strcmp(a->addr, want))
			continue;
		const struct net_link *l = net_ns_link_index(ns, a->index);
		snprintf(q->node, q->nsz, "%s", name);
		*q->up = l && l->up && (l->carrier || !strcmp(l->kind, "loopback"));
		q->found = true;
		return;
	}
}

bool rt_addr_owner(const struct in_addr *addr, char *node, size_t nsz, bool *up)
{
	struct owner_q q = { .addr = addr, .node = node, .nsz = nsz, .up = up };

	node[0] = '\0';
	*up = false;
	owner_in("host", &q);
	if (!q.found)
		node_foreach(owner_in, &q);
	return q.found;
}

/* ---- the live maps ---- */

/* What this process last wrote for a balancer (by journal seq). */
#define LB_CACHE 32
static struct { unsigned long seq; char live[256]; } wrote[LB_CACHE];
static int nwrote;
static bool hooked, busy;
static uint64_t pending;

/* The live backends of a record: "A:P,B:P" (those of backends= that are up). */
void balance_live(const struct jrec *r, char *out, size_t sz)
{
	const char *b = jrec_get(r, "backends");
	size_t len = 0;

	out[0] = '\0';
	while (b && *b) {
		char one[32], addr[24];
		size_t n = strcspn(b, ",");
		snprintf(one, sizeof one, "%.*s", (int)(n < 31 ? n : 31), b);
		b += n + (b[n] == ',');
		snprintf(addr, sizeof addr, "%.*s", (int)strcspn(one, ":"), one);
		struct in_addr in;
		char owner[NODE_NAME_MAX + 8];
		bool up;
		if (inet_pton(AF_INET, addr, &in) != 1 || !rt_addr_owner(&in, owner, sizeof owner, &up) || !up)
			continue;
		if (restart_cmd_running(owner) == 0)
			continue;	/* its node's command is down */
		len += (size_t)snprintf(out + len, sz - len, "%s%s", len ? "," : "", one);
		if (len >= sz)
			break;
	}
}

/* The DNAT rule for a live list: "... dnat to numgen inc mod N map {...}". */
int balance_rules(const char *vip, const char *port, const char *live, char *out, size_t sz)
{
	char map[BALANCE_MAX_BACKENDS * 32 + 8];
	size_t len = 0;
	int n = 0;

	map[0] = '\0';
	for (const char *b = live; *b && n < BALANCE_MAX_BACKENDS;) {
		size_t k = strcspn(b, ",");
		const char *colon = memchr(b, ':', k);
		if (!colon)
			break;
		len += (size_t)snprintf(map + len, sizeof map - len, "%s%d : %.*s . %.*s", n ? ", " : "", n,
					(int)(colon - b), b, (int)(k - (size_t)(colon - b) - 1), colon + 1);
		n++;
		b += k + (b[k] == ',');
		if (len >= sizeof map)
			return -1;
	}
	if (!n) {
		out[0] = '\0';
		return 0;
	}
	int w = snprintf(out, sz,
			 "add rule %%T prerouting ip daddr %s tcp dport %s dnat to numgen inc mod %d map { %s }\n"
			 "add rule %%T output ip daddr %s tcp dport %s dnat to numgen inc mod %d map { %s }\n",
			 vip, port, n, map, vip, port, n, map);
	return w < 0 || (size_t)w >= sz ? -1 : n;
}

static void lb_rewrite(const struct jrec *r, const char *live)
{
	struct err e = ERR_INIT;
	char rules[1600], script[2000], table[NFT_TABLE_MAX + 8];
	const char *at = strrchr(r->name, '@');

	if (!at || nft_table_ours(r, &e) != 1)
		return;
	snprintf(table, sizeof table, "ip %.*s", (int)(at - r->name), r->name);
	if (balance_rules(jrec_get(r, "vip"), jrec_get(r, "port"), live, rules, sizeof rules) < 0)
		return;
	/* %T by hand: one transaction, both chains flushed and refilled. */
	char *w = script;
	size_t left = sizeof script;
	int k = snprintf(w, left, "flush chain %s prerouting\nflush chain %s output\n", table, table);
	w += k;
	left -= (size_t)k;
	for (const char *p = rules; *p && left > 1;) {
		if (p[0] == '%' && p[1] == 'T') {
			k = snprintf(w, left, "%s", table);
			if ((size_t)k >= left)
				return;
			w += k;
			left -= (size_t)k;
			p += 2;
		} else {
			*w++ = *p++;
			left--;
		}
	}
	*w = '\0';
	if (nft_run(jrec_get(r, "node"), script, NULL, &e) < 0) {
		err_wrap(&e, _("balance: could not update the balancer '%s': "), r->name);
		err_print(&e);
	}
}

void balance_refresh(void)
{
	struct jrec *recs;
	size_t n;
	struct err e = ERR_INIT;

	if (busy)
		return;
	busy = true;
	if (journal_load(&recs, &n, &e) < 0) {
		busy = false;
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const struct jrec *r = &recs[i];
		if (strcmp(r->kind, "nft") || !r->confirmed || !jrec_get(r, "vip"))
			continue;
		char live[256];
		balance_live(r, live, sizeof live);
		int k;
		for (k = 0; k < nwrote && wrote[k].seq != r->seq; k++)
			;
		if (k < nwrote && !strcmp(wrote[k].live, live))
			continue;
		lb_rewrite(r, live);
		if (k == nwrote && nwrote < LB_CACHE)
			nwrote++;
		if (k < LB_CACHE) {
			wrote[k].seq = r->seq;
			snprintf(wrote[k].live, sizeof wrote[k].live, "%s", live);
		}
	}
	free(recs);
	busy = false;
}

/* Remember what balance add wrote, so the next refresh does not redo it. */
void balance_wrote(unsigned long seq, const char *live)
{
	int k;

	for (k = 0; k < nwrote && wrote[k].seq != seq; k++)
		;
	if (k == nwrote && nwrote < LB_CACHE)
		nwrote++;
	if (k < LB_CACHE) {
		wrote[k].seq = seq;
		snprintf(wrote[k].live, sizeof wrote[k].live, "%s", live);
	}
}

static void refresh_timer(void *arg)
{
	(void)arg;
	pending = 0;
	balance_refresh();
}

/* Coalesce a burst of events into one refresh on the next loop turn. */
static void poke(void)
{
	if (!pending)
		pending = loop_add_timer(20, refresh_timer, NULL);
}

void balance_node_event(const char *node)
{
	(void)node;
	if (hooked)
		poke();
}

static void on_world(unsigned what, void *arg)
{
	(void)arg;
	if (what & (WORLD_LINKS | WORLD_ADDRS | WORLD_NETNS | WORLD_NODES))
		poke();
}

void balance_hooks_init(void)
{
	if (hooked)
		return;
	hooked = true;
	world_watch(on_world, NULL);
}

void balance_after_command(struct cmd_ctx *ctx, const struct args *a, char *const *explain,
			   int nexplain)
{
	(void)ctx, (void)a, (void)explain, (void)nexplain;
	static bool looked;

	/* Once per process: balancers made by an earlier session are kept
	 * current too. */
	if (!looked) {
		looked = true;
		struct jrec *recs;
		size_t n;
		struct err e = ERR_INIT;
		if (journal_load(&recs, &n, &e) == 0) {
			for (size_t i = 0; i < n; i++)
				if (!strcmp(recs[i].kind, "nft") && jrec_get(&recs[i], "vip"))
					balance_hooks_init();
			free(recs);
		}
	}
	if (hooked)
		balance_refresh();
}
