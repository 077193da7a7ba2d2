/* tui/tui.c: the screen. Owns curses: lays the panes out (full from
 * 120x35, compact down to 80x24, console only below that), routes keys
 * (readline bindings while the prompt is live, curses keys in `aisla
 * watch`), turns world changes into redraws coalesced to at most ~30
 * frames a second with one doupdate() per loop turn, hands the terminal
 * to foreground children, and restores it on every way out. */
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <readline/readline.h>
#include "tui.h"
#include "tui-int.h"
#include "../i18n.h"
#include "../loop.h"
#include "../out.h"
#include "../repl.h"
#include "../run.h"
#include "../shell.h"
#include "../world/world.h"
#include "../world/procs.h"

#define FRAME_MS 33		/* at most ~30 frames a second */

struct tui_state tui;

static bool suspended;
static bool console_dirty, prompt_dirty, redraw_all;
static uint64_t last_frame, frame_timer, hl_timer, hl_armed;
static bool help_shown;		/* watch mode: the help overlay is up */
static WINDOW *help_win;
static FILE *rl_null;
static bool watching;		/* world_watch registered (it cannot be undone) */
static bool winch_hooked;
/* counters for the benchmark (AISLA_TUI_STATS=FILE: written at the end) */
static unsigned long st_frames, st_panes, st_updates, st_world;
static uint64_t st_cpu_ns;	/* CPU time spent drawing (thread CPU clock) */

static uint64_t cpu_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static const struct pane_class *const classes[PANE_COUNT] = {
	[PANE_PROCS] = &pane_procs_class,
	[PANE_LINKS] = &pane_links_class,
	[PANE_ROUTES] = &pane_routes_class,
	[PANE_TOPO] = &pane_topo_class,
	[PANE_CGROUPS] = &pane_cgroups_class,
	[PANE_CONSOLE] = &pane_console_class,
};

bool tui_active(void)
{
	return tui.active;
}

static bool term_size(int *rows, int *cols)
{
	struct winsize ws;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) < 0 || !ws.ws_row || !ws.ws_col)
		return false;
	*rows = ws.ws_row;
	*cols = ws.ws_col;
	return true;
}

bool tui_possible(void)
{
	const char *term = getenv("TERM");
	int r, c;
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return false;
	if (!term || !*term || !strcmp(term, "dumb"))
		return false;
	if (!term_size(&r, &c))
		return false;
	return r >= 24 && c >= 80;
}

static void out_sink(enum out_stream s, const char *text, size_t len, void *arg)
{
	(void)arg;
	console_append(s == OUT_STDERR ? 1 : s == OUT_PROSE ? 3 : 0, text, len);
}

/* ---------- layout ---------- */

static void place(int i, int y, int x, int h, int w, bool sep)
{
	struct pane *p = &tui.panes[i];
	if (h < 2 || w < 4)
		return;
	p->y = y;
	p->x = x;
	p->h = h;
	p->w = w;
	p->cw = sep ? w - 1 : w;
	p->visible = true;
	p->win = newwin(h, w, y, x);
	if (p->win)
		leaveok(p->win, TRUE);
	else
		p->visible = false;
	p->dirty = true;
}

static void layout_panes(void);

/* The lesson view: as the user chose with F6, else on when a line is
 * pinned (a lesson runs) and the screen is compact. */
static bool lesson_view(void)
{
	if (tui.lesson_view_set)
		return tui.lesson_view;
	return tui.pin[0] && LINES >= 24 && COLS >= 80 && (COLS < 120 || LINES < 35);
}

/* Heights for n panes stacked in total rows: each gets min rows, then
 * one row at a time goes, by weight, to a pane whose content lacks room
 * (want: the rows it would fill), and when all fits, to any (a pane of
 * weight 0 gets no more than its minimum). */
static void share_rows(int total, int n, const int *want, const int *min, const int *weight,
		       int *h)
{
	int left = total;
	for (int i = 0; i < n; i++) {
		h[i] = min[i];
		left -= min[i];
	}
	if (left < 0) {
		for (int i = 0; i < n; i++)
			h[i] = total / n + (i < total % n);
		return;
	}
	while (left-- > 0) {
		int best = -1;
		/* to the pane with content waiting and the fewest rows per
		 * weight; when all fits, the same among all */
		for (int pass = 0; pass < 2 && best < 0; pass++)
			for (int i = 0; i < n; i++)
				if ((pass || want[i] > h[i]) && weight[i] &&
				    (best < 0 || h[i] * weight[best] < h[best] * weight[i]))
					best = i;
		if (best < 0)
			best = 0;
		h[best]++;
	}
}

