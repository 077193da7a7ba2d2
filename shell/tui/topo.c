/* tui/topo.c: the topology diagram's stable layout and rendering
 * (see topo.h). Pure code: no curses, unit-tested. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "topo.h"

#define BOX_W_MIN 16
#define BOX_W_MAX 34
#define BOX_GAP 1		/* blank rows between boxes */

void topo_init(struct topo *t)
{
	memset(t, 0, sizeof *t);
}

void topo_clear(struct topo *t)
{
	for (int i = 0; i < t->nbox; i++)
		free(t->boxes[i].ifs);
	t->nbox = 0;
	t->nwire = 0;
}

void topo_free(struct topo *t)
{
	topo_clear(t);
	free(t->boxes);
	free(t->wires);
	free(t->mem);
	free(t->order);
	memset(t, 0, sizeof *t);
}

static void *grow(void *p, int *cap, int need, size_t sz)
{
	if (need <= *cap)
		return p;
	int nc = *cap ? *cap * 2 : 16;
	while (nc < need)
		nc *= 2;
	void *np = realloc(p, (size_t)nc * sz);
	if (!np)
		return NULL;
	*cap = nc;
	return np;
}

int topo_add_box(struct topo *t, const char *name, int color,
		 const struct topo_if *ifs, int nifs)
{
	struct topo_box *nb = grow(t->boxes, &t->capbox, t->nbox + 1, sizeof *nb);
	if (!nb)
		return -1;
	t->boxes = nb;
	struct topo_box *b = &t->boxes[t->nbox];
	memset(b, 0, sizeof *b);
	snprintf(b->name, sizeof b->name, "%s", name);
	b->color = color;
	if (nifs > 0 && (b->ifs = malloc((size_t)nifs * sizeof *ifs))) {
		memcpy(b->ifs, ifs, (size_t)nifs * sizeof *ifs);
		b->nifs = nifs;
	}
	return t->nbox++;
}

void topo_add_wire(struct topo *t, const char *a_ns, int a_if,
		   const char *b_ns, int b_if, int color)
{
	/* a veth pair is reported from both ends: keep one wire */
	for (int i = 0; i < t->nwire; i++) {
		struct topo_wire *w = &t->wires[i];
		if ((w->a_if == a_if && !strcmp(w->a_ns, a_ns) &&
		     w->b_if == b_if && !strcmp(w->b_ns, b_ns)) ||
		    (w->a_if == b_if && !strcmp(w->a_ns, b_ns) &&
		     w->b_if == a_if && !strcmp(w->b_ns, a_ns)))
			return;
	}
	struct topo_wire *nw = grow(t->wires, &t->capwire, t->nwire + 1, sizeof *nw);
	if (!nw)
		return;
	t->wires = nw;
	struct topo_wire *w = &t->wires[t->nwire++];
	memset(w, 0, sizeof *w);
	snprintf(w->a_ns, sizeof w->a_ns, "%s", a_ns);
	snprintf(w->b_ns, sizeof w->b_ns, "%s", b_ns);
	w->a_if = a_if;
	w->b_if = b_if;
	w->color = color;
	w->track = -1;
	w->lane = -1;
}

static struct topo_mem *mem_find(struct topo *t, const char *key)
{
	for (int i = 0; i < t->nmem; i++)
		if (!strcmp(t->mem[i].key, key))
			return &t->mem[i];
	return NULL;
}

static struct topo_mem *mem_get(struct topo *t, const char *key, int dflt)
{
	struct topo_mem *m = mem_find(t, key);
	if (m)
		return m;
	struct topo_mem *nm = grow(t->mem, &t->capmem, t->nmem + 1, sizeof *nm);
	if (!nm)
		return NULL;
	t->mem = nm;
	m = &t->mem[t->nmem++];
	memset(m, 0, sizeof *m);
	snprintf(m->key, sizeof m->key, "%s", key);
	m->val = dflt;
	m->seq = ++t->seq;
	return m;
}

const struct topo_box *topo_box_find(const struct topo *t, const char *name)
{
	for (int i = 0; i < t->nbox; i++)
		if (!strcmp(t->boxes[i].name, name))
			return &t->boxes[i];
	return NULL;
}

