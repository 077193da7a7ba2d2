/* tui/pane-topo.c: the Topology pane: namespaces as boxes with their
 * interfaces, veth pairs as lines, bridges as switches, laid out by
 * topo.c (stable as things are added) from the world's network model. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include "tui-int.h"
#include "topo.h"
#include "../i18n.h"
#include "../world/world.h"
#include "../world/net.h"

struct topo_priv {
	struct diff d;		/* first (priv_size); one row per box: the "new" highlight */
	struct topo t;
	struct topo_if *ifs;
	int capifs;
	char boxes[4096];	/* names last drawn, to highlight newcomers */
};

static void topo_pane_init(struct pane *p)
{
	struct topo_priv *tp = p->priv;
	if (tp)
		topo_init(&tp->t);
}

static void topo_pane_free(struct pane *p)
{
	struct topo_priv *tp = p->priv;
	if (tp) {
		topo_free(&tp->t);
		free(tp->ifs);
	}
}

static void first_addr(const struct net_ns *ns, int index, char *buf, size_t n)
{
	buf[0] = 0;
	for (int i = 0; i < ns->naddrs; i++)
		if (ns->addrs[i].index == index && ns->addrs[i].family == AF_INET) {
			snprintf(buf, n, "%.47s", ns->addrs[i].cidr);
			return;
		}
}

static void build(struct topo_priv *tp)
{
	int nns = world_net_count();
	topo_clear(&tp->t);
	diff_begin(&tp->d);
	for (int i = 0; i < nns; i++) {
		const struct net_ns *ns = world_net_ns_at(i);
		int n = 0;
		if (!ns || (tui.fold_host && !strcmp(ns->name, "host")))
			continue;
		if (ns->nlinks > tp->capifs) {
			struct topo_if *f = realloc(tp->ifs, (size_t)ns->nlinks * sizeof *f);
			if (!f)
				continue;
			tp->ifs = f;
			tp->capifs = ns->nlinks;
		}
		for (int k = 0; k < ns->nlinks; k++) {
			const struct net_link *l = &ns->links[k];
			if (!strcmp(l->kind, "loopback"))
				continue;	/* the slides do not draw lo */
			struct topo_if *f = &tp->ifs[n++];
			memset(f, 0, sizeof *f);
			f->index = l->index;
			snprintf(f->name, sizeof f->name, "%s", l->name);
			first_addr(ns, l->index, f->label, sizeof f->label);
			f->flags = (l->up ? TIF_UP : 0) | (!strcmp(l->kind, "bridge") ? TIF_BRIDGE : 0);
			f->master = l->master;
		}
		int color = tui_ns_color(ns->name);
		topo_add_box(&tp->t, ns->name, color, tp->ifs, n);
		const char *c[1] = { ns->name };
		diff_add(&tp->d, ns->name, color, 0, 0, 1, c);
		/* its interfaces too, so a new one can be highlighted */
		for (int k = 0; k < n; k++) {
			char key[TOPO_NAME_MAX + 24];
			const char *ic[1] = { tp->ifs[k].name };
			snprintf(key, sizeof key, "if:%s/%d", ns->name, tp->ifs[k].index);
			diff_add(&tp->d, key, color, 0, 0, 1, ic);
		}
	}
	for (int i = 0; i < nns; i++) {
		const struct net_ns *ns = world_net_ns_at(i);
		if (!ns)
			continue;
		for (int k = 0; k < ns->nlinks; k++) {
			const struct net_link *l = &ns->links[k];
			if (strcmp(l->kind, "veth") || !l->peer[0] || !l->peer_ns[0])
				continue;
			const struct net_ns *pns = world_net_ns(l->peer_ns);
			const struct net_link *pl = pns ? net_ns_link(pns, l->peer) : NULL;
			if (pl)
				topo_add_wire(&tp->t, ns->name, l->index, pns->name, pl->index, 0);
		}
	}
	diff_set_view(&tp->d, tui.view);
	diff_end(&tp->d, tui.now);
}