/* The rows a pane would fill: its title, a table's header, its rows. */
static int pane_want(int i)
{
	const struct pane *p = &tui.panes[i];
	int extra = i == PANE_TOPO ? 1 : 2;
	return p->nrows + extra + (i == PANE_CGROUPS && p->nrows == 0 ? 1 : 0);
}

/* The full layout's heights: Processes over Topology on the left,
 * Interfaces, Routes and cgroups on the right, each column shared by
 * what the panes have to show (so an empty cgroups pane leaves its rows
 * to the interfaces). */
static void layout_heights(int top, int hl[2], int hr[3])
{
	static const int minl[2] = { 5, 5 }, minr[3] = { 5, 4, 4 }, weightl[2] = { 1, 1 };
	int wl[2] = { pane_want(PANE_PROCS), pane_want(PANE_TOPO) };
	int wr[3] = { pane_want(PANE_LINKS), pane_want(PANE_ROUTES), pane_want(PANE_CGROUPS) };
	/* Interfaces first, then Routes; an empty cgroups pane keeps its minimum */
	int weightr[3] = { 3, 1, tui.panes[PANE_CGROUPS].nrows ? 1 : 0 };
	share_rows(top, 2, wl, minl, weightl, hl);
	share_rows(top, 3, wr, minr, weightr, hr);
}

/* After a frame: if what the panes hold now would share the rows
 * differently by two rows or more, lay the screen out again (at most
 * once a second, so a process coming and going does not shake it). */
static uint64_t last_share;
static bool reshare;		/* lay out again at the next frame */
static void on_frame_timer(void *arg);
static void relayout(void);
static void maybe_reshare(uint64_t now)
{
	if (tui.compact || tui.zoom || tui.small || tui.watch || lesson_view() ||
	    now - last_share < 1000)
		return;
	int top = tui.panes[PANE_CONSOLE].visible ? tui.panes[PANE_CONSOLE].y : LINES;
	int hl[2], hr[3];
	layout_heights(top, hl, hr);
	const int ids[5] = { PANE_PROCS, PANE_TOPO, PANE_LINKS, PANE_ROUTES, PANE_CGROUPS };
	const int hs[5] = { hl[0], hl[1], hr[0], hr[1], hr[2] };
	for (int k = 0; k < 5; k++) {
		int d = hs[k] - tui.panes[ids[k]].h;
		if (d >= 2 || d <= -2) {
			last_share = now;
			reshare = true;
			if (!frame_timer)
				frame_timer = loop_add_timer(1, on_frame_timer, NULL);
			return;
		}
	}
}

/* Place the panes, then tell the process model whether anyone shows its
 * 1 Hz figures (no pane, no timer: only kernel events wake it up). */
static bool figures_off;

static void layout(void)
{
	bool want;
	layout_panes();
	want = tui.panes[PANE_PROCS].visible;
	if (want == figures_off) {
		procs_set_figures(want);
		figures_off = !want;
	}
}

static void layout_panes(void)
{
	int L = LINES, C = COLS;
	int top = L, ch = 0;

	for (int i = 0; i < PANE_COUNT; i++) {
		struct pane *p = &tui.panes[i];
		if (p->win)
			delwin(p->win);
		p->win = NULL;
		p->visible = false;
		p->focused = i == tui.focus;
	}
	if (tui.prompt) {
		delwin(tui.prompt);
		tui.prompt = NULL;
	}
	if (help_win) {
		delwin(help_win);
		help_win = NULL;
		help_shown = false;
	}
	tui.small = C < 80 || L < 24;
	tui.compact = !tui.small && (C < 120 || L < 35);

	if (!tui.watch) {
		tui.prompt = newwin(1, C, L - 1, 0);
		if (tui.prompt)
			leaveok(tui.prompt, FALSE);
		if (tui.small) {
			place(PANE_CONSOLE, 0, 0, L - 1, C, false);
			run_set_console(L - 2, C);
			return;
		}
		ch = L * 3 / 10;
		if (lesson_view())
			ch = (L - 1) * 2 / 3;	/* the console first, one pane above */
		if (ch < 7)
			ch = 7;
		top = L - 1 - ch;
		place(PANE_CONSOLE, top, 0, ch, C, false);
		run_set_console(ch - 1, C);
	} else if (tui.small) {
		place(tui.focus, 0, 0, L, C, false);
		return;
	}

	if (tui.compact || tui.zoom || (!tui.watch && lesson_view())) {
		place(tui.focus, 0, 0, top, C, false);
		return;
	}
	int w1 = C / 2, w2 = C - w1;
	int hl[2], hr[3];
	layout_heights(top, hl, hr);
	place(PANE_PROCS, 0, 0, hl[0], w1, true);
	place(PANE_TOPO, hl[0], 0, hl[1], w1, true);
	place(PANE_LINKS, 0, w1, hr[0], w2, false);
	place(PANE_ROUTES, hr[0], w1, hr[1], w2, false);
	place(PANE_CGROUPS, hr[0] + hr[1], w1, hr[2], w2, false);
}

