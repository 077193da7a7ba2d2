/* tui/pane-links.c: the Interfaces pane. Every network namespace the
 * world knows (host first, then nodes, then others), each with its
 * links: name, kind, state, veth peer as name@node, bridge, MAC and
 * addresses, in the namespace's colour. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include "tui-int.h"
#include "../i18n.h"
#include "../world/world.h"
#include "../world/net.h"

struct links_priv {
	struct diff d;		/* first: the core makes it (priv_size) */
};

/* Addresses of link index in ns, joined with spaces. */
static void addrs_of(const struct net_ns *ns, int index, char *buf, size_t n)
{
	size_t o = 0;
	buf[0] = 0;
	for (int i = 0; i < ns->naddrs && o + 2 < n; i++) {
		const struct net_addr *a = &ns->addrs[i];
		if (a->index != index)
			continue;
		/* IPv6 link-local addresses are noise for the course */
		if (a->family == AF_INET6 && !strcmp(a->scope, "link"))
			continue;
		o += (size_t)snprintf(buf + o, n - o, "%s%s", o ? " " : "", a->cidr);
	}
	if (o >= n)
		buf[n - 1] = 0;
}

static void links_draw(struct pane *p)
{
	struct links_priv *lp = p->priv;
	static const struct tcol cols[] = {
		{ N_("IF"), 6, 15 }, { N_("KIND"), 8, 8 }, { N_("STATE"), 7, 14 },
		{ N_("PEER"), 10, 24 }, { N_("BRIDGE"), 6, 15 }, { N_("MAC"), 3, 17 },
		{ N_("ADDRESSES"), 18, 0 },
	};
	static const struct tcol ncols_[] = {
		{ N_("IF"), 6, 15 }, { N_("KIND"), 8, 8 }, { N_("STATE"), 7, 14 },
		{ N_("PEER"), 10, 24 }, { N_("BRIDGE"), 6, 15 }, { N_("ADDRESSES"), 18, 0 },
	};
	static const struct tcol wcols[] = {
		{ N_("IF"), 6, 15 }, { N_("STATE"), 7, 14 }, { N_("PEER"), 10, 24 },
		{ N_("BRIDGE"), 6, 15 }, { N_("ADDRESSES"), 18, 0 },
	};
	char key[128], peer[96], addrs[512], state[32];
	int nns = world_net_count(), nlinks = 0;

	if (!lp)
		return;
	diff_begin(&lp->d);
	/* host first, then aisla's nodes, then namespaces others made */
	for (int pass = 0; pass < 3; pass++)
	for (int i = 0; i < nns; i++) {
		const struct net_ns *ns = world_net_ns_at(i);
		if (!ns)
			continue;
		int group = !strcmp(ns->name, "host") ? 0 : ns->foreign ? 2 : 1;
		if (group != pass)
			continue;
		int color = tui_ns_color(ns->name);
		char info[96];
		snprintf(info, sizeof info, "%s%s", ns->foreign ? _("(not aisla's) ") : "",
			 ns->forward4 == 1 ? _("forwarding on") : "");
		bool folded = tui.fold_host && pass == 0;
		if (folded)
			snprintf(info, sizeof info, ngettext("%d interface folded (F5)", "%d interfaces folded (F5)",
							       (unsigned long)ns->nlinks), ns->nlinks);
		const char *hc[2] = { ns->name, info };
		snprintf(key, sizeof key, "ns:%s", ns->name);
		diff_add(&lp->d, key, color, 0, DROW_HEADER, 2, hc);
		for (int k = 0; k < ns->nlinks && !folded; k++) {
			const struct net_link *l = &ns->links[k];
			nlinks++;
			peer[0] = 0;
			if (l->peer[0])
				snprintf(peer, sizeof peer, "%s@%s", l->peer, l->peer_ns[0] ? l->peer_ns : "?");
			else if (l->peer_index)
				snprintf(peer, sizeof peer, "#%d@?", l->peer_index);
			addrs_of(ns, l->index, addrs, sizeof addrs);
			if (l->up && !l->carrier && strcmp(l->kind, "loopback"))
				snprintf(state, sizeof state, "%s", _("UP no-carrier"));
			else
				snprintf(state, sizeof state, "%s", l->operstate[0] ? l->operstate : (l->up ? "UP" : "DOWN"));
			snprintf(key, sizeof key, "%s/%d", ns->name, l->index);
			if (tui.watch) {
				const char *c[5] = { l->name, state, peer, l->master_name, addrs };
				diff_add(&lp->d, key, color, 0, 0, 5, c);
			} else if (p->cw < 100) {
				const char *c[6] = { l->name, l->kind, state, peer, l->master_name, addrs };
				diff_add(&lp->d, key, color, 0, 0, 6, c);
			} else {
				const char *c[7] = { l->name, l->kind, state, peer, l->master_name, l->mac, addrs };
				diff_add(&lp->d, key, color, 0, 0, 7, c);
			}
		}
	}
	diff_set_view(&lp->d, tui.view);
	diff_end(&lp->d, tui.now);
	diff_expire(&lp->d, tui.now);
	if (tui.watch)
		tui_table(p, wcols, 5, &lp->d);
	else if (p->cw < 100)
		tui_table(p, ncols_, 6, &lp->d);
	else
		tui_table(p, cols, 7, &lp->d);
	/* two counts, two plurals: "1 namespace, 3 interfaces" */
	char ins[64];
	snprintf(ins, sizeof ins, ngettext("%d interface", "%d interfaces", (unsigned long)nlinks), nlinks);
	snprintf(p->badge, sizeof p->badge, ngettext("%d namespace, %s", "%d namespaces, %s",
						      (unsigned long)nns), nns, ins);
}

static bool links_key(struct pane *p, int key)
{
	(void)p;
	(void)key;
	return false;
}

const struct pane_class pane_links_class = {
	.name = "links",
	.title = N_("Interfaces"),
	.watch = WORLD_LINKS | WORLD_ADDRS | WORLD_NETNS | WORLD_NODES,
	.draw = links_draw,
	.key = links_key,
	.priv_size = sizeof(struct links_priv),
	.linger_ms = 3000,
};