static void topo_pane_draw(struct pane *p)
{
	struct topo_priv *tp = p->priv;
	struct topo_grid g;
	int rows = pane_rows(p);

	if (!tp)
		return;
	build(tp);
	topo_layout(&tp->t, p->cw - 1);
	if (topo_render(&tp->t, &g) < 0)
		return;
	pane_clamp_scroll(p, g.h, rows);
	p->nrows = g.h;
	for (int r = 0; r < rows; r++) {
		int y = p->scroll + r;
		wmove(p->win, 1 + r, 0);
		if (y >= g.h)
			continue;
		for (int x = 0; x < g.w && x + 1 < p->cw; x++) {
			const struct topo_cell *c = &g.cells[y * g.w + x];
			attr_t a = tui_color_attr(c->color);
			if (c->attr & TCELL_TITLE)
				a |= A_BOLD;
			if (c->attr & TCELL_DIM)
				a |= A_DIM;
			if (!c->ch) {
				waddch(p->win, ' ');
				continue;
			}
			cchar_t cc;
			wchar_t s[2] = { (wchar_t)c->ch, 0 };
			setcchar(&cc, s, a, PAIR_NUMBER(a), NULL);
			wadd_wch(p->win, &cc);
		}
	}
	/* what just appeared in reverse: a namespace's title, an interface */
	for (size_t i = 0; i < tp->d.n; i++) {
		const struct diff_row *dr = &tp->d.rows[i];
		if (!diff_is_new(&tp->d, dr, tui.now))
			continue;
		if (!strncmp(dr->key, "if:", 3)) {
			char nsn[TOPO_NAME_MAX];
			const char *slash = strrchr(dr->key + 3, '/');
			if (!slash || (size_t)(slash - dr->key - 3) >= sizeof nsn)
				continue;
			memcpy(nsn, dr->key + 3, (size_t)(slash - dr->key - 3));
			nsn[slash - dr->key - 3] = 0;
			const struct topo_box *ib = topo_box_find(&tp->t, nsn);
			int idx = atoi(slash + 1);
			for (int k = 0; ib && k < ib->nifs; k++) {
				const struct topo_if *f = &ib->ifs[k];
				int y = f->y - p->scroll;
				if (f->index != idx || f->y < 0 || y < 0 || y >= rows)
					continue;
				int x = ib->x + 2 + (f->depth ? 2 : 0) + ((f->flags & TIF_BRIDGE) ? 4 : 0);
				int room = ib->x + ib->w - 2 - x;
				if (room > p->cw - 1 - x)
					room = p->cw - 1 - x;
				if (room > 0)
					tui_put(p->win, 1 + y, x, f->name, room,
						tui_color_attr(ib->color) | A_REVERSE | A_BOLD, false);
			}
			continue;
		}
		const struct topo_box *b = topo_box_find(&tp->t, dr->key);
		if (!b)
			continue;
		int y = b->y - p->scroll;
		if (y >= 0 && y < rows)
			tui_put(p->win, 1 + y, b->x + 3, b->name, b->w - 6,
				tui_color_attr(b->color) | A_REVERSE | A_BOLD, false);
	}
	uint64_t dl = diff_deadline(&tp->d, tui.now);
	if (dl)
		p->deadline = dl;
	int l = snprintf(p->badge, sizeof p->badge, ngettext("%d namespace", "%d namespaces", tp->t.nbox),
			 tp->t.nbox);
	if (l > 0 && (size_t)l < sizeof p->badge)
		l += snprintf(p->badge + l, sizeof p->badge - (size_t)l, ", ");
	if (l > 0 && (size_t)l < sizeof p->badge)
		l += snprintf(p->badge + l, sizeof p->badge - (size_t)l,
			      ngettext("%d veth pair", "%d veth pairs", tp->t.nwire), tp->t.nwire);
	/* a cable with no room to be drawn truthfully is left out: say so */
	if (tp->t.hidden && l > 0 && (size_t)l < sizeof p->badge)
		snprintf(p->badge + l, sizeof p->badge - (size_t)l,
			 ngettext(", %d not drawn (F3: wider)", ", %d not drawn (F3: wider)", tp->t.hidden),
			 tp->t.hidden);
	topo_grid_free(&g);
}

const struct pane_class pane_topo_class = {
	.name = "topo",
	.title = N_("Topology"),
	.watch = WORLD_LINKS | WORLD_ADDRS | WORLD_NETNS | WORLD_NODES,
	.init = topo_pane_init,
	.draw = topo_pane_draw,
	.free = topo_pane_free,
	.priv_size = sizeof(struct topo_priv),
	.linger_ms = 0,
};