/* ---------- drawing ---------- */

static void draw_title(struct pane *p)
{
	attr_t a = p->focused && !tui.compact ? (tui.colors ? COLOR_PAIR(CP_TITLE_FOCUS) | A_BOLD : A_REVERSE | A_BOLD)
					      : A_REVERSE;
	char left[160];
	if ((tui.compact || tui.zoom || (!tui.watch && lesson_view())) && p != &tui.panes[PANE_CONSOLE])
		snprintf(left, sizeof left, " [%d/5] %s  %s ", tui.focus + 1, _(p->cls->title),
			 tui.watch ? _("(Tab: next, ?: keys)") : _("(F2: next, F1: keys)"));
	else
		snprintf(left, sizeof left, " %s ", _(p->cls->title));
	tui_fill(p->win, 0, 0, p->w, a);
	int u = tui_put(p->win, 0, 0, left, p->w, a, false);
	if (p->badge[0]) {
		int bw = u8_width(p->badge) + 1;
		if (u + bw < p->w)
			tui_put(p->win, 0, p->w - bw, p->badge, bw, a, false);
	}
}

static void draw_pane(struct pane *p)
{
	if (!p->visible || !p->win)
		return;
	p->deadline = 0;
	p->badge[0] = 0;
	werase(p->win);
	p->cls->draw(p);
	st_panes++;
	/* more rows than room: say which ones show */
	int room = pane_rows(p) - (p == &tui.panes[PANE_CONSOLE] || p == &tui.panes[PANE_TOPO] ? 0 : 1);
	if (p->nrows > room && room > 0) {
		size_t l = strlen(p->badge);
		int last = p->scroll + room < p->nrows ? p->scroll + room : p->nrows;
		snprintf(p->badge + l, sizeof p->badge - l, "%s\xe2\x86\x95 %d-%d/%d",
			 l ? "  " : "", p->scroll + 1, last, p->nrows);
	}
	draw_title(p);
	if (p->cw < p->w)
		for (int y = 1; y < p->h; y++)
			mvwaddstr(p->win, y, p->w - 1, "\xe2\x94\x82");
	wnoutrefresh(p->win);
	p->dirty = false;
}

static void on_hl_timer(void *arg)
{
	(void)arg;
	hl_timer = 0;
	hl_armed = 0;
	uint64_t now = loop_now_ms();
	for (int i = 0; i < PANE_COUNT; i++)
		if (tui.panes[i].deadline && tui.panes[i].deadline <= now)
			tui.panes[i].dirty = true;
}

static void on_frame_timer(void *arg)
{
	(void)arg;
	frame_timer = 0;
}

static void draw_help(void);

/* Once per loop turn: redraw what is dirty (at most ~30 times a second),
 * then one doupdate(). */
