/* tui/pane-console.c: the console pane (command output with scrollback,
 * errors in red, each typed command echoed after its prompt) and the
 * readline line below it: readline's redisplay draws into a curses
 * window instead of writing to the terminal. */
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <readline/readline.h>
#include "tui-int.h"
#include "../i18n.h"
#include "../repl.h"

#define CONSOLE_MAX 5000

struct cline {
	char *text;
	unsigned char kind;	/* 0 out, 1 err, 2 echo, 3 prose (`code` spans) */
	char *disp;		/* prose as shown: without the backticks... */
	unsigned char *code;	/* ...and, byte by byte, whether it is code */
};

static struct cline lines[CONSOLE_MAX];
static int first, count;	/* ring */
static bool partial;		/* last line not ended by '\n' yet */
static int scroll_back;		/* screen rows scrolled up from the bottom */

static struct cline *line_at(int i)
{
	return &lines[(first + i) % CONSOLE_MAX];
}

static void push_line(const char *s, size_t len, int kind)
{
	struct cline *l;
	if (count == CONSOLE_MAX) {
		l = line_at(0);
		free(l->text);
		free(l->disp);
		free(l->code);
		first = (first + 1) % CONSOLE_MAX;
		count--;
	}
	l = line_at(count++);
	l->text = strndup(s, len);
	l->kind = (unsigned char)kind;
	l->disp = NULL;
	l->code = NULL;
}

/* The text of a line as the pane shows it. A prose line's `code` spans
 * lose their backticks and are drawn as code (computed once, again
 * after an append). An unmatched backtick makes the rest code. */
static const char *shown(struct cline *l)
{
	if (l->kind != 3 || !l->text)
		return l->text ? l->text : "";
	if (!l->disp) {
		size_t n = strlen(l->text), o = 0;
		char *d = malloc(n + 1);
		unsigned char *m = malloc(n + 1);
		bool code = false;
		if (!d || !m) {
			free(d);
			free(m);
			return l->text;
		}
		for (size_t i = 0; i < n; i++) {
			if (l->text[i] == '`') {
				code = !code;
				continue;
			}
			d[o] = l->text[i];
			m[o++] = code;
		}
		d[o] = '\0';
		l->disp = d;
		l->code = m;
	}
	return l->disp;
}

static void append_to_last(const char *s, size_t len)
{
	struct cline *l = line_at(count - 1);
	size_t old = strlen(l->text);
	char *n = realloc(l->text, old + len + 1);
	if (!n)
		return;
	memcpy(n + old, s, len);
	n[old + len] = 0;
	l->text = n;
	free(l->disp);
	free(l->code);
	l->disp = NULL;
	l->code = NULL;
}

/* Text without terminal control sequences (a child's colours, \r). */
static size_t clean(const char *in, size_t len, char *out)
{
	size_t o = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)in[i];
		if (c == 0x1b) {	/* ESC [ ... final */
			if (i + 1 < len && in[i + 1] == '[') {
				i += 2;
				while (i < len && !((unsigned char)in[i] >= 0x40 && (unsigned char)in[i] <= 0x7e))
					i++;
			}
			continue;
		}
		if (c == '\t') {
			out[o++] = ' ';
			out[o++] = ' ';
			continue;
		}
		if (c < 0x20 && c != '\n')
			continue;
		out[o++] = (char)c;
	}
	return o;
}

void console_append(int kind, const char *text, size_t len)
{
	char *buf = malloc(len * 2 + 1);
	if (!buf)
		return;
	len = clean(text, len, buf);
	const char *p = buf, *end = buf + len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (partial && count > 0)
			append_to_last(p, l);
		else
			push_line(p, l, kind);
		partial = !nl;
		p += l + (nl ? 1 : 0);
	}
	free(buf);
	tui_console_dirty();
}

void console_echo(const char *prompt, const char *line)
{
	size_t pl = strlen(prompt), ll = strlen(line);
	char *s = malloc(pl + ll + 1);
	if (!s)
		return;
	memcpy(s, prompt, pl);
	memcpy(s + pl, line, ll + 1);
	partial = false;
	push_line(s, pl + ll, 2);
	free(s);
	scroll_back = 0;
	tui_console_dirty();
}

