/* tui/pane-routes.c: the Routes pane: each namespace's main table
 * (IPv4 then IPv6): destination, gateway, device, scope, protocol. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include "tui-int.h"
#include "../i18n.h"
#include "../world/world.h"
#include "../world/net.h"

struct routes_priv {
	struct diff d;
	bool v6;	/* show IPv6 routes too (F4) */
};

static void routes_draw(struct pane *p)
{
	struct routes_priv *rp = p->priv;
	static const struct tcol cols[] = {
		{ N_("DESTINATION"), 14, 43 }, { N_("VIA"), 9, 39 }, { N_("DEV"), 6, 15 },
		{ N_("SCOPE"), 5, 8 }, { N_("PROTO"), 5, 0 },
	};
	char key[256];
	int nns = world_net_count(), nroutes = 0;

	if (!rp)
		return;
	diff_begin(&rp->d);
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
		bool folded = tui.fold_host && pass == 0;
		char info[64] = "";
		if (folded)
			snprintf(info, sizeof info, ngettext("%d route folded (F5)", "%d routes folded (F5)",
							       (unsigned long)ns->nroutes), ns->nroutes);
		const char *hc[2] = { ns->name, info };
		snprintf(key, sizeof key, "ns:%s", ns->name);
		diff_add(&rp->d, key, color, 0, DROW_HEADER, 2, hc);
		for (int k = 0; k < ns->nroutes && !folded; k++) {
			const struct net_route *r = &ns->routes[k];
			if (r->family == AF_INET6 && !rp->v6)
				continue;
			nroutes++;
			char dst[NET_CIDR_MAX + 16];
			if (r->type[0] && strcmp(r->type, "unicast"))
				snprintf(dst, sizeof dst, "%s %s", r->type, r->dst);
			else
				snprintf(dst, sizeof dst, "%s", r->dst);
			snprintf(key, sizeof key, "%s/%d/%s/%s/%u", ns->name, r->family, r->dst,
				 r->dev, r->metric);
			const char *c[5] = { dst, r->gw, r->dev, r->scope, r->proto };
			diff_add(&rp->d, key, color, 0, 0, 5, c);
		}
	}
	diff_set_view(&rp->d, tui.view);
	diff_end(&rp->d, tui.now);
	diff_expire(&rp->d, tui.now);
	tui_table(p, cols, 5, &rp->d);
	snprintf(p->badge, sizeof p->badge,
		 rp->v6 ? ngettext("%d route, IPv4+IPv6 (F4)", "%d routes, IPv4+IPv6 (F4)", (unsigned long)nroutes)
			: ngettext("%d route, IPv4 (F4: +IPv6)", "%d routes, IPv4 (F4: +IPv6)", (unsigned long)nroutes),
		 nroutes);
}

static bool routes_key(struct pane *p, int key)
{
	struct routes_priv *rp = p->priv;
	if (key == TK_TOGGLE && rp) {
		rp->v6 = !rp->v6;
		p->dirty = true;
		return true;
	}
	return false;
}

const struct pane_class pane_routes_class = {
	.name = "routes",
	.title = N_("Routes"),
	.watch = WORLD_ROUTES | WORLD_NETNS | WORLD_NODES,
	.draw = routes_draw,
	.key = routes_key,
	.priv_size = sizeof(struct routes_priv),
	.linger_ms = 3000,
};