static void idle(void *arg)
{
	(void)arg;
	if (!tui.active || suspended)
		return;
	if (reshare) {
		reshare = false;
		relayout();
	}
	uint64_t c0 = cpu_ns();
	uint64_t now = loop_now_ms();
	bool any = redraw_all || console_dirty;
	for (int i = 0; i < PANE_COUNT && !any; i++)
		any = tui.panes[i].visible && tui.panes[i].dirty;
	bool drew = false;

	if (any) {
		if (now - last_frame >= FRAME_MS || redraw_all) {
			tui.now = now;
			if (redraw_all) {
				clearok(curscr, TRUE);
				for (int i = 0; i < PANE_COUNT; i++)
					tui.panes[i].dirty = true;
			}
			if (console_dirty)
				tui.panes[PANE_CONSOLE].dirty = true;
			uint64_t later = 0;
			for (int i = 0; i < PANE_COUNT; i++) {
				struct pane *p = &tui.panes[i];
				if (!p->visible || !p->dirty)
					continue;
				/* a pane with its own pace waits its turn */
				if (!redraw_all && p->cls->min_ms && now - p->last_draw < p->cls->min_ms) {
					uint64_t due = p->last_draw + p->cls->min_ms;
					if (!later || due < later)
						later = due;
					continue;
				}
				draw_pane(p);
				p->last_draw = now;
				drew = true;
			}
			if (help_shown && drew)
				draw_help();
			if (redraw_all)
				drew = true;
			console_dirty = redraw_all = false;
			if (drew) {
				last_frame = now;
				st_frames++;
				maybe_reshare(now);
			}
			if (later && !frame_timer)
				frame_timer = loop_add_timer((unsigned)(later - now), on_frame_timer, NULL);
		} else if (!frame_timer) {
			frame_timer = loop_add_timer((unsigned)(FRAME_MS - (now - last_frame)),
						     on_frame_timer, NULL);
		}
	}
	if (drew || prompt_dirty) {
		if (tui.prompt) {
			console_draw_prompt();	/* last: the cursor stays there */
		}
		doupdate();
		st_updates++;
		prompt_dirty = false;
	}

	/* wake up when the next highlight fades, and not otherwise */
	uint64_t dl = 0;
	for (int i = 0; i < PANE_COUNT; i++) {
		uint64_t d = tui.panes[i].visible ? tui.panes[i].deadline : 0;
		if (d && (!dl || d < dl))
			dl = d;
	}
	if (dl != hl_armed) {
		if (hl_timer)
			loop_cancel_timer(hl_timer);
		hl_timer = 0;
		hl_armed = dl;
		if (dl)
			hl_timer = loop_add_timer(dl > now ? (unsigned)(dl - now) : 0, on_hl_timer, NULL);
	}
	st_cpu_ns += cpu_ns() - c0;
}

void tui_echo(const char *prompt, const char *line)
{
	if (!tui.active)
		return;
	console_echo(prompt ? prompt : "", line ? line : "");
	console_scroll(0);
}

void tui_pin(const char *text)
{
	bool before = tui.active && lesson_view();
	size_t o = 0;
	/* a step's title may hold `code`: the pinned line shows it plain */
	for (const char *c = text ? text : ""; *c && o + 1 < sizeof tui.pin; c++)
		if (*c != '`')
			tui.pin[o++] = *c;
	tui.pin[o] = '\0';
	if (!tui.active)
		return;
	console_dirty = true;
	if (lesson_view() != before)
		relayout();
}

void tui_flush(void)
{
	if (!tui.active || suspended)
		return;
	last_frame = 0;
	idle(NULL);
}

void tui_dirty(int pane)
{
	if (pane >= 0 && pane < PANE_COUNT)
		tui.panes[pane].dirty = true;
}

void tui_console_dirty(void)
{
	console_dirty = true;
}

static void on_world(unsigned what, void *arg)
{
	(void)arg;
	if (!tui.active)
		return;
	st_world++;
	for (int i = 0; i < PANE_COUNT; i++)
		if (classes[i]->watch & what)
			tui.panes[i].dirty = true;
}

static void relayout(void)
{
	tui.view++;
	layout();
	redraw_all = true;
	if (tui.prompt)
		rl_set_screen_size(1, COLS);
}

static void on_winch(int signo, void *arg)
{
	int r, c;
	(void)signo;
	(void)arg;
	if (!tui.active || suspended)
		return;
	if (term_size(&r, &c))
		resizeterm(r, c);
	relayout();
}

/* ---------- keys ---------- */

static const char *const help_lines[] = {
	N_("F1 or ? (empty line)  this list of keys"),
	N_("F2 / Shift-F2         focus the next / previous pane (compact: show it)"),
	N_("F3                    the focused pane alone (again: all panes)"),
	N_("F4                    the focused pane's switch (processes: all; routes: IPv6)"),
	N_("F5                    fold / unfold the host's section (Interfaces, Routes, Topology)"),
	N_("F6                    the lesson view: the console large, one pane above (again: back)"),
	N_("Alt-Up, Alt-Down      move the selection in the focused pane (Alt-PgUp, Alt-PgDn: a page)"),
	N_("Alt-Home, Alt-End     the first / last row of the focused pane"),
	N_("PgUp, PgDn            scroll the console"),
	N_("Ctrl-L                redraw the screen"),
	N_("Ctrl-C                forget the line being typed"),
	N_("Ctrl-R                search the history; Tab completes"),
	N_("Ctrl-D                leave aisla"),
};
static const char *const help_watch[] = {
	N_("F1 or ?               this list of keys"),
	N_("Tab, F2 / Shift-Tab   focus the next / previous pane"),
	N_("z, F3                 the focused pane alone (again: all panes)"),
	N_("a, F4                 the focused pane's switch (processes: all; routes: IPv6)"),
	N_("h, F5                 fold / unfold the host's section"),
	N_("arrows, PgUp, PgDn    move the selection in the focused pane"),
	N_("Home, End             the first / last row"),
	N_("Ctrl-L                redraw the screen"),
	N_("q, F10                leave"),
};

