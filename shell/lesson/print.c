/* print.c: how lesson text reaches the console: word wrapping with
 * inline Markdown simplified, headings, a section's prose, step numbers.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "../out.h"
#include "../tui/tui.h"
#include "internal.h"
#include "lesson.h"


static int text_width(void)
{
	struct winsize ws;
	const char *c = getenv("COLUMNS");
	int w = 80;

	if (tui_active())
		return 72;
	if (c && atoi(c) > 20)
		w = atoi(c);
	else if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 20)
		w = ws.ws_col;
	return w > 100 ? 100 : w - 2;
}

/* Display width of UTF-8 text (one column per code point). */
static int u8len(const char *s, size_t n)
{
	int w = 0;
	for (size_t i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			w++;
	return w;
}

/* Backticks in s[0..n). */
static unsigned ticks(const char *s, size_t n)
{
	unsigned k = 0;
	for (size_t i = 0; i < n; i++)
		k += s[i] == '`';
	return k;
}

/* In the panes, `code` spans are shown as code (OUT_PROSE): a line
 * break inside one closes it and opens it again on the next line, so
 * that every console line is whole. */
void lesson_print_wrapped(const char *prefix, const char *text, int width)
{
	char *clean = lesson_xstrdup(text), *d = clean;
	const char *s;
	int plen = u8len(prefix, strlen(prefix)), col = 0;
	bool first = true, open = false;
	char *indent;

	if (width <= 0)
		width = text_width();
	/* **bold**, __bold__ and *italic* read fine without the marks (the
	 * console has no italics); `code` keeps its backticks (the panes
	 * show it as code), and nothing inside them changes (`ls *.c`). */
	const char *close = NULL;	/* the '*' that ends the open *italic* */
	bool code = false;
	for (s = text; *s; s++) {
		if (*s == '`')
			code = !code;
		else if (!code && ((s[0] == '*' && s[1] == '*') || (s[0] == '_' && s[1] == '_'))) {
			s++;
			continue;
		} else if (!code && s == close) {
			close = NULL;
			continue;
		} else if (!code && !close && s[0] == '*' && s[1] && s[1] != ' ' && s[1] != '*' &&
			   (s == text || strchr(" \n(«\"'¿¡", s[-1]))) {
			const char *e = s + 1;
			while (*e && *e != '\n' && *e != '`' && !(*e == '*' && e[-1] != ' '))
				e++;
			if (*e == '*') {
				close = e;
				continue;
			}
		}
		*d++ = *s;
	}
	*d = '\0';
	indent = lesson_xstrdup(prefix);
	for (char *q = indent; *q; q++)
		if (*q != ' ')
			*q = ' ';
	/* Keep the indentation multi-byte safe: spaces, one per column. */
	free(indent);
	indent = calloc((size_t)plen + 1, 1);
	memset(indent, ' ', (size_t)plen);

	s = clean;
	while (*s) {
		while (*s == ' ')
			s++;
		if (!*s)
			break;
		size_t wl = strcspn(s, " \n");
		int ww = u8len(s, wl);
		if (first) {
			out_prose_printf("%s", prefix);
			col = plen;
			first = false;
		} else if (col + 1 + ww > width) {
			out_prose_printf(open && tui_active() ? "`\n%s`" : "\n%s", indent);
			col = plen;
		} else {
			out_prose_printf(" ");
			col++;
		}
		out_prose_printf("%.*s", (int)wl, s);
		open ^= ticks(s, wl) & 1;
		col += ww;
		s += wl;
		if (*s == '\n') {
			s++;
			out_prose_printf(open && tui_active() ? "`\n%s`" : "\n%s", indent);
			col = plen;
			while (*s == ' ')
				s++;
			first = false;
			if (!*s)
				break;
			/* already indented: print the next word without a space */
			size_t l2 = strcspn(s, " \n");
			out_prose_printf("%.*s", (int)l2, s);
			open ^= ticks(s, l2) & 1;
			col += u8len(s, l2);
			s += l2;
		}
	}
	out_prose_printf("\n");
	free(indent);
	free(clean);
}

static void print_code(const char *text)
{
	const char *s = text;
	while (*s) {
		size_t n = strcspn(s, "\n");
		/* in the panes, a command to type is shown as code */
		if (tui_active() && !memchr(s, '`', n))
			out_prose_printf("    `%.*s`\n", (int)n, s);
		else
			out_printf("    %.*s\n", (int)n, s);
		s += n;
		if (*s)
			s++;
	}
}

void lesson_print_item(const struct lesson_item *it)
{
	if (it->code)
		print_code(it->text);
	else if (!strncmp(it->text, "• ", strlen("• ")))
		lesson_print_wrapped("• ", it->text + strlen("• "), 0);
	else
		lesson_print_wrapped("", it->text, 0);
}

/* Step numbering: the index of section si among the steps (1-based). */
int lesson_step_number(const struct lesson *l, int si)
{
	int n = 0;
	for (int i = 0; i <= si && i < l->nsections; i++)
		n += lesson_section_is_step(&l->sections[i]);
	return n;
}

int lesson_count_steps(const struct lesson *l)
{
	return lesson_step_number(l, l->nsections - 1);
}

void lesson_print_heading(const char *title)
{
	int w = u8len(title, strlen(title));
	/* The console pane may cut long lines by bytes: ASCII there. */
	const char *rule = (tui_active()) ? "-" : "─";
	out_printf("\n%s\n", title);
	for (int i = 0; i < w && i < text_width(); i++)
		out_printf("%s", rule);
	out_printf("\n");
}

/* Print a section's prose (text items; for demos also say lines). */
void lesson_print_section(const struct lesson_section *s, bool with_say)
{
	bool prev_text = false;

	for (int i = 0; i < s->nitems; i++) {
		const struct lesson_item *it = &s->items[i];
		bool list = it->kind == ITEM_TEXT && !strncmp(it->text, "• ", strlen("• "));
		/* A blank line between paragraphs (not between list items). */
		if (it->kind == ITEM_TEXT && prev_text && !list)
			out_printf("\n");
		if (it->kind == ITEM_TEXT || it->kind == ITEM_SAY)
			prev_text = it->kind == ITEM_TEXT;
		if (it->kind == ITEM_TEXT) {
			lesson_print_item(it);
		} else if (it->kind == ITEM_SAY && with_say) {
			lesson_print_wrapped("» ", it->text, 0);
		}
	}
}