static int box_index(const struct topo *t, const char *name)
{
	for (int i = 0; i < t->nbox; i++)
		if (!strcmp(t->boxes[i].name, name))
			return i;
	return -1;
}

static struct topo_if *box_if(struct topo_box *b, int index)
{
	for (int i = 0; i < b->nifs; i++)
		if (b->ifs[i].index == index)
			return &b->ifs[i];
	return NULL;
}

/* Display width of a UTF-8 string (one column per code point: names and
 * addresses are ASCII; box-drawing glyphs are single width). */
static int u8_width(const char *s)
{
	int w = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			w++;
	return w;
}

/* Rows of a box in display order: interfaces that are not bridge ports
 * by ifindex; each bridge followed by its ports. Fills ord (nifs long)
 * and depth; returns the count. */
static int box_rows(const struct topo_box *b, int *ord, int *depth)
{
	int n = 0;
	for (int i = 0; i < b->nifs; i++) {
		const struct topo_if *f = &b->ifs[i];
		bool port = false;
		if (f->master)
			for (int k = 0; k < b->nifs; k++)
				if (b->ifs[k].index == f->master && (b->ifs[k].flags & TIF_BRIDGE))
					port = true;
		if (port)
			continue;
		ord[n] = i;
		depth[n++] = 0;
		if (f->flags & TIF_BRIDGE)
			for (int k = 0; k < b->nifs; k++)
				if (b->ifs[k].master == f->index && k != i) {
					ord[n] = k;
					depth[n++] = 1;
				}
	}
	return n;
}

static int row_text_width(const struct topo_if *f, int depth)
{
	int w = depth * 2 + u8_width(f->name);
	if (f->flags & TIF_BRIDGE)
		w += 4;
	if (f->label[0])
		w += 1 + u8_width(f->label);
	return w;
}

/* Where a wire's ends are: their rows, and whether each end's port
 * faces the channel from the left (a box of the left column, or of the
 * only one). False if an end is not drawn. */
static bool wire_ends(const struct topo *t, const struct topo_wire *w, int y[2], bool left[2])
{
	const struct topo_box *b[2] = { topo_box_find(t, w->a_ns), topo_box_find(t, w->b_ns) };
	int idx[2] = { w->a_if, w->b_if };
	for (int e = 0; e < 2; e++) {
		const struct topo_if *f = NULL;
		if (!b[e])
			return false;
		for (int k = 0; k < b[e]->nifs; k++)
			if (b[e]->ifs[k].index == idx[e])
				f = &b[e]->ifs[k];
		if (!f || f->y < 0)
			return false;
		y[e] = f->y;
		left[e] = b[e]->x == 0;
	}
	return true;
}

/* May wire x go on lane lx, next to wire o on lane lo? Not if they would
 * share a piece of line: the same lane with overlapping rows, or ends on
 * one row (one from each side) whose runs to their lanes overlap (the
 * left end's lane must come before the right end's). */
static bool lanes_fit(const int xy[2], const bool xl[2], int lx,
		      const int oy[2], const bool ol[2], int lo)
{
	int x0 = xy[0] < xy[1] ? xy[0] : xy[1], x1 = xy[0] < xy[1] ? xy[1] : xy[0];
	int o0 = oy[0] < oy[1] ? oy[0] : oy[1], o1 = oy[0] < oy[1] ? oy[1] : oy[0];
	if (lx == lo && x0 <= o1 && o0 <= x1)
		return false;
	for (int i = 0; i < 2; i++)
		for (int k = 0; k < 2; k++) {
			if (xy[i] != oy[k])
				continue;
			if (xl[i] == ol[k])
				return false;	/* one row, one side: the same port */
			if (xl[i] ? lx >= lo : lx <= lo)
				return false;
		}
	return true;
}

/* Place the wires of ord[0..m) on lanes in that order: each on the free
 * lane nearest its remembered track (near: true) or on the lowest free
 * one. Returns how many found none. */