static void draw_help(void)
{
	int n = sizeof help_watch / sizeof help_watch[0];
	int h = n + 4, w = 90;
	if (w > COLS)
		w = COLS;
	if (h > LINES)
		h = LINES;
	if (!help_win)
		help_win = newwin(h, w, (LINES - h) / 2, (COLS - w) / 2);
	if (!help_win)
		return;
	werase(help_win);
	box(help_win, 0, 0);
	tui_put(help_win, 0, 2, _(" Keys "), w - 4, A_BOLD, false);
	for (int i = 0; i < n && i + 2 < h - 1; i++)
		tui_put(help_win, i + 2, 2, _(help_watch[i]), w - 4, A_NORMAL, false);
	wnoutrefresh(help_win);
}

static void show_help(void)
{
	if (tui.watch) {
		help_shown = true;
		redraw_all = true;
		return;
	}
	out_printf("%s\n", _("Keys:"));
	for (size_t i = 0; i < sizeof help_lines / sizeof help_lines[0]; i++)
		out_printf("  %s\n", _(help_lines[i]));
}

static void focus_move(int delta)
{
	int n = PANE_CONSOLE;	/* data panes */
	tui.focus = ((tui.focus + delta) % n + n) % n;
	if (tui.compact || tui.zoom || tui.small || (!tui.watch && lesson_view()))
		relayout();
	else
		for (int i = 0; i < PANE_COUNT; i++) {
			bool f = i == tui.focus;
			if (tui.panes[i].focused != f) {
				tui.panes[i].focused = f;
				tui.panes[i].dirty = true;
			}
		}
}

/* A key for the screen; true if used. */
static bool handle_key(int key)
{
	struct pane *fp = &tui.panes[tui.focus];
	switch (key) {
	case KEY_F(1): case '?':
		show_help();
		return true;
	case KEY_F(2): case '\t':
		focus_move(1);
		return true;
	case KEY_F(14): case KEY_BTAB:	/* Shift-F2, Shift-Tab */
		focus_move(-1);
		return true;
	case KEY_F(3): case 'z':
		tui.zoom = !tui.zoom;
		relayout();
		return true;
	case KEY_F(5): case 'h':
		tui.fold_host = !tui.fold_host;
		tui.view++;
		tui.panes[PANE_LINKS].dirty = tui.panes[PANE_ROUTES].dirty = true;
		tui.panes[PANE_TOPO].dirty = true;
		return true;
	case 12:	/* Ctrl-L */
		relayout();
		return true;
	case KEY_F(6):
		tui.lesson_view = !lesson_view();
		tui.lesson_view_set = true;
		relayout();
		return true;
	case KEY_F(4): case 'a':
		tui.view++;
		if (fp->cls->key && fp->cls->key(fp, TK_TOGGLE))
			fp->dirty = true;
		else if (tui.panes[PANE_PROCS].cls->key(&tui.panes[PANE_PROCS], TK_TOGGLE))
			tui.panes[PANE_PROCS].dirty = true;
		return true;
	case TK_UP: case TK_DOWN: case TK_PGUP: case TK_PGDN: case TK_HOME: case TK_END:
		if (fp->cls->key && fp->cls->key(fp, key))
			return true;
		return pane_scroll_key(fp, key);
	}
	return false;
}

/* watch mode: curses reads the keyboard */
static void on_key_watch(int fd, short revents, void *arg)
{
	int c;
	(void)fd;
	(void)arg;
	if (revents & (POLLHUP | POLLERR) && !(revents & POLLIN)) {
		shell.quit = true;
		loop_quit();
		return;
	}
	while ((c = wgetch(stdscr)) != ERR) {
		if (help_shown) {
			help_shown = false;
			redraw_all = true;
			if (c != KEY_F(1) && c != '?')
				continue;
			continue;
		}
		if (c == 'q' || c == 'Q' || c == KEY_F(10)) {
			shell.quit = true;
			loop_quit();
			return;
		}
		handle_key(c);
	}
}

