/* tui/draw.c: drawing helpers the panes share: width-aware UTF-8 text,
 * namespace colours, and the table of diff rows with its highlights
 * (new row, changed field, removed row struck out). */
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include "tui-int.h"
#include "../i18n.h"

/* ---------- namespace colours ---------- */

#define MAX_NSCOL 512
static struct { char name[64]; int color; } nscol[MAX_NSCOL];
static int nnscol, next_color;

/* The course names its namespaces after colours: honour them. */
static int color_by_word(const char *name)
{
	static const struct { const char *word; int color; } words[] = {
		{ "rojo", 1 }, { "red", 1 }, { "roja", 1 },
		{ "verde", 2 }, { "green", 2 },
		{ "amarillo", 3 }, { "yellow", 3 }, { "naranja", 3 },
		{ "azul", 4 }, { "blue", 4 },
		{ "magenta", 5 }, { "rosa", 5 }, { "morado", 5 }, { "violeta", 5 },
		{ "cian", 6 }, { "cyan", 6 }, { "celeste", 6 },
	};
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (!strncmp(name, words[i].word, strlen(words[i].word)))
			return words[i].color;
	return 0;
}

int tui_ns_color(const char *name)
{
	static const int cycle[] = { 6, 5, 3, 2, 4, 1 };
	if (!name || !*name || !strcmp(name, "host"))
		return 0;
	for (int i = 0; i < nnscol; i++)
		if (!strcmp(nscol[i].name, name))
			return nscol[i].color;
	int c = color_by_word(name);
	if (!c)
		c = cycle[next_color++ % 6];
	if (nnscol < MAX_NSCOL) {
		snprintf(nscol[nnscol].name, sizeof nscol[nnscol].name, "%s", name);
		nscol[nnscol++].color = c;
	}
	return c;
}

attr_t tui_color_attr(int color)
{
	if (color <= 0 || color > TUI_NCOLORS)
		return A_NORMAL;
	if (!tui.colors)
		return A_BOLD;
	return COLOR_PAIR(CP_NS + color - 1);
}

/* ---------- text ---------- */

int u8_width(const char *s)
{
	mbstate_t st;
	wchar_t wc;
	int w = 0;
	size_t n, len = strlen(s);

	memset(&st, 0, sizeof st);
	while (len > 0) {
		n = mbrtowc(&wc, s, len, &st);
		if (n == (size_t)-1 || n == (size_t)-2) {
			memset(&st, 0, sizeof st);
			n = 1;
			wc = '?';
		} else if (n == 0) {
			break;
		}
		int cw = wcwidth(wc);
		w += cw > 0 ? cw : 0;
		s += n;
		len -= n;
	}
	return w;
}

int tui_put(WINDOW *w, int y, int x, const char *s, int maxw, attr_t attr, bool strike)
{
	mbstate_t st;
	wchar_t wc;
	int used = 0;
	size_t n, len = strlen(s);
	int total = u8_width(s);

	if (maxw <= 0)
		return 0;
	memset(&st, 0, sizeof st);
	wmove(w, y, x);
	while (len > 0) {
		n = mbrtowc(&wc, s, len, &st);
		if (n == (size_t)-1 || n == (size_t)-2) {
			memset(&st, 0, sizeof st);
			n = 1;
			wc = '?';
		} else if (n == 0) {
			break;
		}
		int cw = wcwidth(wc);
		if (cw < 0) {
			wc = '?';
			cw = 1;
		}
		/* cut with an ellipsis when the rest does not fit */
		if (total > maxw && used + cw > maxw - 1) {
			cchar_t cc;
			wchar_t el[3] = { 0x2026, strike ? 0x0336 : 0, 0 };
			setcchar(&cc, el, attr, PAIR_NUMBER(attr), NULL);
			wadd_wch(w, &cc);
			return used + 1;
		}
		if (used + cw > maxw)
			break;
		cchar_t cc;
		wchar_t str[3] = { wc, strike && cw > 0 ? 0x0336 : 0, 0 };
		setcchar(&cc, str, attr, PAIR_NUMBER(attr), NULL);
		wadd_wch(w, &cc);
		used += cw;
		s += n;
		len -= n;
	}
	return used;
}