static int place_lanes(struct topo *t, const int *ord, int m, int (*ys)[2], bool (*ls)[2],
		       int nlanes, bool near)
{
	int hidden = 0;
	for (int i = 0; i < m; i++)
		t->wires[ord[i]].lane = -1;
	for (int i = 0; i < m; i++) {
		struct topo_wire *w = &t->wires[ord[i]];
		int want = !near ? 0 : w->track < nlanes ? w->track : nlanes - 1;
		for (int d = 0; d < 2 * nlanes && w->lane < 0; d++) {
			int lane = near ? want + (d % 2 ? -(d + 1) / 2 : d / 2) : d;
			if (lane < 0 || lane >= nlanes)
				continue;
			bool fit = true;
			for (int k = 0; k < i && fit; k++) {
				const struct topo_wire *o = &t->wires[ord[k]];
				if (o->lane >= 0)
					fit = lanes_fit(ys[ord[i]], ls[ord[i]], lane, ys[ord[k]], ls[ord[k]], o->lane);
			}
			if (fit)
				w->lane = lane;
		}
		if (w->lane < 0)
			hidden++;
	}
	return hidden;
}

/* Must wire a's lane come before wire b's (an end of a on the left and
 * one of b on the right share a row)? */
static bool lane_before(const int ay[2], const bool al[2], const int by[2], const bool bl[2])
{
	for (int i = 0; i < 2; i++)
		for (int k = 0; k < 2; k++)
			if (ay[i] == by[k] && al[i] && !bl[k])
				return true;
	return false;
}

/* Lanes for the wires: each on its remembered track when that is free of
 * conflicts (lanes_fit), else on the nearest lane that is. If that
 * leaves a wire out, again in an order where every wire that must lie
 * left of another comes first, each on the lowest fitting lane. A wire
 * with no lane is not drawn (hidden). */
static void assign_lanes(struct topo *t, int nlanes)
{
	int n = t->nwire;
	int (*ys)[2] = calloc((size_t)n + 1, sizeof *ys);
	bool (*ls)[2] = calloc((size_t)n + 1, sizeof *ls);
	int *ord = calloc((size_t)n + 1, sizeof *ord);
	int *indeg = calloc((size_t)n + 1, sizeof *indeg);
	bool *done = calloc((size_t)n + 1, sizeof *done);
	int m = 0;

	t->hidden = 0;
	for (int i = 0; i < n; i++)
		t->wires[i].lane = -1;
	if (!ys || !ls || !ord || !indeg || !done)
		goto out;
	for (int i = 0; i < n; i++)
		if (t->wires[i].track >= 0 && wire_ends(t, &t->wires[i], ys[i], ls[i]))
			ord[m++] = i;
	/* by remembered track: older wires choose first */
	for (int i = 1; i < m; i++)
		for (int k = i; k > 0 && t->wires[ord[k]].track < t->wires[ord[k - 1]].track; k--) {
			int tmp = ord[k];
			ord[k] = ord[k - 1];
			ord[k - 1] = tmp;
		}
	t->hidden = place_lanes(t, ord, m, ys, ls, nlanes, true);
	if (!t->hidden)
		goto out;

	/* Kahn's order over "lies left of", ties by track; a cycle's wires last */
	int *topo = calloc((size_t)m + 1, sizeof *topo), nt = 0;
	if (!topo)
		goto out;
	for (int i = 0; i < m; i++)
		for (int k = 0; k < m; k++)
			if (i != k && lane_before(ys[ord[k]], ls[ord[k]], ys[ord[i]], ls[ord[i]]))
				indeg[ord[i]]++;
	while (nt < m) {
		int pick = -1;
		for (int i = 0; i < m && pick < 0; i++)
			if (!done[ord[i]] && indeg[ord[i]] == 0)
				pick = ord[i];
		for (int i = 0; i < m && pick < 0; i++)
			if (!done[ord[i]])
				pick = ord[i];	/* a cycle: someone has to go */
		done[pick] = true;
		topo[nt++] = pick;
		for (int i = 0; i < m; i++)
			if (!done[ord[i]] && lane_before(ys[pick], ls[pick], ys[ord[i]], ls[ord[i]]))
				indeg[ord[i]]--;
	}
	int h2 = place_lanes(t, topo, m, ys, ls, nlanes, false);
	if (h2 < t->hidden)
		t->hidden = h2;
	else
		t->hidden = place_lanes(t, ord, m, ys, ls, nlanes, true);
	free(topo);
out:
	free(ys);
	free(ls);
	free(ord);
	free(indeg);
	free(done);
}

static int cmp_seq(const void *a, const void *b, void *arg)
{
	const struct topo *t = arg;
	uint64_t sa = t->boxes[*(const int *)a].seq, sb = t->boxes[*(const int *)b].seq;
	return sa < sb ? -1 : sa > sb;
}