static void on_sigint_watch(int signo, void *arg)
{
	(void)signo;
	(void)arg;
	if (tui.active && tui.watch) {
		shell.quit = true;
		loop_quit();
	}
}

/* readline bindings: the screen's keys while the prompt is live */
static int rk_help(int c, int k) { (void)c; (void)k; show_help(); return 0; }
static int rk_next(int c, int k) { (void)c; (void)k; focus_move(1); return 0; }
static int rk_prev(int c, int k) { (void)c; (void)k; focus_move(-1); return 0; }
static int rk_zoom(int c, int k) { (void)c; (void)k; handle_key(KEY_F(3)); return 0; }
static int rk_toggle(int c, int k) { (void)c; (void)k; handle_key(KEY_F(4)); return 0; }
static int rk_up(int c, int k) { (void)c; (void)k; handle_key(TK_UP); return 0; }
static int rk_down(int c, int k) { (void)c; (void)k; handle_key(TK_DOWN); return 0; }
static int rk_pup(int c, int k) { (void)c; (void)k; handle_key(TK_PGUP); return 0; }
static int rk_pdown(int c, int k) { (void)c; (void)k; handle_key(TK_PGDN); return 0; }
static int rk_cpup(int c, int k) { (void)c; (void)k; console_scroll(1); return 0; }
static int rk_cpdown(int c, int k) { (void)c; (void)k; console_scroll(-1); return 0; }
static int rk_redraw(int c, int k) { (void)c; (void)k; relayout(); return 0; }
static int rk_fold(int c, int k) { (void)c; (void)k; handle_key(KEY_F(5)); return 0; }
static int rk_home(int c, int k) { (void)c; (void)k; handle_key(TK_HOME); return 0; }
static int rk_end(int c, int k) { (void)c; (void)k; handle_key(TK_END); return 0; }
static int rk_lesson(int c, int k) { (void)c; (void)k; handle_key(KEY_F(6)); return 0; }

static int rk_question(int c, int k)
{
	if (rl_end == 0) {
		show_help();
		return 0;
	}
	return rl_insert(c, k);
}

/* Enter: the typed line goes into the console after its prompt. */
static int rk_accept(int c, int k)
{
	console_echo(rl_prompt ? rl_prompt : "", rl_line_buffer ? rl_line_buffer : "");
	console_scroll(0);
	return rl_newline(c, k);
}

/* Tab completion lists go to the console. */
static void show_matches(char **matches, int num, int max_len)
{
	int cols = COLS / (max_len + 2);
	char *line;
	size_t cap = (size_t)(max_len + 2) * (size_t)(cols > 0 ? cols : 1) + 2;
	(void)max_len;
	if (cols < 1)
		cols = 1;
	console_echo(rl_prompt ? rl_prompt : "", rl_line_buffer ? rl_line_buffer : "");
	if (!(line = malloc(cap)))
		return;
	for (int i = 1; i <= num; i += cols) {
		size_t o = 0;
		for (int j = i; j < i + cols && j <= num; j++)
			o += (size_t)snprintf(line + o, cap - o, "%-*s", max_len + 2, matches[j]);
		while (o > 0 && line[o - 1] == ' ')
			o--;
		line[o++] = '\n';
		console_append(0, line, o);
	}
	free(line);
	prompt_dirty = true;
}

static void rl_redisplay_hook(void)
{
	prompt_dirty = true;
	/* typed keys show at once, not at the end of the turn */
	if (tui.active && !suspended && tui.prompt) {
		console_draw_prompt();
		doupdate();
		prompt_dirty = false;
	}
}