void tui_fill(WINDOW *w, int y, int x, int to, attr_t attr)
{
	if (x >= to)
		return;
	wmove(w, y, x);
	wattrset(w, attr);
	for (int i = x; i < to; i++)
		waddch(w, ' ');
	wattrset(w, A_NORMAL);
}

/* ---------- scrolling ---------- */

void pane_clamp_scroll(struct pane *p, int n, int visible)
{
	int maxs = n - visible;
	if (maxs < 0)
		maxs = 0;
	if (p->scroll > maxs)
		p->scroll = maxs;
	if (p->scroll < 0)
		p->scroll = 0;
}

bool pane_scroll_key(struct pane *p, int key)
{
	int page = pane_rows(p) - 2;
	if (page < 1)
		page = 1;
	/* a table pane moves its selection; the view follows it */
	if (p->table && p->table->n > 0) {
		const struct diff *d = p->table;
		int n = (int)d->n, s = p->sel_key[0] ? p->sel : p->scroll - 1;
		switch (key) {
		case TK_UP: s--; break;
		case TK_DOWN: s++; break;
		case TK_PGUP: s -= page; break;
		case TK_PGDN: s += page; break;
		case TK_HOME: s = 0; break;
		case TK_END: s = n - 1; break;
		default: return false;
		}
		if (s < 0)
			s = 0;
		if (s >= n)
			s = n - 1;
		p->sel = s;
		snprintf(p->sel_key, sizeof p->sel_key, "%s", d->rows[s].key);
		p->dirty = true;
		return true;
	}
	switch (key) {
	case TK_UP: p->scroll--; break;
	case TK_DOWN: p->scroll++; break;
	case TK_PGUP: p->scroll -= page; break;
	case TK_PGDN: p->scroll += page; break;
	case TK_HOME: p->scroll = 0; break;
	case TK_END: p->scroll = 1 << 20; break;
	default: return false;
	}
	if (p->scroll < 0)
		p->scroll = 0;
	p->dirty = true;
	return true;
}

/* ---------- tables ---------- */