void topo_layout(struct topo *t, int width)
{
	char key[sizeof t->mem[0].key];
	int content = 0;

	for (int i = 0; i < t->nmem; i++)
		t->mem[i].seen = false;

	/* boxes: first-seen order, remembered column (assigned below) */
	for (int i = 0; i < t->nbox; i++) {
		struct topo_box *b = &t->boxes[i];
		snprintf(key, sizeof key, "b:%s", b->name);
		struct topo_mem *m = mem_get(t, key, -1);
		b->seq = m ? m->seq : (uint64_t)i;
		if (m)
			m->seen = true;
		b->h = 2 + b->nifs;
		for (int k = 0; k < b->nifs; k++) {
			b->ifs[k].y = -1;
			b->ifs[k].depth = 0;
			int d = b->ifs[k].master ? 1 : 0;
			int w = row_text_width(&b->ifs[k], d);
			if (w > content)
				content = w;
		}
		int tw = u8_width(b->name) + 4;
		if (tw > content)
			content = tw;
	}
	free(t->order);
	t->order = malloc((size_t)(t->nbox + 1) * sizeof *t->order);
	if (!t->order)
		return;
	for (int i = 0; i < t->nbox; i++)
		t->order[i] = i;
	qsort_r(t->order, (size_t)t->nbox, sizeof *t->order, cmp_seq, t);

	/* columns for newcomers: the shorter column at the time they appear */
	{
		int colh[2] = { 0, 0 };
		for (int oi = 0; oi < t->nbox; oi++) {
			struct topo_box *b = &t->boxes[t->order[oi]];
			snprintf(key, sizeof key, "b:%s", b->name);
			struct topo_mem *m = mem_find(t, key);
			int c = m ? m->val : -1;
			if (c < 0) {
				c = colh[1] < colh[0] ? 1 : 0;
				if (m)
					m->val = c;
			}
			b->col = c;
			colh[c] += b->h + BOX_GAP;
		}
	}

	/* wires: both ends must be drawn; a remembered or the lowest free track */
	{
		int nused = t->nwire + 1;
		for (int i = 0; i < t->nmem; i++)
			if (t->mem[i].key[0] == 'w' && t->mem[i].val >= nused)
				nused = t->mem[i].val + 1;
		bool *used = calloc((size_t)nused + 1, sizeof *used);
		for (int pass = 0; pass < 2 && used; pass++)
			for (int i = 0; i < t->nwire; i++) {
				struct topo_wire *w = &t->wires[i];
				int ia = box_index(t, w->a_ns), ib = box_index(t, w->b_ns);
				if (ia < 0 || ib < 0 || !box_if(&t->boxes[ia], w->a_if) ||
				    !box_if(&t->boxes[ib], w->b_if)) {
					w->track = -1;
					continue;
				}
				/* key with the ends in a fixed order */
				int s = strcmp(w->a_ns, w->b_ns);
				if (s < 0 || (s == 0 && w->a_if < w->b_if))
					snprintf(key, sizeof key, "w:%s/%d|%s/%d", w->a_ns, w->a_if, w->b_ns, w->b_if);
				else
					snprintf(key, sizeof key, "w:%s/%d|%s/%d", w->b_ns, w->b_if, w->a_ns, w->a_if);
				if (pass == 0) {
					/* known wires keep their track */
					struct topo_mem *m = mem_find(t, key);
					w->track = -1;
					if (m && m->val >= 0 && m->val < nused && !used[m->val]) {
						w->track = m->val;
						used[m->val] = true;
						m->seen = true;
					}
					continue;
				}
				if (w->track >= 0)
					continue;
				int k = 0;
				while (k < nused && used[k])
					k++;
				w->track = k;
				used[k] = true;
				struct topo_mem *m = mem_get(t, key, k);
				if (m) {
					m->val = k;
					m->seen = true;
				}
			}
		free(used);
	}

	/* forget what is gone (a namespace made again later is new again) */
	{
		int j = 0;
		for (int i = 0; i < t->nmem; i++)
			if (t->mem[i].seen)
				t->mem[j++] = t->mem[i];
		t->nmem = j;
	}

	/* geometry: columns, rows, then the lanes the wires need, then the
	 * widths (the channel as wide as its lanes, the boxes the rest) */
	int bw = content + 4;
	if (bw < BOX_W_MIN)
		bw = BOX_W_MIN;
	if (bw > BOX_W_MAX)
		bw = BOX_W_MAX;
	t->ncols = width >= 2 * BOX_W_MIN + 6 ? 2 : 1;
	int bw1 = width - 6;		/* one column: the box's width */
	if (bw1 > BOX_W_MAX + 10)
		bw1 = BOX_W_MAX + 10;
	if (bw1 < 8)
		bw1 = 8;
	int maxlanes = t->ncols == 2 ? (width - 2 * BOX_W_MIN - 4) / 2 : (width - bw1 - 3) / 2;
	if (maxlanes < 1)
		maxlanes = 1;

	int coly[2] = { 0, 0 };
	int ord[256], depth[256];
	for (int oi = 0; oi < t->nbox; oi++) {
		struct topo_box *b = &t->boxes[t->order[oi]];
		int c = t->ncols == 2 ? b->col : 0;
		b->x = c;		/* 0 or 1 for now: which side */
		b->y = coly[c];
		coly[c] += b->h + BOX_GAP;
		int *o = ord, *dp = depth;
		int *big = NULL;
		if (b->nifs > 256 && (big = malloc(2 * (size_t)b->nifs * sizeof *big))) {
			o = big;
			dp = big + b->nifs;
		} else if (b->nifs > 256) {
			continue;
		}
		int n = box_rows(b, o, dp);
		for (int r = 0; r < n; r++) {
			b->ifs[o[r]].y = b->y + 1 + r;
			b->ifs[o[r]].depth = dp[r];
		}
		free(big);
	}
	t->height = coly[0] > coly[1] ? coly[0] : coly[1];
	if (t->height > 0)
		t->height -= BOX_GAP;

	assign_lanes(t, maxlanes);
	int need = 1;
	for (int i = 0; i < t->nwire; i++)
		if (t->wires[i].lane + 1 > need)
			need = t->wires[i].lane + 1;
	int cw;
	if (t->ncols == 2) {
		cw = 4 + 2 * need;
		if (2 * bw + cw > width)
			bw = (width - cw) / 2;
	} else {
		bw = bw1;
		cw = 3 + 2 * need;
	}
	t->chan_x = bw;
	t->chan_w = cw;
	t->width = t->ncols == 2 ? 2 * bw + cw : bw + cw;
	for (int i = 0; i < t->nbox; i++) {
		struct topo_box *b = &t->boxes[i];
		b->w = bw;
		b->x = b->x == 0 ? 0 : bw + cw;
	}
}