/* The screen's keys as the terminal sends them. */
static const struct { const char *seq; rl_command_func_t *fn; } screen_keys[] = {
	{ "\033OP", rk_help }, { "\033[11~", rk_help }, { "\033[[A", rk_help },
	{ "\033OQ", rk_next }, { "\033[12~", rk_next }, { "\033[[B", rk_next },
	{ "\033[1;2Q", rk_prev }, { "\033[26~", rk_prev },
	{ "\033OR", rk_zoom }, { "\033[13~", rk_zoom }, { "\033[[C", rk_zoom },
	{ "\033OS", rk_toggle }, { "\033[14~", rk_toggle }, { "\033[[D", rk_toggle },
	{ "\033[1;3A", rk_up }, { "\033\033[A", rk_up },
	{ "\033[1;3B", rk_down }, { "\033\033[B", rk_down },
	{ "\033[5;3~", rk_pup }, { "\033\033[5~", rk_pup },
	{ "\033[6;3~", rk_pdown }, { "\033\033[6~", rk_pdown },
	{ "\033[5~", rk_cpup }, { "\033[6~", rk_cpdown },
	{ "\033[15~", rk_fold }, { "\033[[E", rk_fold },
	{ "\033[17~", rk_lesson },
	{ "\033[1;3H", rk_home }, { "\033\033[1~", rk_home }, { "\033\033[H", rk_home },
	{ "\033[1;3F", rk_end }, { "\033\033[4~", rk_end }, { "\033\033[F", rk_end },
};

/* A key read outside readline (a pause): if it is one of the screen's,
 * do what it does. */
bool tui_key_seq(const char *seq, size_t len)
{
	if (!tui.active || tui.watch)
		return false;
	if (len == 1 && (seq[0] == '\t' || seq[0] == 12)) {
		if (seq[0] == 12)
			relayout();
		else
			focus_move(1);
		return true;
	}
	for (size_t i = 0; i < sizeof screen_keys / sizeof screen_keys[0]; i++)
		if (strlen(screen_keys[i].seq) == len && !memcmp(screen_keys[i].seq, seq, len)) {
			screen_keys[i].fn(1, 0);
			return true;
		}
	if (len == 1 && seq[0] == '?') {
		show_help();
		return true;
	}
	return false;
}

static void bind_keys(void)
{
	for (size_t i = 0; i < sizeof screen_keys / sizeof screen_keys[0]; i++)
		rl_bind_keyseq(screen_keys[i].seq, screen_keys[i].fn);
	rl_bind_key('?', rk_question);
	rl_bind_key('\r', rk_accept);
	rl_bind_key('\n', rk_accept);
	rl_bind_key(12, rk_redraw);
}

static void readline_into_curses(void)
{
	rl_catch_signals = 0;
	rl_catch_sigwinch = 0;
	rl_change_environment = 0;	/* LINES/COLUMNS would freeze curses' size */
	rl_prep_term_function = NULL;	/* curses owns the terminal modes */
	rl_deprep_term_function = NULL;
	rl_redisplay_function = rl_redisplay_hook;
	rl_completion_display_matches_hook = show_matches;
	if (!rl_null)
		rl_null = fopen("/dev/null", "we");
	if (rl_null)
		rl_outstream = rl_null;	/* the bell and the like: never raw */
	rl_set_screen_size(1, COLS);
	bind_keys();
}

static void readline_release(void)
{
	rl_redisplay_function = rl_redisplay;
	rl_completion_display_matches_hook = NULL;
	rl_prep_term_function = rl_prep_terminal;
	rl_deprep_term_function = rl_deprep_terminal;
	rl_outstream = stdout;
	if (rl_null) {
		fclose(rl_null);
		rl_null = NULL;
	}
}

/* ---------- foreground children ---------- */

static void tty_suspend(void)
{
	if (!tui.active || suspended)
		return;
	def_prog_mode();
	endwin();
	tui_stderr_release();
	suspended = true;
}

static void tty_resume(void)
{
	int r, c;
	if (!tui.active || !suspended)
		return;
	suspended = false;
	tui_stderr_capture();
	reset_prog_mode();
	if (term_size(&r, &c) && (r != LINES || c != COLS))
		resizeterm(r, c);
	relayout();
	idle(NULL);
}

/* ---------- start, stop ---------- */

static void init_colors(void)
{
	static const short fg[TUI_NCOLORS] = { COLOR_RED, COLOR_GREEN, COLOR_YELLOW,
					       COLOR_BLUE, COLOR_MAGENTA, COLOR_CYAN };
	tui.colors = has_colors() && start_color() == OK;
	if (!tui.colors)
		return;
	use_default_colors();
	for (int i = 0; i < TUI_NCOLORS; i++)
		init_pair((short)(CP_NS + i), fg[i], -1);
	init_pair(CP_CHANGED, COLOR_BLACK, COLOR_YELLOW);
	init_pair(CP_TITLE_FOCUS, COLOR_BLACK, COLOR_GREEN);
	init_pair(CP_ERR, COLOR_RED, -1);
	init_pair(CP_ECHO, COLOR_CYAN, -1);
	init_pair(CP_HEAD, COLOR_BLACK, COLOR_CYAN);
	init_pair(CP_CODE, COLOR_GREEN, -1);
}

