/* tests/unit/topo-layout.c: the topology pane's layout: boxes, wires,
 * bridges, and stability as things are added. */
#include "tap.h"
#include "../../shell/tui/topo.h"

static struct topo_if mkif(int index, const char *name, unsigned flags, int master)
{
	struct topo_if f;
	memset(&f, 0, sizeof f);
	f.index = index;
	snprintf(f.name, sizeof f.name, "%s", name);
	f.flags = flags;
	f.master = master;
	return f;
}

/* The whole drawing as text, one line per row. */
static char *dump(const struct topo *t)
{
	static char out[65536];
	char line[4096];
	struct topo_grid g;
	out[0] = 0;
	if (topo_render(t, &g) < 0)
		return out;
	for (int y = 0; y < g.h; y++) {
		topo_grid_line(&g, y, line, sizeof line);
		strcat(out, line);
		strcat(out, "\n");
	}
	topo_grid_free(&g);
	return out;
}

static const char *grid_line(const struct topo *t, int y)
{
	static char line[4096];
	struct topo_grid g;
	line[0] = 0;
	if (topo_render(t, &g) == 0) {
		topo_grid_line(&g, y, line, sizeof line);
		topo_grid_free(&g);
	}
	return line;
}

static void host_and(struct topo *t, int nnodes, bool wires)
{
	struct topo_if h[3] = { mkif(1, "lo", TIF_UP | TIF_LOOP, 0), mkif(2, "eth0", TIF_UP, 0) };
	static const char *names[] = { "rojo", "azul", "verde", "amarillo" };
	topo_clear(t);
	topo_add_box(t, "host", 0, h, 2);
	for (int i = 0; i < nnodes; i++) {
		struct topo_if f[2] = { mkif(1, "lo", TIF_LOOP, 0), mkif(5 + i, "v-x", TIF_UP, 0) };
		snprintf(f[1].name, sizeof f[1].name, "v-%s", names[i]);
		topo_add_box(t, names[i], i + 1, f, 2);
	}
	if (wires && nnodes >= 2)
		topo_add_wire(t, "rojo", 5, "azul", 6, 0);
}

/* Follow the wire that leaves interface ifname of box ns along the
 * drawing, through crossings, and say where it ends: "box/if", or
 * "JUNCTION" (a ├ ┤ ┬ ┴ ┼ inside the channel), "BROKEN" (the line stops),
 * "NOPORT" (no wire leaves that interface). */
static const char *trace(const struct topo *t, const char *ns, const char *ifname)
{
	static char res[160];
	struct topo_grid g;
	const struct topo_box *b = topo_box_find(t, ns);
	const struct topo_if *f = NULL;
	if (!b)
		return "NOBOX";
	for (int k = 0; k < b->nifs; k++)
		if (!strcmp(b->ifs[k].name, ifname))
			f = &b->ifs[k];
	if (!f || f->y < 0 || topo_render(t, &g) < 0)
		return "NOIF";
	bool left = b->x == 0;
	int y = f->y, x = left ? b->x + b->w - 1 : b->x;
	int dx = left ? 1 : -1, dy = 0;
	snprintf(res, sizeof res, "NOPORT");
	if (g.cells[y * g.w + x].ch != (left ? 0x251cu : 0x2524u))
		goto out;
	snprintf(res, sizeof res, "BROKEN");
	for (int steps = 0; steps < 100000; steps++) {
		x += dx;
		y += dy;
		if (x < 0 || y < 0 || x >= g.w || y >= g.h)
			break;
		uint32_t c = g.cells[y * g.w + x].ch;
		/* arms of the glyph: up, down, left, right */
		int u = 0, d = 0, l = 0, r = 0;
		switch (c) {
		case 0x2500: l = r = 1; break;
		case 0x2502: u = d = 1; break;
		case 0x250c: d = r = 1; break;
		case 0x2510: d = l = 1; break;
		case 0x2514: u = r = 1; break;
		case 0x2518: u = l = 1; break;
		case 0x251c: case 0x2524: {
			/* the other end's port, on a box border */
			for (int i = 0; i < t->nbox; i++) {
				const struct topo_box *o = &t->boxes[i];
				if (y <= o->y || y >= o->y + o->h - 1 ||
				    (x != o->x && x != o->x + o->w - 1))
					continue;
				for (int k = 0; k < o->nifs; k++)
					if (o->ifs[k].y == y)
						snprintf(res, sizeof res, "%s/%s", o->name, o->ifs[k].name);
				goto out;
			}
			snprintf(res, sizeof res, "JUNCTION");
			goto out;
		}
		case 0x252c: case 0x2534: case 0x253c:
			snprintf(res, sizeof res, "JUNCTION");
			goto out;
		default:
			goto out;
		}
		if (c == 0x2502 && dy == 0)
			continue;	/* a crossing: straight on */
		/* came in through the arm opposite to the way we move */
		int in_u = dy > 0, in_d = dy < 0, in_l = dx > 0, in_r = dx < 0;
		if ((in_u && !u) || (in_d && !d) || (in_l && !l) || (in_r && !r))
			goto out;
		u &= !in_u; d &= !in_d; l &= !in_l; r &= !in_r;
		dx = r ? 1 : l ? -1 : 0;
		dy = d ? 1 : u ? -1 : 0;
		if (!dx && !dy)
			goto out;
	}
out:
	topo_grid_free(&g);
	return res;
}