void tui_table(struct pane *p, const struct tcol *cols, int ncols, const struct diff *d)
{
	int width[DIFF_MAXCOL];
	int gap = tui.watch ? 2 : 1;
	int avail = p->cw, rows = pane_rows(p) - 1;
	uint64_t now = tui.now;

	if (ncols > DIFF_MAXCOL)
		ncols = DIFF_MAXCOL;
	for (int c = 0; c < ncols; c++) {
		int wd = u8_width(_(cols[c].head));
		for (size_t i = 0; i < d->n; i++) {
			if (d->rows[i].flags & DROW_HEADER)
				continue;
			int cw = u8_width(d->rows[i].cell[c]);
			if (cw > wd)
				wd = cw;
		}
		if (wd < cols[c].min)
			wd = cols[c].min;
		if (cols[c].max && wd > cols[c].max)
			wd = cols[c].max;
		width[c] = wd;
	}
	/* too wide: shrink the middle columns from the right down to their
	 * minimum, then the last one (the command, the addresses) */
	int total = 0;
	for (int c = 0; c < ncols; c++)
		total += width[c] + (c ? gap : 0);
	for (int phase = 0; phase < 3 && total > avail; phase++) {
		/* phase 0: the last column down to its minimum; 1: the others,
		 * right to left, down to theirs; 2: the last one further */
		int from = phase == 1 ? ncols - 2 : ncols - 1;
		int to = phase == 1 ? 0 : ncols - 1;
		for (int c = from; c >= to && total > avail; c--) {
			int floor = phase == 2 ? 3 : (cols[c].min > 3 ? cols[c].min : 3);
			int cut = total - avail, room = width[c] - floor;
			if (room <= 0)
				continue;
			if (cut > room)
				cut = room;
			width[c] -= cut;
			total -= cut;
		}
	}

	/* headings */
	int x = 0;
	wattrset(p->win, A_NORMAL);
	for (int c = 0; c < ncols && x < avail; c++) {
		int wd = c == ncols - 1 ? avail - x : width[c];
		tui_put(p->win, 1, x, _(cols[c].head), wd, A_BOLD | A_UNDERLINE, false);
		x += width[c] + gap;
	}
	tui_fill(p->win, 1, x < avail ? x : avail, avail, A_NORMAL);
	wmove(p->win, 1, 0);

	/* the selection follows its key; the view follows the selection */
	p->table = d;
	if (p->sel_key[0]) {
		long k = diff_find(d, p->sel_key);
		if (k >= 0)
			p->sel = (int)k;
		else if (d->n)	/* its row went for good: keep the place */
			snprintf(p->sel_key, sizeof p->sel_key, "%s",
				 d->rows[p->sel < (int)d->n ? p->sel : (int)d->n - 1].key);
		else
			p->sel_key[0] = 0;
		if (p->sel_key[0]) {
			if (p->sel >= (int)d->n)
				p->sel = (int)d->n - 1;
			if (p->sel < p->scroll)
				p->scroll = p->sel;
			if (p->sel >= p->scroll + rows)
				p->scroll = p->sel - rows + 1;
		}
	}
	pane_clamp_scroll(p, (int)d->n, rows);
	p->nrows = (int)d->n;
	for (int r = 0; r < rows; r++) {
		int y = 2 + r;
		size_t i = (size_t)(p->scroll + r);
		wmove(p->win, y, 0);
		if (i >= d->n) {
			tui_fill(p->win, y, 0, avail, A_NORMAL);
			continue;
		}
		const struct diff_row *row = &d->rows[i];
		bool gone = diff_is_gone(row), isnew = diff_is_new(d, row, now);
		attr_t base = tui_color_attr(row->color);
		bool selected = p->sel_key[0] && (int)i == p->sel && p->focused;
		if (row->flags & DROW_DIM)
			base |= A_DIM;
		if (gone)
			base = (base & ~A_BOLD) | A_DIM;
		else if (isnew)
			base |= A_REVERSE | A_BOLD;
		if (selected) {
			/* the selection bar: the row's text on a marked background */
			base = (tui.colors ? COLOR_PAIR(CP_TITLE_FOCUS) : A_REVERSE) | A_BOLD;
			isnew = true;	/* paint the gaps too, ignore field highlights */
		}
		if (row->flags & DROW_HEADER) {
			attr_t ha = base | A_BOLD;
			int u = tui_put(p->win, y, 0, "\xe2\x94\x80\xe2\x94\x80 ", avail, ha, false);
			u += tui_put(p->win, y, u, row->cell[0], avail - u, ha, gone);
			if (row->ncells > 1 && row->cell[1][0] && u + 2 < avail)
				u += 1 + tui_put(p->win, y, u + 1, row->cell[1], avail - u - 1,
						 (base | A_DIM) & ~A_BOLD, gone);
			tui_fill(p->win, y, u, avail, isnew ? base : A_NORMAL);
			continue;
		}
		x = 0;
		for (int c = 0; c < ncols && x < avail; c++) {
			int wd = c == ncols - 1 ? avail - x : width[c];
			attr_t a = base;
			if (!isnew && diff_cell_changed(d, row, c, now))
				a = tui.colors ? (COLOR_PAIR(CP_CHANGED) | A_BOLD) : (A_STANDOUT | A_BOLD);
			int u = tui_put(p->win, y, x, row->cell[c], wd, a, gone);
			/* the gap takes the row's look, so a new row is one bar */
			int end = c == ncols - 1 ? avail : x + width[c] + gap;
			if (end > avail)
				end = avail;
			tui_fill(p->win, y, x + u, end, isnew ? base : A_NORMAL);
			x += width[c] + gap;
		}
		if (x < avail)
			tui_fill(p->win, y, x, avail, isnew ? base : A_NORMAL);
	}
	uint64_t dl = diff_deadline(d, now);
	if (dl && (!p->deadline || dl < p->deadline))
		p->deadline = dl;
}