/* ---------- rendering ---------- */

enum { M_U = 1, M_D = 2, M_L = 4, M_R = 8 };

static uint32_t mask_char(int m)
{
	switch (m) {
	case M_L | M_R: case M_L: case M_R: return 0x2500;	/* ─ */
	case M_U | M_D: case M_U: case M_D: return 0x2502;	/* │ */
	case M_D | M_R: return 0x250c;	/* ┌ */
	case M_D | M_L: return 0x2510;	/* ┐ */
	case M_U | M_R: return 0x2514;	/* └ */
	case M_U | M_L: return 0x2518;	/* ┘ */
	case M_U | M_D | M_R: return 0x251c;	/* ├ */
	case M_U | M_D | M_L: return 0x2524;	/* ┤ */
	case M_L | M_R | M_D: return 0x252c;	/* ┬ */
	case M_L | M_R | M_U: return 0x2534;	/* ┴ */
	case M_U | M_D | M_L | M_R: return 0x253c;	/* ┼ */
	}
	return 0;
}

static void put(struct topo_grid *g, int x, int y, uint32_t ch, int color, int attr)
{
	if (x < 0 || y < 0 || x >= g->w || y >= g->h)
		return;
	struct topo_cell *c = &g->cells[y * g->w + x];
	c->ch = ch;
	c->color = (uint8_t)color;
	c->attr = (uint8_t)attr;
}