/* The trace from ns/ifname must end at want; the drawing on failure. */
static void trace_is(const struct topo *t, const char *ns, const char *ifname, const char *want,
		     const char *what)
{
	const char *got = trace(t, ns, ifname);
	is_str(got, want, "%s", what);
	if (strcmp(got, want)) {
		const char *d = dump(t);
		for (const char *l = d; *l; ) {
			const char *nl = strchr(l, '\n');
			printf("#   %.*s\n", (int)(nl ? nl - l : (long)strlen(l)), l);
			l = nl ? nl + 1 : l + strlen(l);
		}
	}
}

/* No junction glyph anywhere in the channel. */
static bool no_junctions(const struct topo *t)
{
	struct topo_grid g;
	bool ok_ = true;
	if (topo_render(t, &g) < 0)
		return false;
	for (int y = 0; y < g.h; y++)
		for (int x = t->chan_x; x < t->chan_x + t->chan_w && x < g.w; x++) {
			uint32_t c = g.cells[y * g.w + x].ch;
			if (c == 0x251c || c == 0x2524 || c == 0x252c || c == 0x2534 || c == 0x253c)
				ok_ = false;
		}
	topo_grid_free(&g);
	return ok_;
}

/* The escenario demo's network: exterior - balanceador - br-front with
 * three frontends, br-back with their second legs and two backends, the
 * bridges in the host (demos/escenario.demo). */
static void escenario(struct topo *t)
{
	struct topo_if h[16];
	int n = 0;
	static const char *fh[] = { "lb-fh", "f1-fh", "f2-fh", "f3-fh" };
	static const char *bh[] = { "f1-bh", "f2-bh", "f3-bh", "b1-bh", "b2-bh" };
	topo_clear(t);
	h[n++] = mkif(1, "lo", TIF_UP | TIF_LOOP, 0);
	h[n++] = mkif(2, "eth0", TIF_UP, 0);
	h[n++] = mkif(10, "br-front", TIF_UP | TIF_BRIDGE, 0);
	h[n++] = mkif(11, "br-back", TIF_UP | TIF_BRIDGE, 0);
	for (int i = 0; i < 4; i++)
		h[n++] = mkif(20 + i, fh[i], TIF_UP, 10);
	for (int i = 0; i < 5; i++)
		h[n++] = mkif(30 + i, bh[i], TIF_UP, 11);
	topo_add_box(t, "host", 0, h, n);
	struct topo_if ex[2] = { mkif(1, "lo", TIF_LOOP, 0), mkif(2, "eth0", TIF_UP, 0) };
	topo_add_box(t, "exterior", 1, ex, 2);
	struct topo_if lb[3] = { mkif(1, "lo", TIF_LOOP, 0), mkif(2, "eth0", TIF_UP, 0),
				 mkif(3, "eth1", TIF_UP, 0) };
	topo_add_box(t, "balanceador", 2, lb, 3);
	for (int i = 1; i <= 3; i++) {
		char nm[16];
		snprintf(nm, sizeof nm, "frontend%d", i);
		topo_add_box(t, nm, 2 + i, lb, 3);
	}
	for (int i = 1; i <= 2; i++) {
		char nm[16];
		snprintf(nm, sizeof nm, "backend%d", i);
		topo_add_box(t, nm, 5 + i, ex, 2);
	}
	topo_add_wire(t, "exterior", 2, "balanceador", 2, 0);
	topo_add_wire(t, "host", 20, "balanceador", 3, 0);
	for (int i = 1; i <= 3; i++) {
		char nm[16];
		snprintf(nm, sizeof nm, "frontend%d", i);
		topo_add_wire(t, "host", 20 + i, nm, 2, 0);
		topo_add_wire(t, "host", 30 + i - 1, nm, 3, 0);
	}
	topo_add_wire(t, "host", 33, "backend1", 2, 0);
	topo_add_wire(t, "host", 34, "backend2", 2, 0);
}

