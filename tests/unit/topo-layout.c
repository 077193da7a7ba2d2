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

	topo_free(&t);
	return done_testing();
}