void console_scroll(int pages)
{
	struct pane *p = &tui.panes[PANE_CONSOLE];
	int page = pane_rows(p) - 1;
	if (page < 1)
		page = 1;
	if (pages == 0)
		scroll_back = 0;
	else
		scroll_back += pages * page;
	if (scroll_back < 0)
		scroll_back = 0;
	tui_console_dirty();
}

/* Where the row that starts at s ends at width w: after the last space
 * that fits (a word is not cut), or where the width runs out when one
 * word is wider than the row. *cols gets the row's width. */
static const char *row_end(const char *s, int w, int *cols)
{
	mbstate_t st;
	const char *brk = NULL;
	int used = 0, brk_used = 0;

	memset(&st, 0, sizeof st);
	while (*s) {
		wchar_t wc;
		size_t k = mbrtowc(&wc, s, strlen(s), &st);
		if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
			memset(&st, 0, sizeof st);
			k = 1;
			wc = '?';
		}
		int cw = wcwidth(wc);
		if (cw < 0)
			cw = 0;
		if (used + cw > w) {
			if (wc == ' ') {	/* the space at the end: gone with the break */
				*cols = used;
				return s + k;
			}
			if (brk) {
				*cols = brk_used;
				return brk;
			}
			break;
		}
		used += cw;
		s += k;
		if (wc == ' ') {
			brk = s;
			brk_used = used;
		}
	}
	*cols = used;
	return s;
}

/* Screen rows a line takes at width w (wrapped at word boundaries). */
static int line_rows(const char *s, int w)
{
	int rows = 0, cols;
	if (u8_width(s) <= w)
		return 1;
	do {
		const char *e = row_end(s, w, &cols);
		if (e == s)
			e = s + 1;	/* a row must move on */
		s = e;
		rows++;
	} while (*s);
	return rows;
}

/* Draw the wrapped part [skip, skip+n) of a line's rows from row y. */
static void draw_line(WINDOW *win, int y, struct cline *l, int w, int skip, int n)
{
	attr_t a = l->kind == 1 ? (tui.colors ? COLOR_PAIR(CP_ERR) : A_BOLD) :
		   l->kind == 2 ? (A_BOLD | (tui.colors ? COLOR_PAIR(CP_ECHO) : 0)) : A_NORMAL;
	attr_t ca = tui.colors ? (COLOR_PAIR(CP_CODE) | A_BOLD) : A_BOLD;
	const char *s = shown(l), *base = s;
	int row = 0, cols;

	/* walk the text row by row */
	while (row < skip + n) {
		const char *start = s;
		s = row_end(s, w, &cols);
		if (s == start && *s)
			s++;
		if (row >= skip) {
			size_t len = (size_t)(s - start);
			while (*s && len > 0 && start[len - 1] == ' ')
				len--;	/* the space the row broke at */
			char *piece = strndup(start, len);
			int yy = y + row - skip;
			if (piece && l->code && l->disp == base) {
				/* runs of prose and of code, each in its attribute */
				const unsigned char *m = l->code + (start - base);
				int u = 0;
				for (size_t i = 0; i < len && u < w;) {
					size_t j = i;
					while (j < len && m[j] == m[i])
						j++;
					char keep = piece[j];
					piece[j] = '\0';
					u += tui_put(win, yy, u, piece + i, w - u, m[i] ? ca : a, false);
					piece[j] = keep;
					i = j;
				}
				tui_fill(win, yy, u, w, A_NORMAL);
				free(piece);
			} else if (piece) {
				int u = tui_put(win, yy, 0, piece, w, a, false);
				tui_fill(win, yy, u, w, A_NORMAL);
				free(piece);
			}
		}
		row++;
		if (!*s)
			break;
	}
	for (; row < skip + n; row++)
		tui_fill(win, y + row - skip, 0, w, A_NORMAL);
}