/* Write UTF-8 text from x, at most maxw columns; returns columns used. */
static int puts_u8(struct topo_grid *g, int x, int y, const char *s, int maxw,
		   int color, int attr)
{
	int w = 0;
	const unsigned char *p = (const unsigned char *)s;
	while (*p && w < maxw) {
		uint32_t cp = *p;
		int len = 1;
		if (cp >= 0xf0 && p[1] && p[2] && p[3]) {
			cp = ((cp & 7u) << 18) | ((p[1] & 0x3fu) << 12) | ((p[2] & 0x3fu) << 6) | (p[3] & 0x3fu);
			len = 4;
		} else if (cp >= 0xe0 && p[1] && p[2]) {
			cp = ((cp & 0xfu) << 12) | ((p[1] & 0x3fu) << 6) | (p[2] & 0x3fu);
			len = 3;
		} else if (cp >= 0xc0 && p[1]) {
			cp = ((cp & 0x1fu) << 6) | (p[1] & 0x3fu);
			len = 2;
		}
		if (!s[len - 1 + (p - (const unsigned char *)s)])
			break;
		if (maxw - w == 1 && p[len]) {
			put(g, x + w, y, 0x2026, color, attr);	/* … */
			return w + 1;
		}
		put(g, x + w, y, cp, color, attr);
		w++;
		p += len;
	}
	return w;
}

/* One cell of wire i's line (m: the arms it has there). A cell another
 * wire already went through becomes a crossing; vwire keeps the wire
 * going up and down there. */
static void wire_cell(struct topo_grid *g, int *mask, int *owner, int *vwire, int x, int y,
		      int i, int m, int color)
{
	if (x < 0 || y < 0 || x >= g->w || y >= g->h)
		return;
	int c = y * g->w + x;
	if (owner[c] < 0 || owner[c] == i) {
		owner[c] = i;
		mask[c] |= m;
		g->cells[c].color = (uint8_t)color;
		return;
	}
	/* two wires in one cell: one runs across, the other up and down */
	if (m & (M_U | M_D))
		vwire[c] = i;
	else if (vwire[c] < 0)
		vwire[c] = owner[c];
}