int main(void)
{
	struct topo t;
	topo_init(&t);

	/* one namespace */
	host_and(&t, 0, false);
	topo_layout(&t, 80);
	const struct topo_box *h = topo_box_find(&t, "host");
	ok(h != NULL, "host box present");
	is_int(h->x, 0, "host at the left");
	is_int(h->y, 0, "host at the top");
	is_int(h->h, 4, "box height = interfaces + borders");
	const char *l0 = grid_line(&t, 0);
	ok(strstr(l0, "\xe2\x94\x8c\xe2\x94\x80 host ") == l0, "title in the top border: %s", l0);
	ok(strstr(grid_line(&t, 1), "lo") != NULL, "lo listed");
	ok(strstr(grid_line(&t, 2), "eth0") != NULL, "eth0 listed");

	/* two nodes and a veth between them */
	host_and(&t, 2, true);
	topo_layout(&t, 80);
	const struct topo_box *r = topo_box_find(&t, "rojo"), *a = topo_box_find(&t, "azul");
	h = topo_box_find(&t, "host");
	is_int(t.ncols, 2, "two columns at 80 columns");
	is_int(h->col, 0, "host left");
	is_int(r->col, 1, "first node to the right (shorter column)");
	is_int(a->col, 0, "second node below the host (the right one is not shorter)");
	is_int(a->y, h->y + h->h + 1, "stacked under the host with a gap");
	ok(t.wires[0].track == 0, "the veth got track 0");
	{
		const char *d = dump(&t);
		/* rojo's v-rojo (right column, row 2) has a port ┤ on its left border */
		const char *lr = grid_line(&t, r->y + 2);
		ok(strstr(lr, "\xe2\x94\xa4 v-rojo") != NULL, "port on rojo's border: '%s'", lr);
		const char *la = grid_line(&t, a->y + 2);
		ok(strstr(la, "v-azul") && strstr(la, "\xe2\x94\x9c\xe2\x94\x80"), "port on azul's border: '%s'", la);
		/* a vertical run between the two rows in the channel */
		int tx = t.chan_x + 2;
		struct topo_grid g;
		topo_render(&t, &g);
		int yl = r->y + 2 < a->y + 2 ? r->y + 2 : a->y + 2;
		int yh = r->y + 2 < a->y + 2 ? a->y + 2 : r->y + 2;
		bool cont = true;
		for (int y = yl + 1; y < yh; y++)
			if (g.cells[y * g.w + tx].ch != 0x2502)
				cont = false;
		ok(cont, "continuous vertical wire on the track\n%s", d);
		ok(g.cells[(r->y + 2) * g.w + tx].ch == 0x250c, "corner at the upper end (┌)");
		ok(g.cells[(a->y + 2) * g.w + tx].ch == 0x2518, "corner at the lower end (┘)");
		topo_grid_free(&g);
	}

	/* stability: a new namespace does not move the others */
	int hx = h->x, hy = h->y, rx = r->x, ry = r->y, ax = a->x, ay = a->y;
	host_and(&t, 3, true);
	topo_layout(&t, 80);
	h = topo_box_find(&t, "host");
	r = topo_box_find(&t, "rojo");
	a = topo_box_find(&t, "azul");
	const struct topo_box *v = topo_box_find(&t, "verde");
	ok(h->x == hx && h->y == hy && r->x == rx && r->y == ry && a->x == ax && a->y == ay,
	   "existing boxes keep their place when a namespace is added");
	ok(v->y > r->y, "the newcomer goes below");
	is_int(t.wires[0].track, 0, "the wire keeps its track");

	/* stability: input order does not matter (the world sorts by name) */
	{
		struct topo_if f[2] = { mkif(1, "lo", TIF_LOOP, 0), mkif(5, "v-rojo", TIF_UP, 0) };
		struct topo_if g2[2] = { mkif(1, "lo", TIF_LOOP, 0), mkif(6, "v-azul", TIF_UP, 0) };
		struct topo_if hh[2] = { mkif(1, "lo", TIF_UP | TIF_LOOP, 0), mkif(2, "eth0", TIF_UP, 0) };
		struct topo_if vv[2] = { mkif(1, "lo", TIF_LOOP, 0), mkif(7, "v-verde", TIF_UP, 0) };
		topo_clear(&t);
		topo_add_box(&t, "azul", 2, g2, 2);
		topo_add_box(&t, "host", 0, hh, 2);
		topo_add_box(&t, "rojo", 1, f, 2);
		topo_add_box(&t, "verde", 3, vv, 2);
		topo_add_wire(&t, "azul", 6, "rojo", 5, 0);	/* reported from the other end */
		topo_layout(&t, 80);
		r = topo_box_find(&t, "rojo");
		a = topo_box_find(&t, "azul");
		ok(r->x == rx && r->y == ry && a->x == ax && a->y == ay,
		   "places kept whatever order the namespaces come in");
		is_int(t.nwire, 1, "one wire");
		is_int(t.wires[0].track, 0, "same wire from the other end keeps its track");
	}

	/* a second wire gets its own track; removing the first keeps it */
	host_and(&t, 3, true);
	t.boxes[3].ifs[1].index = 7;
	topo_add_wire(&t, "verde", 7, "host", 2, 0);
	topo_layout(&t, 80);
	is_int(t.wires[1].track, 1, "second wire on track 1");
	host_and(&t, 3, false);
	t.boxes[3].ifs[1].index = 7;
	topo_add_wire(&t, "verde", 7, "host", 2, 0);
	topo_layout(&t, 80);
	is_int(t.wires[0].track, 1, "it keeps track 1 when the first wire goes");

	/* a namespace that goes and comes back is new again (below) */
	host_and(&t, 2, true);
	topo_layout(&t, 80);
	ok(topo_box_find(&t, "verde") == NULL, "verde gone");
	host_and(&t, 3, true);
	topo_layout(&t, 80);
	v = topo_box_find(&t, "verde");
	r = topo_box_find(&t, "rojo");
	ok(v && v->seq > r->seq, "it comes back as the newest");

	/* bridge: a switch with its ports beneath */
	{
		struct topo_if hb[5] = {
			mkif(1, "lo", TIF_UP | TIF_LOOP, 0),
			mkif(3, "p1", TIF_UP, 4),
			mkif(4, "br0", TIF_UP | TIF_BRIDGE, 0),
			mkif(5, "p2", TIF_UP, 4),
		};
		topo_clear(&t);
		topo_add_box(&t, "host", 0, hb, 4);
		topo_layout(&t, 80);
		h = topo_box_find(&t, "host");
		ok(strstr(grid_line(&t, 2), "[\xe2\x89\xa1] br0") != NULL, "bridge drawn as a switch: '%s'", grid_line(&t, 2));
		ok(strstr(grid_line(&t, 3), "\xe2\x94\x94 p1") != NULL, "port p1 under its bridge: '%s'", grid_line(&t, 3));
		ok(strstr(grid_line(&t, 4), "\xe2\x94\x94 p2") != NULL, "port p2 under its bridge");
	}

	/* narrow: one column, still every box and a wire */
	host_and(&t, 2, true);
	topo_layout(&t, 30);
	is_int(t.ncols, 1, "one column at 30 columns");
	ok(t.width <= 30, "fits in 30 columns (%d)", t.width);
	r = topo_box_find(&t, "rojo");
	a = topo_box_find(&t, "azul");
	ok(r->x == 0 && a->x == 0 && r->y != a->y, "boxes stacked");
	ok(strstr(grid_line(&t, r->y + 2), "\xe2\x94\x9c") != NULL, "port on the right border");
	/* and back to wide: the remembered columns return */
	topo_layout(&t, 80);
	is_int(topo_box_find(&t, "rojo")->col, 1, "columns remembered across a narrow layout");

	/* many namespaces: bounded width, no crash */
	{
		char nm[16];
		struct topo_if f[2] = { mkif(1, "lo", TIF_LOOP, 0), mkif(2, "v", TIF_UP, 0) };
		struct topo_if hh[1] = { mkif(1, "lo", TIF_UP | TIF_LOOP, 0) };
		topo_clear(&t);
		topo_add_box(&t, "host", 0, hh, 1);
		for (int i = 0; i < 200; i++) {
			snprintf(nm, sizeof nm, "n%03d", i);
			topo_add_box(&t, nm, i % 6 + 1, f, 2);
			if (i % 2)
				topo_add_wire(&t, nm, 2, "n000", 2, 0);
		}
		topo_layout(&t, 100);
		ok(t.width <= 100, "200 namespaces fit 100 columns (%d)", t.width);
		ok(t.height > 200, "and stack down (%d rows)", t.height);
		struct topo_grid g;
		ok(topo_render(&t, &g) == 0, "render");
		topo_grid_free(&g);
	}

	/* crossing cables: a crossing is drawn as one, never as a junction */
	{
		struct topo_if hh[4] = { mkif(1, "lo", TIF_UP | TIF_LOOP, 0), mkif(2, "h1", TIF_UP, 0),
					 mkif(3, "h2", TIF_UP, 0) };
		struct topo_if r1[4] = { mkif(1, "lo", TIF_LOOP, 0), mkif(2, "r1", TIF_UP, 0),
					 mkif(3, "r2", TIF_UP, 0) };
		struct topo_if l2[3] = { mkif(1, "lo", TIF_LOOP, 0), mkif(2, "x1", TIF_UP, 0),
					 mkif(3, "x2", TIF_UP, 0) };
		topo_free(&t);
		topo_init(&t);
		topo_add_box(&t, "host", 0, hh, 3);
		topo_add_box(&t, "der", 1, r1, 3);
		topo_add_box(&t, "izq", 2, l2, 3);
		topo_add_wire(&t, "host", 2, "izq", 2, 0);	/* down the left side */
		topo_add_wire(&t, "host", 3, "der", 3, 0);	/* across it, same row */
		topo_layout(&t, 80);
		ok(topo_box_find(&t, "izq")->x == 0 && topo_box_find(&t, "der")->x > 0,
		   "izq under the host, der to the right");
		const char *d = dump(&t);
		trace_is(&t, "host", "h1", "izq/x1", "h1 reaches x1 across a crossing");
		trace_is(&t, "izq", "x1", "host/h1", "and back");
		trace_is(&t, "host", "h2", "der/r2", "h2 crosses h1's cable to r2");
		trace_is(&t, "der", "r2", "host/h2", "and back");
		ok(no_junctions(&t), "no junction glyph in the channel");
		ok(strstr(d, "\xe2\x94\xbc") == NULL, "no ┼ anywhere");
		is_int(t.hidden, 0, "every cable drawn");
	}

	/* a left end and a right end on one row: their runs never merge,
	 * even when the remembered tracks were in the wrong order */
	{
		struct topo_if hh[3] = { mkif(1, "lo", TIF_UP | TIF_LOOP, 0), mkif(2, "h1", TIF_UP, 0) };
		struct topo_if r1[3] = { mkif(1, "lo", TIF_LOOP, 0), mkif(2, "r1", TIF_UP, 0) };
		struct topo_if l2[4] = { mkif(1, "lo", TIF_LOOP, 0), mkif(2, "x1", TIF_UP, 0),
					 mkif(3, "x2", TIF_UP, 0) };
		topo_free(&t);
		topo_init(&t);
		topo_add_box(&t, "host", 0, hh, 2);
		topo_add_box(&t, "der", 1, r1, 2);
		topo_add_box(&t, "izq", 2, l2, 3);
		topo_add_wire(&t, "der", 2, "izq", 3, 0);	/* first seen: track 0 */
		topo_layout(&t, 80);
		topo_add_wire(&t, "host", 2, "izq", 2, 0);	/* track 1, same row as r1 */
		topo_layout(&t, 80);
		ok(topo_box_find(&t, "host")->ifs[1].y == topo_box_find(&t, "der")->ifs[1].y,
		   "h1 and r1 share a row");
		trace_is(&t, "host", "h1", "izq/x1", "h1 goes to x1, not to r1");
		trace_is(&t, "der", "r1", "izq/x2", "r1 goes to x2, not to h1");
		ok(no_junctions(&t), "no junction glyph");
		is_int(t.hidden, 0, "both drawn");
	}

	/* the escenario demo: every cable ends at its own interface */
	{
		topo_free(&t);
		topo_init(&t);
		escenario(&t);
		for (int width = 140; width >= 60; width -= 40) {
			topo_layout(&t, width);
			char what[80];
			static const char *const ends[][3] = {
				{ "host", "lb-fh", "balanceador/eth1" },
				{ "exterior", "eth0", "balanceador/eth0" },
				{ "host", "f1-fh", "frontend1/eth0" },
				{ "host", "f2-fh", "frontend2/eth0" },
				{ "host", "f3-fh", "frontend3/eth0" },
				{ "host", "f1-bh", "frontend1/eth1" },
				{ "host", "f2-bh", "frontend2/eth1" },
				{ "host", "f3-bh", "frontend3/eth1" },
				{ "backend1", "eth0", "host/b1-bh" },
				{ "backend2", "eth0", "host/b2-bh" },
			};
			for (size_t i = 0; i < sizeof ends / sizeof ends[0]; i++) {
				snprintf(what, sizeof what, "%d cols: %s@%s reaches %s", width,
					 ends[i][1], ends[i][0], ends[i][2]);
				trace_is(&t, ends[i][0], ends[i][1], ends[i][2], what);
			}
			ok(no_junctions(&t), "%d cols: no junction glyph", width);
			is_int(t.hidden, 0, "%d cols: every cable drawn", width);
		}
	}

	topo_free(&t);
	return done_testing();
}