static void console_draw(struct pane *p)
{
	int rows = pane_rows(p), w = p->cw;
	int total = 0;

	/* the pinned line (a lesson's step) stays on the first row */
	int ytop = 1;
	if (tui.pin[0] && p->h > 4) {
		attr_t pa = A_BOLD | (tui.colors ? COLOR_PAIR(CP_HEAD) : A_REVERSE);
		tui_fill(p->win, 1, 0, w, pa);
		tui_put(p->win, 1, 0, tui.pin, w, pa, false);
		ytop = 2;
		rows--;
	}
	/* how far back we can go */
	for (int i = count - 1; i >= 0 && total < rows + scroll_back + 1; i--)
		total += line_rows(shown(line_at(i)), w);
	if (scroll_back > total - rows)
		scroll_back = total - rows > 0 ? total - rows : 0;

	/* fill from the bottom: skip scroll_back rows of the newest lines */
	int y = p->h;		/* one past the last content row (window row) */
	int skipb = scroll_back;
	for (int i = count - 1; i >= 0 && y > ytop; i--) {
		struct cline *l = line_at(i);
		int lr = line_rows(shown(l), w);
		if (skipb >= lr) {
			skipb -= lr;
			continue;
		}
		int show = lr - skipb;	/* its first `show` rows */
		skipb = 0;
		int top = y - show;
		int from = 0;
		if (top < ytop) {
			from = ytop - top;
			top = ytop;
		}
		draw_line(p->win, top, l, w, from, show - from);
		y = top;
	}
	for (int yy = ytop; yy < y; yy++)
		tui_fill(p->win, yy, 0, w, A_NORMAL);
	if (scroll_back)
		snprintf(p->badge, sizeof p->badge, ngettext("%d line up", "%d lines up", (unsigned long)scroll_back),
			 scroll_back);
	else
		snprintf(p->badge, sizeof p->badge, "PgUp/PgDn");
}

static bool console_key(struct pane *p, int key)
{
	(void)p;
	switch (key) {
	case TK_PGUP: console_scroll(1); return true;
	case TK_PGDN: console_scroll(-1); return true;
	case TK_END: console_scroll(0); return true;
	}
	return false;
}

static void console_free(struct pane *p)
{
	(void)p;
	for (int i = 0; i < count; i++) {
		free(line_at(i)->text);
		free(line_at(i)->disp);
		free(line_at(i)->code);
	}
	count = first = 0;
	partial = false;
}

const struct pane_class pane_console_class = {
	.name = "console",
	.title = N_("Console"),
	.watch = 0,
	.draw = console_draw,
	.key = console_key,
	.free = console_free,
};

/* ---------- the readline line ---------- */

/* Width of the first n bytes of s. */
static int u8n_width(const char *s, size_t n)
{
	char *t = strndup(s, n);
	int w = t ? u8_width(t) : (int)n;
	free(t);
	return w;
}

void console_draw_prompt(void)
{
	WINDOW *w = tui.prompt;
	if (!w)
		return;
	const char *pr = rl_display_prompt ? rl_display_prompt : "";
	const char *line = rl_line_buffer ? rl_line_buffer : "";
	int cols = getmaxx(w);
	if (repl_line_running()) {
		/* the line was echoed into the console and runs: no stale
		 * copy of it under a question or a pause */
		werase(w);
		wmove(w, 0, 0);
		wnoutrefresh(w);
		return;
	}
	int pw = u8_width(pr);
	int cur = pw + u8n_width(line, (size_t)rl_point);
	int total = pw + u8_width(line);
	/* horizontal scroll: keep the cursor in sight */
	int off = 0;
	if (cur >= cols - 1)
		off = cur - (cols - 1) + cols / 4;
	(void)total;
	werase(w);
	if (off == 0) {
		int u = tui_put(w, 0, 0, pr, cols, A_BOLD, false);
		tui_put(w, 0, u, line, cols - u, A_NORMAL, false);
	} else {
		/* skip `off` columns of prompt+line */
		char *all = NULL;
		if (asprintf(&all, "%s%s", pr, line) >= 0) {
			const char *s = all;
			int skipped = 0;
			mbstate_t st;
			memset(&st, 0, sizeof st);
			while (*s && skipped < off) {
				wchar_t wc;
				size_t k = mbrtowc(&wc, s, strlen(s), &st);
				if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
					memset(&st, 0, sizeof st);
					k = 1;
					wc = '?';
				}
				int cw = wcwidth(wc);
				skipped += cw > 0 ? cw : 0;
				s += k;
			}
			waddstr(w, "\xe2\x80\xa6");
			tui_put(w, 0, 1, s, cols - 1, A_NORMAL, false);
			free(all);
		}
		cur = cur - off + 1;
	}
	if (cur >= cols)
		cur = cols - 1;
	wmove(w, 0, cur);
	wnoutrefresh(w);
}

void console_rl_redisplay(void)
{
	console_draw_prompt();
	doupdate();
}