int topo_render(const struct topo *t, struct topo_grid *g)
{
	int *mask;

	g->w = t->width > 0 ? t->width : 1;
	g->h = t->height > 0 ? t->height : 1;
	g->cells = calloc((size_t)g->w * (size_t)g->h, sizeof *g->cells);
	mask = calloc((size_t)g->w * (size_t)g->h, sizeof *mask);
	if (!g->cells || !mask) {
		free(mask);
		topo_grid_free(g);
		return -1;
	}

	/* boxes */
	for (int i = 0; i < t->nbox; i++) {
		const struct topo_box *b = &t->boxes[i];
		int x0 = b->x, x1 = b->x + b->w - 1, y0 = b->y, y1 = b->y + b->h - 1;
		for (int x = x0 + 1; x < x1; x++) {
			put(g, x, y0, 0x2500, b->color, 0);
			put(g, x, y1, 0x2500, b->color, 0);
		}
		for (int y = y0 + 1; y < y1; y++) {
			put(g, x0, y, 0x2502, b->color, 0);
			put(g, x1, y, 0x2502, b->color, 0);
		}
		put(g, x0, y0, 0x250c, b->color, 0);
		put(g, x1, y0, 0x2510, b->color, 0);
		put(g, x0, y1, 0x2514, b->color, 0);
		put(g, x1, y1, 0x2518, b->color, 0);
		/* title: "┌─ name ─┐" */
		put(g, x0 + 2, y0, ' ', b->color, TCELL_TITLE);
		int tw = puts_u8(g, x0 + 3, y0, b->name, b->w - 6, b->color, TCELL_TITLE);
		put(g, x0 + 3 + tw, y0, ' ', b->color, TCELL_TITLE);
		for (int k = 0; k < b->nifs; k++) {
			const struct topo_if *f = &b->ifs[k];
			if (f->y < 0)
				continue;
			int x = x0 + 2, room = b->w - 4;
			int attr = (f->flags & TIF_UP) || (f->flags & TIF_BRIDGE) ? 0 : TCELL_DIM;
			if (f->depth) {
				/* a bridge port: "└ name" under its bridge */
				put(g, x, f->y, 0x2514, b->color, 0);
				x += 2;
				room -= 2;
			}
			if (f->flags & TIF_BRIDGE) {
				int u = puts_u8(g, x, f->y, "[\xe2\x89\xa1] ", room, b->color, attr);
				x += u;
				room -= u;
			}
			int u = puts_u8(g, x, f->y, f->name, room, b->color, attr);
			x += u;
			room -= u;
			if (f->label[0] && room > 2)
				puts_u8(g, x + 1, f->y, f->label, room - 1, b->color, TCELL_DIM);
		}
	}

	/* wires: port on the border facing the channel, across to the lane,
	 * along it, back to the other port. Each channel cell remembers the
	 * first wire through it; a second one there is a crossing. */
	int *owner = malloc((size_t)g->w * (size_t)g->h * sizeof *owner);
	int *vwire = malloc((size_t)g->w * (size_t)g->h * sizeof *vwire);
	if (!owner || !vwire) {
		free(owner);
		free(vwire);
		free(mask);
		topo_grid_free(g);
		return -1;
	}
	for (int i = 0; i < g->w * g->h; i++)
		owner[i] = vwire[i] = -1;
	for (int i = 0; i < t->nwire; i++) {
		const struct topo_wire *w = &t->wires[i];
		int end_y[2];
		bool end_left[2];
		if (w->lane < 0 || !wire_ends(t, w, end_y, end_left))
			continue;
		const struct topo_box *end_b[2] = { topo_box_find(t, w->a_ns), topo_box_find(t, w->b_ns) };
		int tx = t->chan_x + 2 + 2 * w->lane;
		for (int e = 0; e < 2; e++) {
			const struct topo_box *b = end_b[e];
			int y = end_y[e];
			bool left = end_left[e];
			int port = left ? b->x + b->w - 1 : b->x;
			put(g, port, y, left ? 0x251c : 0x2524, b->color, 0);	/* ├ ┤ */
			int from = left ? port + 1 : tx, to = left ? tx : port - 1;
			for (int x = from; x <= to; x++) {
				int m = left ? M_L | (x < tx ? M_R : 0) : M_R | (x > tx ? M_L : 0);
				wire_cell(g, mask, owner, vwire, x, y, i, m, w->color);
			}
		}
		int y0 = end_y[0] < end_y[1] ? end_y[0] : end_y[1];
		int y1 = end_y[0] < end_y[1] ? end_y[1] : end_y[0];
		for (int y = y0; y <= y1; y++)
			wire_cell(g, mask, owner, vwire, tx, y, i,
				  (y > y0 ? M_U : 0) | (y < y1 ? M_D : 0), w->color);
	}
	for (int y = 0; y < g->h; y++)
		for (int x = 0; x < g->w; x++) {
			int c = y * g->w + x;
			if (owner[c] < 0 || !mask[c])
				continue;
			struct topo_cell *cell = &g->cells[c];
			if (vwire[c] >= 0) {
				/* a crossing: the vertical goes on, no junction */
				cell->ch = 0x2502;
				cell->color = (uint8_t)t->wires[vwire[c]].color;
			} else {
				cell->ch = mask_char(mask[c]);
			}
			cell->attr = TCELL_WIRE;
		}
	free(owner);
	free(vwire);
	free(mask);
	return 0;
}

void topo_grid_free(struct topo_grid *g)
{
	free(g->cells);
	g->cells = NULL;
	g->w = g->h = 0;
}

void topo_grid_line(const struct topo_grid *g, int y, char *buf, size_t n)
{
	size_t o = 0;
	int last = 0;
	buf[0] = 0;
	if (y < 0 || y >= g->h || n < 5)
		return;
	for (int x = 0; x < g->w; x++)
		if (g->cells[y * g->w + x].ch && g->cells[y * g->w + x].ch != ' ')
			last = x + 1;
	for (int x = 0; x < last && o + 5 < n; x++) {
		uint32_t c = g->cells[y * g->w + x].ch;
		if (!c)
			c = ' ';
		if (c < 0x80) {
			buf[o++] = (char)c;
		} else if (c < 0x800) {
			buf[o++] = (char)(0xc0 | (c >> 6));
			buf[o++] = (char)(0x80 | (c & 0x3f));
		} else {
			buf[o++] = (char)(0xe0 | (c >> 12));
			buf[o++] = (char)(0x80 | ((c >> 6) & 0x3f));
			buf[o++] = (char)(0x80 | (c & 0x3f));
		}
	}
	buf[o] = 0;
}