int tui_start(enum tui_mode mode, struct err *e)
{
	if (tui.active)
		return 0;
	if (!tui_possible())
		return err_set(e, _("the panes need a terminal of at least 80x24"));
	const char *ct = setlocale(LC_CTYPE, NULL);
	if (!ct || !strcmp(ct, "C") || !strcmp(ct, "POSIX"))
		setlocale(LC_CTYPE, "");
	tui_save_terminal();
	if (!getenv("ESCDELAY"))
		set_escdelay(25);
	if (!newterm(NULL, stdout, stdin))
		return err_set(e, _("cannot take the terminal for the panes (TERM=%s)"),
			       getenv("TERM") ? getenv("TERM") : "");
	tui_crash_handlers();
	cbreak();
	noecho();
	intrflush(stdscr, FALSE);
	init_colors();
	memset(tui.panes, 0, sizeof tui.panes);
	tui.watch = mode == TUI_WATCH;
	tui.focus = PANE_LINKS;
	tui.active = true;
	for (int i = 0; i < PANE_COUNT; i++) {
		tui.panes[i].cls = classes[i];
		if (classes[i]->priv_size && (tui.panes[i].priv = calloc(1, classes[i]->priv_size)))
			diff_init(tui.panes[i].priv, 3000, classes[i]->linger_ms);
		if (classes[i]->init)
			classes[i]->init(&tui.panes[i]);
	}
	wnoutrefresh(stdscr);	/* stdscr stays blank and untouched from now on */
	layout();
	curs_set(tui.watch ? 0 : 1);

	tui_stderr_capture();
	out_set_sink(out_sink, NULL);
	run_set_tty_hooks(tty_suspend, tty_resume);
	loop_set_idle(idle, NULL);
	if (!watching) {
		world_watch(on_world, NULL);
		watching = true;
	}
	if (!winch_hooked) {
		loop_on_signal(SIGWINCH, on_winch, NULL);
		loop_on_signal(SIGINT, on_sigint_watch, NULL);
		winch_hooked = true;
	}
	redraw_all = true;

	if (tui.watch) {
		keypad(stdscr, TRUE);
		nodelay(stdscr, TRUE);
		loop_add_fd(STDIN_FILENO, POLLIN, on_key_watch, NULL);
	} else {
		readline_into_curses();
		if (repl_start(e) < 0) {
			tui_stop();
			return -1;
		}
	}
	idle(NULL);
	return 0;
}

void tui_stop(void)
{
	if (!tui.active)
		return;
	tui.active = false;
	if (tui.watch)
		loop_del_fd(STDIN_FILENO);
	else
		readline_release();
	if (frame_timer)
		loop_cancel_timer(frame_timer);
	if (hl_timer)
		loop_cancel_timer(hl_timer);
	frame_timer = hl_timer = hl_armed = 0;
	loop_set_idle(NULL, NULL);
	run_set_tty_hooks(NULL, NULL);
	run_set_console(0, 0);
	out_set_sink(NULL, NULL);
	for (int i = 0; i < PANE_COUNT; i++) {
		struct pane *p = &tui.panes[i];
		if (p->cls && p->cls->free)
			p->cls->free(p);
		if (p->cls && p->cls->priv_size && p->priv) {
			diff_free(p->priv);
			free(p->priv);
		}
		p->priv = NULL;
		if (p->win)
			delwin(p->win);
		p->win = NULL;
	}
	if (tui.prompt)
		delwin(tui.prompt);
	tui.prompt = NULL;
	if (help_win)
		delwin(help_win);
	help_win = NULL;
	if (!suspended)
		endwin();
	suspended = false;
	tui_stderr_release();
	if (figures_off) {
		procs_set_figures(true);	/* the default, for plain use */
		figures_off = false;
	}
	const char *stats = getenv("AISLA_TUI_STATS");
	FILE *f = stats && *stats ? fopen(stats, "we") : NULL;
	if (f) {
		fprintf(f, "world_changes %lu\nframes %lu\npanes_drawn %lu\ndoupdates %lu\n"
			"draw_cpu_ms %.1f\n", st_world, st_frames, st_panes, st_updates,
			(double)st_cpu_ns / 1e6);
		fclose(f);
	}
}
