/* tests/unit/tui-table.c: how a pane's table shows what changed: a new row
 * in reverse video, a changed field highlighted, a removed row struck out
 * (U+0336 over each character), namespace colours, headers, widths and
 * the ellipsis, drawn by curses into a window and read back. */
#include <stdio.h>
#include <stdlib.h>
#include <locale.h>
#include "tap.h"
#include "../../shell/tui/tui-int.h"

static SCREEN *scr;

/* Row y of the window as UTF-8 text (combining characters kept). */
static const char *row_text(WINDOW *w, int y)
{
	static char buf[2048];
	size_t o = 0;
	int maxx = getmaxx(w);
	for (int x = 0; x < maxx && o + 16 < sizeof buf; x++) {
		cchar_t cc;
		wchar_t wch[CCHARW_MAX + 1];
		attr_t a;
		short pair;
		mvwin_wch(w, y, x, &cc);
		getcchar(&cc, wch, &a, &pair, NULL);
		for (int k = 0; wch[k]; k++) {
			char mb[8];
			int n = wctomb(mb, wch[k]);
			if (n > 0) {
				memcpy(buf + o, mb, (size_t)n);
				o += (size_t)n;
			}
		}
	}
	while (o > 0 && buf[o - 1] == ' ')
		o--;
	buf[o] = 0;
	return buf;
}

static attr_t cell_attr(WINDOW *w, int y, int x, short *pair, bool *strike)
{
	cchar_t cc;
	wchar_t wch[CCHARW_MAX + 1];
	attr_t a;
	mvwin_wch(w, y, x, &cc);
	getcchar(&cc, wch, &a, pair, NULL);
	*strike = wch[0] && wch[1] == 0x0336;
	return a;
}

/* column x where text starts in row y, or -1 */
static int col_of(WINDOW *w, int y, const char *text)
{
	const char *r = row_text(w, y);
	const char *p = strstr(r, text);
	if (!p)
		return -1;
	/* count columns (code points, no combining) up to p */
	int x = 0;
	for (const char *q = r; q < p; ) {
		wchar_t wc;
		int n = mbtowc(&wc, q, 8);
		if (n <= 0)
			break;
		if (wc != 0x0336)
			x++;
		q += n;
	}
	return x;
}

int main(void)
{
	static const struct tcol cols[] = {
		{ "IF", 4, 15 }, { "STATE", 5, 10 }, { "ADDRESSES", 9, 0 },
	};
	struct diff d;
	struct pane p;
	FILE *out = fopen("/dev/null", "w");
	FILE *in = fopen("/dev/null", "r");

	setlocale(LC_ALL, "C.UTF-8");
	setenv("TERM", "xterm-256color", 1);
	scr = newterm("xterm-256color", out, in);
	ok(scr != NULL, "a curses screen on /dev/null");
	if (!scr)
		return done_testing();
	start_color();
	use_default_colors();
	for (int i = 0; i < TUI_NCOLORS; i++)
		init_pair((short)(CP_NS + i), (short)(COLOR_RED + i), -1);
	init_pair(CP_CHANGED, COLOR_BLACK, COLOR_YELLOW);
	tui.colors = true;

	memset(&p, 0, sizeof p);
	p.h = 8;
	p.w = p.cw = 60;
	p.win = newwin(p.h, p.w, 0, 0);
	diff_init(&d, 3000, 3000);

	int rojo = tui_ns_color("rojo"), azul = tui_ns_color("azul"), other = tui_ns_color("zz-otro");
	is_int(rojo, 1, "rojo is red");
	is_int(azul, 4, "azul is blue");
	ok(other > 0 && tui_ns_color("zz-otro") == other, "other names get a stable colour");
	is_int(tui_ns_color("host"), 0, "host has the default colour");

	const char *h[1] = { "rojo" };
	const char *lo[3] = { "lo", "DOWN", "" };
	const char *v[3] = { "v-rojo", "DOWN", "" };
	diff_begin(&d);
	diff_add(&d, "ns:rojo", rojo, 0, DROW_HEADER, 1, h);
	diff_add(&d, "rojo/1", rojo, 0, 0, 3, lo);
	diff_add(&d, "rojo/2", rojo, 0, 0, 3, v);
	diff_end(&d, 1000);
	tui.now = 1000;
	tui_table(&p, cols, 3, &d);
	is_str(row_text(p.win, 1), "IF     STATE ADDRESSES", "column headings on the first content row");
	ok(strstr(row_text(p.win, 2), "── rojo") != NULL, "namespace header: '%s'", row_text(p.win, 2));
	ok(strncmp(row_text(p.win, 3), "lo", 2) == 0, "first row");
	short pair;
	bool strike;
	attr_t a = cell_attr(p.win, 3, 0, &pair, &strike);
	is_int(pair, CP_NS + rojo - 1, "rows in the namespace's colour");
	ok(!(a & A_REVERSE), "an old row is not highlighted");

	/* a new row, a changed field */
	const char *v2[3] = { "v-rojo", "UP", "10.0.0.1/24" };
	const char *n[3] = { "v-nuevo", "DOWN", "" };
	diff_begin(&d);
	diff_add(&d, "ns:rojo", rojo, 0, DROW_HEADER, 1, h);
	diff_add(&d, "rojo/1", rojo, 0, 0, 3, lo);
	diff_add(&d, "rojo/2", rojo, 0, 0, 3, v2);
	diff_add(&d, "rojo/3", rojo, 0, 0, 3, n);
	diff_end(&d, 2000);
	tui.now = 2000;
	werase(p.win);
	tui_table(&p, cols, 3, &d);
	a = cell_attr(p.win, 5, 0, &pair, &strike);
	ok(a & A_REVERSE, "a new row is in reverse video");
	ok(cell_attr(p.win, 5, 40, &pair, &strike) & A_REVERSE, "across the whole width");
	int xs = col_of(p.win, 4, "UP");
	ok(xs > 0, "changed field drawn at %d", xs);
	cell_attr(p.win, 4, xs, &pair, &strike);
	is_int(pair, CP_CHANGED, "a changed field is highlighted");
	cell_attr(p.win, 4, 0, &pair, &strike);
	is_int(pair, CP_NS + rojo - 1, "the unchanged fields of that row are not");
	ok(p.deadline == 5000, "the pane asks to be redrawn when the highlight ends (%llu)",
	   (unsigned long long)p.deadline);

	/* after the highlight time, nothing stands out */
	tui.now = 5000;
	p.deadline = 0;
	werase(p.win);
	tui_table(&p, cols, 3, &d);
	ok(!(cell_attr(p.win, 5, 0, &pair, &strike) & A_REVERSE), "the new-row highlight fades");
	cell_attr(p.win, 4, xs, &pair, &strike);
	is_int(pair, CP_NS + rojo - 1, "the changed-field highlight fades");

	/* a removed row lingers, struck out, at its place */
	diff_begin(&d);
	diff_add(&d, "ns:rojo", rojo, 0, DROW_HEADER, 1, h);
	diff_add(&d, "rojo/1", rojo, 0, 0, 3, lo);
	diff_add(&d, "rojo/3", rojo, 0, 0, 3, n);
	diff_end(&d, 6000);
	tui.now = 6000;
	werase(p.win);
	tui_table(&p, cols, 3, &d);
	a = cell_attr(p.win, 4, 0, &pair, &strike);
	ok(strike, "a removed row is struck out: '%s'", row_text(p.win, 4));
	ok(a & A_DIM, "and dim");
	ok(strncmp(row_text(p.win, 5), "v-nuevo", 7) == 0, "the rows after it stay in place");
	diff_expire(&d, 9000);
	tui.now = 9000;
	werase(p.win);
	tui_table(&p, cols, 3, &d);
	ok(strncmp(row_text(p.win, 4), "v-nuevo", 7) == 0, "then it goes");

	/* narrow: cut with an ellipsis, never wider than the pane */
	p.w = p.cw = 20;
	diff_free(&d);
	diff_init(&d, 3000, 3000);
	const char *longr[3] = { "una-interfaz-larga", "UP", "10.0.0.1/24 10.0.0.2/24" };
	diff_begin(&d);
	diff_add(&d, "x", 0, 0, 0, 3, longr);
	diff_end(&d, 10000);
	tui.now = 10000;
	werase(p.win);
	tui_table(&p, cols, 3, &d);
	const char *r = row_text(p.win, 2);
	ok(strstr(r, "\xe2\x80\xa6") != NULL, "long text cut with an ellipsis: '%s'", r);
	ok(col_of(p.win, 2, "UP") > 0, "every column still shows");

	/* scrolling: the rows from p.scroll */
	p.w = p.cw = 60;
	diff_free(&d);
	diff_init(&d, 3000, 3000);
	diff_begin(&d);
	char key[16], name[16];
	for (int i = 0; i < 20; i++) {
		snprintf(key, sizeof key, "k%d", i);
		snprintf(name, sizeof name, "if%02d", i);
		const char *c[3] = { name, "UP", "" };
		diff_add(&d, key, 0, 0, 0, 3, c);
	}
	diff_end(&d, 11000);
	p.scroll = 10;
	werase(p.win);
	tui_table(&p, cols, 3, &d);
	ok(strncmp(row_text(p.win, 2), "if10", 4) == 0, "scrolled to row 10");
	p.scroll = 100;
	werase(p.win);
	tui_table(&p, cols, 3, &d);
	is_int(p.scroll, 20 - (p.h - 2), "scroll clamped to the last page");
	is_int(p.nrows, 20, "the pane knows how many rows there are");

	/* selection: it stays on its row (by key) while rows move */
	init_pair(CP_TITLE_FOCUS, COLOR_BLACK, COLOR_GREEN);
	p.scroll = 0;
	p.focused = true;
	p.sel_key[0] = 0;
	ok(pane_scroll_key(&p, TK_DOWN), "Down selects in a table pane");
	ok(p.sel_key[0] != 0, "a row is selected (%s)", p.sel_key);
	snprintf(p.sel_key, sizeof p.sel_key, "k3");
	p.sel = 3;
	werase(p.win);
	tui_table(&p, cols, 3, &d);
	cell_attr(p.win, 2 + 3, 0, &pair, &strike);
	is_int(pair, CP_TITLE_FOCUS, "the selected row is marked");
	/* a row appears above it: the selection moves with its row */
	diff_begin(&d);
	{
		const char *c[3] = { "nuevo", "UP", "" };
		diff_add(&d, "k-new", 0, 0, 0, 3, c);
	}
	for (int i = 0; i < 20; i++) {
		snprintf(key, sizeof key, "k%d", i);
		snprintf(name, sizeof name, "if%02d", i);
		const char *c[3] = { name, "UP", "" };
		diff_add(&d, key, 0, 0, 0, 3, c);
	}
	diff_end(&d, 12000);
	werase(p.win);
	tui_table(&p, cols, 3, &d);
	is_int(p.sel, 4, "the selection follows its row");
	ok(strncmp(row_text(p.win, 2 + 4), "if03", 4) == 0, "still on if03");
	cell_attr(p.win, 2 + 4, 0, &pair, &strike);
	is_int(pair, CP_TITLE_FOCUS, "marked at its new place");
	pane_scroll_key(&p, TK_END);
	werase(p.win);
	tui_table(&p, cols, 3, &d);
	is_str(p.sel_key, "k19", "End selects the last row");
	ok(p.scroll + (p.h - 2) > p.sel, "and the view follows it");
	p.focused = false;
	werase(p.win);
	tui_table(&p, cols, 3, &d);
	cell_attr(p.win, 2 + p.sel - p.scroll, 0, &pair, &strike);
	ok(pair != CP_TITLE_FOCUS, "no bar when the pane is not focused");

	diff_free(&d);
	delwin(p.win);
	endwin();
	delscreen(scr);
	return done_testing();
}
