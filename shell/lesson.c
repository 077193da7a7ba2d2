/* lesson.c: the lesson/demo format's parser and the one runner that
 * executes it in three modes: guided (the student types; the current
 * step's checks run after every command), replay (aisla types, for a
 * teacher) and batch (unattended, exit status). Also record and export,
 * which hook into the dispatcher the same way guided lessons do.
 * The format is described in lesson.h and docs/lesson-format.es.md.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include "check.h"
#include "cmd.h"
#include "i18n.h"
#include "journal.h"
#include "lesson.h"
#include "loop.h"
#include "out.h"
#include "paths.h"
#include "repl.h"
#include "shell.h"
#include "tok.h"
#include "tui/tui.h"
#include "world/world.h"

#pragma weak tui_active


/* ------------------------------------------------------------------ */
/* Parsing                                                            */
/* ------------------------------------------------------------------ */

struct parser {
	struct lesson *l;
	bool report;
	struct lesson_item *last;	/* continuation lines append here */
	bool para_open;			/* last item is a paragraph still growing */
};

__attribute__((format(printf, 3, 4)))
static void perr(struct parser *p, int line, const char *fmt, ...)
{
	struct err e = ERR_INIT;
	va_list ap;

	p->l->nerrors++;
	if (!p->report)
		return;
	va_start(ap, fmt);
	vsnprintf(e.msg, sizeof e.msg, fmt, ap);
	va_end(ap);
	err_where(&e, p->l->path, line);
	err_print(&e);
}

static void perr_e(struct parser *p, int line, struct err *e)
{
	p->l->nerrors++;
	if (!p->report)
		return;
	err_where(e, p->l->path, line);
	err_print(e);
}

static char *xstrdup(const char *s)
{
	char *d = strdup(s ? s : "");
	if (!d) {
		fprintf(stderr, "aisla: out of memory\n");
		abort();
	}
	return d;
}

static void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n);
	if (!q) {
		fprintf(stderr, "aisla: out of memory\n");
		abort();
	}
	return q;
}

static char *trim(char *s)
{
	size_t n;
	while (isspace((unsigned char)*s))
		s++;
	n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	return s;
}

static struct lesson_section *cur_section(struct parser *p)
{
	return &p->l->sections[p->l->nsections - 1];
}

static void add_section(struct parser *p, const char *title, int line)
{
	struct lesson *l = p->l;
	struct lesson_section *s;
	char low[64];
	size_t i;

	l->sections = xrealloc(l->sections, sizeof *l->sections * (size_t)(l->nsections + 1));
	s = &l->sections[l->nsections++];
	memset(s, 0, sizeof *s);
	s->title = xstrdup(title);
	s->line = line;
	for (i = 0; title[i] && i < sizeof low - 1; i++)
		low[i] = (char)tolower((unsigned char)title[i]);
	low[i] = '\0';
	s->outro = !strncmp(low, "lo que has visto", 16) || !strncmp(low, "what you saw", 12);
	p->last = NULL;
	p->para_open = false;
}

static struct lesson_item *add_item(struct parser *p, enum item_kind k, int line, const char *text)
{
	struct lesson_section *s = cur_section(p);
	struct lesson_item *it;

	s->items = xrealloc(s->items, sizeof *s->items * (size_t)(s->nitems + 1));
	it = &s->items[s->nitems++];
	memset(it, 0, sizeof *it);
	it->kind = k;
	it->line = line;
	it->text = xstrdup(text);
	p->last = it;
	p->para_open = false;
	return it;
}

static void append_text(struct lesson_item *it, const char *more, const char *sep)
{
	size_t a = strlen(it->text), b = strlen(more), c = strlen(sep);
	it->text = xrealloc(it->text, a + b + c + 1);
	memcpy(it->text + a, sep, c);
	memcpy(it->text + a + c, more, b + 1);
}

static const char *const directives[] = { "check", "hint", "say", "pause", NULL };

/* "- check: ...", "- hint[words]: ...", "- say: ...", "- pause [N]". */
static bool parse_directive(struct parser *p, char *body, int line)
{
	char word[32];
	size_t n = 0;

	while (body[n] && (isalpha((unsigned char)body[n]) || body[n] == '-') && n < sizeof word - 1) {
		word[n] = body[n];
		n++;
	}
	word[n] = '\0';
	char *rest = body + n;

	if (!strcmp(word, "pause") && (*rest == '\0' || *rest == ':' || *rest == ' ')) {
		struct lesson_item *it;
		char *num = rest + (*rest == ':');
		char *end;
		num = trim(num);
		it = add_item(p, ITEM_PAUSE, line, "");
		if (*num) {
			it->seconds = strtod(num, &end);
			if (*end || it->seconds < 0)
				perr(p, line, _("'- pause' takes nothing or a number of seconds, not '%s'"), num);
		}
		p->last = NULL;
		return true;
	}
	if (!strcmp(word, "hint") && *rest == '[') {
		char *close = strchr(rest, ']');
		struct lesson_item *it;
		if (!close || close[1] != ':') {
			perr(p, line, _("a hint for a check is written '- hint[start of the check]: text'"));
			return true;
		}
		*close = '\0';
		it = add_item(p, ITEM_HINT, line, trim(close + 2));
		it->prefix = xstrdup(trim(rest + 1));
		if (!it->prefix[0])
			perr(p, line, _("'hint[]' needs the start of a check between the brackets"));
		return true;
	}
	if (*rest != ':')
		goto maybe_typo;
	if (!strcmp(word, "check")) {
		struct err e = ERR_INIT;
		struct lesson_item *it = add_item(p, ITEM_CHECK, line, trim(rest + 1));
		if (!it->text[0])
			perr(p, line, _("'- check:' needs a check"));
		else if (check_parse(it->text, &it->check, &e) < 0)
			perr_e(p, line, &e);
		return true;
	}
	if (!strcmp(word, "hint")) {
		add_item(p, ITEM_HINT, line, trim(rest + 1));
		return true;
	}
	if (!strcmp(word, "say")) {
		add_item(p, ITEM_SAY, line, trim(rest + 1));
		return true;
	}
maybe_typo:
	/* "- chek:" is almost surely a typo of a directive, not prose. */
	if (*rest == ':' || *rest == '[') {
		for (int i = 0; directives[i]; i++) {
			if (strcmp(word, directives[i]) && cmd_distance(word, directives[i]) <= 2 &&
			    n >= 3) {
				perr(p, line, _("'- %s' is not a directive; did you mean '- %s'?"), word,
				     directives[i]);
				return true;
			}
		}
	}
	return false;
}

static void parse_line(struct parser *p, char *raw, int line, int *fence, bool *fence_fail,
		       struct lesson_item **code)
{
	char *s = raw;
	size_t n = strlen(s);
	struct lesson *l = p->l;

	while (n && (s[n - 1] == '\r' || s[n - 1] == '\n'))
		s[--n] = '\0';

	/* Inside a fenced block. */
	if (*fence) {
		char *t = s;
		while (*t == ' ' && t - s < 3)
			t++;
		if (!strncmp(t, "```", 3)) {
			*fence = 0;
			*code = NULL;
			p->last = NULL;
			return;
		}
		if (*fence == 1) {
			char *c = trim(s);
			if (*c && *c != '#') {
				struct lesson_item *it = add_item(p, ITEM_CMD, line, c);
				it->must_fail = *fence_fail;
			}
			p->last = NULL;
		} else {
			if (!*code) {
				*code = add_item(p, ITEM_TEXT, line, s);
				(*code)->code = true;
			} else {
				append_text(*code, s, "\n");
			}
			p->last = NULL;
		}
		return;
	}

	char *t = s;
	while (*t == ' ' && t - s < 3)
		t++;
	if (!strncmp(t, "```", 3)) {
		char info[64] = "";
		char *w = trim(t + 3);
		snprintf(info, sizeof info, "%s", w);
		char *sp = info + strcspn(info, " \t");
		char *more = *sp ? trim(sp + 1) : sp;
		*sp = '\0';
		if (!strcmp(info, "aisla")) {
			*fence = 1;
			*fence_fail = false;
			if (*more) {
				if (!strcmp(more, "falla") || !strcmp(more, "fails"))
					*fence_fail = true;
				else
					perr(p, line, _("unknown mark '%s' after ```aisla (only 'falla')"), more);
			}
		} else {
			*fence = 2;
		}
		*code = NULL;
		p->last = NULL;
		p->para_open = false;
		return;
	}
	if (!strncmp(s, "## ", 3) || !strcmp(s, "##")) {
		add_section(p, trim(s + 2), line);
		return;
	}
	if (!strncmp(s, "# ", 2)) {
		if (l->title && l->kind != LESSON_SCRIPT && l->nsections > 1)
			perr(p, line, _("a second title '# ...': steps are written '## ...'"));
		else if (!l->title || l->nsections == 1) {
			free(l->title);
			l->title = xstrdup(trim(s + 1));
			free(l->sections[0].title);
			l->sections[0].title = xstrdup(l->title);
			l->sections[0].line = line;
		}
		p->last = NULL;
		p->para_open = false;
		return;
	}
	if (!*trim(s)) {
		p->last = NULL;
		p->para_open = false;
		return;
	}
	/* A list item: maybe a directive. */
	if ((s[0] == '-' || s[0] == '*') && s[1] == ' ') {
		char *body = trim(s + 2);
		if (parse_directive(p, body, line))
			return;
		struct lesson_item *it = add_item(p, ITEM_TEXT, line, "• ");
		append_text(it, body, "");
		p->para_open = true;
		return;
	}
	/* An indented line continues the previous item (long hints). */
	if ((s[0] == ' ' || s[0] == '\t') && p->last && p->last->kind != ITEM_CMD) {
		append_text(p->last, trim(s), " ");
		return;
	}
	if (p->para_open && p->last) {
		append_text(p->last, trim(s), " ");
		return;
	}
	add_item(p, ITEM_TEXT, line, trim(s));
	p->para_open = true;
}

static bool has_ext(const char *path, const char *ext)
{
	size_t a = strlen(path), b = strlen(ext);
	return a > b && !strcmp(path + a - b, ext);
}

bool lesson_is_format(const char *path, const char *buf)
{
	char first[8] = "";

	if (has_ext(path, ".lesson") || has_ext(path, ".demo"))
		return true;
	if (buf) {
		snprintf(first, sizeof first, "%.4s", buf);
	} else {
		struct stat st;
		int fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return false;
		/* Peek only into a regular file: on a pipe (commands on
		 * stdin) the bytes read would be lost to the script. */
		if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
			close(fd);
			return false;
		}
		ssize_t n = read(fd, first, 4);
		close(fd);
		first[n > 0 ? n : 0] = '\0';
	}
	return !strncmp(first, "---\n", 4) || !strncmp(first, "---\r", 4) || !strcmp(first, "---");
}

static const char *const known_meta[] = { "lesson", "demo", "title", "needs", "level",
					  "time", "author", "summary", NULL };

int lesson_parse(const char *path, const char *buf, bool report, struct lesson **out,
		 struct err *e)
{
	struct lesson *l = calloc(1, sizeof *l);
	struct parser p = { l, report, NULL, false };
	char *copy, *save = NULL, *line;
	int lineno = 0, fence = 0, fence_line = 0;
	bool fence_fail = false, front = false, format;
	struct lesson_item *code = NULL;
	const char *base;

	*out = NULL;
	if (!l)
		return err_errno(e, ENOMEM, _("out of memory"));
	l->path = xstrdup(path);
	base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	l->id = xstrdup(base);
	if (strchr(l->id, '.'))
		*strrchr(l->id, '.') = '\0';
	format = lesson_is_format(path, buf);
	l->kind = has_ext(path, ".demo") ? LESSON_DEMO : format ? LESSON_LESSON : LESSON_SCRIPT;
	add_section(&p, "", 1);
	l->sections[0].intro = true;
	copy = xstrdup(buf);

	/* strsep keeps empty lines (strtok would merge them). */
	save = copy;
	while ((line = strsep(&save, "\n"))) {
		lineno++;
		if (!save && !*line)
			break;		/* the final newline */
		if (lineno == 1 && format && !strncmp(line, "---", 3) && !*trim(line + 3)) {
			front = true;
			continue;
		}
		if (front) {
			char *t = trim(line);
			if (!strcmp(t, "---")) {
				front = false;
				continue;
			}
			if (!*t || *t == '#')
				continue;
			char *colon = strchr(t, ':');
			if (!colon) {
				perr(&p, lineno, _("front matter lines are 'key: value', not '%s'"), t);
				continue;
			}
			*colon = '\0';
			char *k = trim(t), *v = trim(colon + 1);
			bool known = false;
			for (int i = 0; known_meta[i]; i++)
				known |= !strcmp(k, known_meta[i]);
			if (!known)
				perr(&p, lineno, _("unknown front matter key '%s' (known: lesson, demo, "
						   "title, needs, level, time, author, summary)"), k);
			l->meta_key = xrealloc(l->meta_key, sizeof(char *) * (size_t)(l->nmeta + 1));
			l->meta_val = xrealloc(l->meta_val, sizeof(char *) * (size_t)(l->nmeta + 1));
			l->meta_key[l->nmeta] = xstrdup(k);
			l->meta_val[l->nmeta] = xstrdup(v);
			l->nmeta++;
			if (!strcmp(k, "demo"))
				l->kind = LESSON_DEMO;
			continue;
		}
		if (l->kind == LESSON_SCRIPT) {
			/* A plain script: every line is a command. */
			char *c = trim(line);
			if (*c && *c != '#')
				add_item(&p, ITEM_CMD, lineno, c);
			continue;
		}
		if (!fence && !strncmp(trim(line), "```", 3))
			fence_line = lineno;
		parse_line(&p, line, lineno, &fence, &fence_fail, &code);
	}
	free(copy);
	if (front)
		perr(&p, 1, _("the front matter opened with '---' is never closed"));
	if (fence)
		perr(&p, fence_line, _("this ``` block is never closed"));
	if (!l->title) {
		const char *t = lesson_meta(l, "title");
		l->title = xstrdup(t ? t : l->id);
		if (l->kind != LESSON_SCRIPT && !t)
			perr(&p, 1, _("the file has no title: write '# Title' (or 'title:' in the front matter)"));
	}
	if (!l->sections[0].title[0]) {
		free(l->sections[0].title);
		l->sections[0].title = xstrdup(l->title);
	}
	if (l->kind == LESSON_LESSON) {
		int nsteps = 0;
		for (int i = 0; i < l->nsections; i++)
			nsteps += lesson_section_is_step(&l->sections[i]);
		if (nsteps == 0)
			perr(&p, 1, _("a lesson needs at least one step ('## Paso 1 — ...')"));
	}
	*out = l;
	return 0;
}

int lesson_load(const char *path, bool report, struct lesson **out, struct err *e)
{
	FILE *f = fopen(path, "re");
	char *buf = NULL;
	size_t cap = 0;
	ssize_t n;
	int rc;

	*out = NULL;
	if (!f) {
		err_errno(e, errno, _("cannot open '%s'"), path);
		if (errno == ENOENT)
			err_hint(e, _("'lesson list' and 'demo list' show the course's files"));
		return -1;
	}
	n = getdelim(&buf, &cap, '\0', f);
	fclose(f);
	if (n < 0) {
		free(buf);
		buf = xstrdup("");
	}
	rc = lesson_parse(path, buf, report, out, e);
	free(buf);
	return rc;
}

void lesson_free(struct lesson *l)
{
	if (!l)
		return;
	for (int i = 0; i < l->nsections; i++) {
		struct lesson_section *s = &l->sections[i];
		for (int k = 0; k < s->nitems; k++) {
			free(s->items[k].text);
			free(s->items[k].prefix);
			check_free(s->items[k].check);
		}
		free(s->items);
		free(s->title);
	}
	for (int i = 0; i < l->nmeta; i++) {
		free(l->meta_key[i]);
		free(l->meta_val[i]);
	}
	free(l->meta_key);
	free(l->meta_val);
	free(l->sections);
	free(l->title);
	free(l->id);
	free(l->path);
	free(l);
}

const char *lesson_meta(const struct lesson *l, const char *key)
{
	for (int i = 0; i < l->nmeta; i++)
		if (!strcmp(l->meta_key[i], key))
			return l->meta_val[i];
	return NULL;
}

bool lesson_section_is_step(const struct lesson_section *s)
{
	if (s->outro)
		return false;
	for (int i = 0; i < s->nitems; i++)
		if (s->items[i].kind == ITEM_CMD || s->items[i].kind == ITEM_CHECK)
			return true;
	/* A ## section of prose is a step too (it passes with 'lesson next'). */
	return !s->intro;
}

/* ------------------------------------------------------------------ */
/* Output helpers                                                     */
/* ------------------------------------------------------------------ */

static int text_width(void)
{
	struct winsize ws;
	const char *c = getenv("COLUMNS");
	int w = 80;

	if (tui_active && tui_active())
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

void lesson_print_wrapped(const char *prefix, const char *text, int width)
{
	char *clean = xstrdup(text), *d = clean;
	const char *s;
	int plen = u8len(prefix, strlen(prefix)), col = 0;
	bool first = true;
	char *indent;

	if (width <= 0)
		width = text_width();
	/* **bold** and __bold__ read fine without the marks. */
	for (s = text; *s; s++) {
		if ((s[0] == '*' && s[1] == '*') || (s[0] == '_' && s[1] == '_')) {
			s++;
			continue;
		}
		*d++ = *s;
	}
	*d = '\0';
	indent = xstrdup(prefix);
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
			out_printf("%s", prefix);
			col = plen;
			first = false;
		} else if (col + 1 + ww > width) {
			out_printf("\n%s", indent);
			col = plen;
		} else {
			out_printf(" ");
			col++;
		}
		out_printf("%.*s", (int)wl, s);
		col += ww;
		s += wl;
		if (*s == '\n') {
			s++;
			out_printf("\n%s", indent);
			col = plen;
			while (*s == ' ')
				s++;
			first = false;
			if (!*s)
				break;
			/* already indented: print the next word without a space */
			size_t l2 = strcspn(s, " \n");
			out_printf("%.*s", (int)l2, s);
			col += u8len(s, l2);
			s += l2;
		}
	}
	out_printf("\n");
	free(indent);
	free(clean);
}

static void print_code(const char *text)
{
	const char *s = text;
	while (*s) {
		size_t n = strcspn(s, "\n");
		out_printf("    %.*s\n", (int)n, s);
		s += n;
		if (*s)
			s++;
	}
}

static void print_text_item(const struct lesson_item *it)
{
	if (it->code)
		print_code(it->text);
	else if (!strncmp(it->text, "• ", strlen("• ")))
		lesson_print_wrapped("• ", it->text + strlen("• "), 0);
	else
		lesson_print_wrapped("", it->text, 0);
}

/* Step numbering: the index of section si among the steps (1-based). */
static int step_number(const struct lesson *l, int si)
{
	int n = 0;
	for (int i = 0; i <= si && i < l->nsections; i++)
		n += lesson_section_is_step(&l->sections[i]);
	return n;
}

static int count_steps(const struct lesson *l)
{
	return step_number(l, l->nsections - 1);
}

static void print_heading(const char *title)
{
	int w = u8len(title, strlen(title));
	/* The console pane may cut long lines by bytes: ASCII there. */
	const char *rule = (tui_active && tui_active()) ? "-" : "─";
	out_printf("\n%s\n", title);
	for (int i = 0; i < w && i < text_width(); i++)
		out_printf("%s", rule);
	out_printf("\n");
}

/* Print a section's prose (text items; for demos also say lines). */
static void print_section_text(const struct lesson_section *s, bool with_say)
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
			print_text_item(it);
		} else if (it->kind == ITEM_SAY && with_say) {
			lesson_print_wrapped("» ", it->text, 0);
		}
	}
}

/* Ctrl-C during a replay stops it. The dispatcher clears
 * shell.interrupted at every command, so the replay keeps its own flag. */
static int playing;
static volatile int play_stop;

/* Sleep ms while the event loop keeps running (panes stay live). The
 * keyboard is paused meanwhile: we run inside a command, and what the
 * user types ahead belongs to the next prompt, not to readline now. */
static void wait_ms(unsigned ms)
{
	uint64_t end = loop_now_ms() + ms;
	loop_pause_fd(STDIN_FILENO, 1);
	for (;;) {
		uint64_t now = loop_now_ms();
		if (now >= end || shell.interrupted || shell.quit || play_stop)
			break;
		loop_once((int)(end - now));
	}
	loop_pause_fd(STDIN_FILENO, 0);
}

/* Wait for a key on the terminal. Returns the key, or 0 without a
 * terminal (nothing to wait for), or 'q' when interrupted. */
static int wait_key(void)
{
	struct termios old, raw;
	unsigned char c = 0;
	bool have_tio;

	if (!isatty(STDIN_FILENO))
		return 0;
	loop_pause_fd(STDIN_FILENO, 1);
	have_tio = tcgetattr(STDIN_FILENO, &old) == 0;
	if (have_tio) {
		raw = old;
		raw.c_lflag &= (tcflag_t)~(ICANON | ECHO);
		raw.c_cc[VMIN] = 1;
		raw.c_cc[VTIME] = 0;
		tcsetattr(STDIN_FILENO, TCSANOW, &raw);
	}
	for (;;) {
		struct pollfd pfd = { STDIN_FILENO, POLLIN, 0 };
		if (shell.interrupted || shell.quit || play_stop) {
			c = 'q';
			break;
		}
		if (poll(&pfd, 1, 0) > 0) {
			if (read(STDIN_FILENO, &c, 1) != 1)
				c = 'q';
			break;
		}
		loop_once(100);
	}
	if (have_tio)
		tcsetattr(STDIN_FILENO, TCSANOW, &old);
	loop_pause_fd(STDIN_FILENO, 0);
	return c ? c : ' ';
}

/* ------------------------------------------------------------------ */
/* Checks of a step                                                   */
/* ------------------------------------------------------------------ */

/* The checks refresh the parts of the model they read (check.c). */
static void sync_world(void)
{
}

/* Evaluate the checks of a section. verbose (lesson check, a failed
 * batch step) evaluates and prints every one. Otherwise quick checks go
 * first and the first failure stops the round: a ping or a CPU
 * measurement (check_is_slow) only runs once everything else holds.
 * Returns the number found failing; the first failure's item and result
 * are returned. */
static int eval_section(const struct lesson_section *s, bool verbose,
			const struct lesson_item **first_fail, struct check_result *first_r)
{
	int nfail = 0;

	sync_world();
	if (first_fail)
		*first_fail = NULL;
	for (int pass = 0; pass < 2; pass++) {
		for (int i = 0; i < s->nitems; i++) {
			const struct lesson_item *it = &s->items[i];
			struct check_result r;
			if (it->kind != ITEM_CHECK || !it->check)
				continue;
			if (!verbose && check_is_slow(it->check) != (pass == 1))
				continue;
			if (verbose && pass == 1)
				continue;
			bool ok = check_eval(it->check, &r);
			if (verbose)
				out_printf("  %s %s — %s\n", ok ? "✓" : "✗", it->text, r.seen);
			if (!ok) {
				if (!nfail && first_fail) {
					*first_fail = it;
					if (first_r)
						*first_r = r;
				}
				nfail++;
				if (!verbose)
					return nfail;
			}
		}
	}
	return nfail;
}

static int section_nchecks(const struct lesson_section *s)
{
	int n = 0;
	for (int i = 0; i < s->nitems; i++)
		n += s->items[i].kind == ITEM_CHECK;
	return n;
}

/* Evaluate, retrying for up to ms while the kernel settles (a link
 * coming up, a background process starting). */
static int eval_section_settle(const struct lesson_section *s, unsigned ms,
			       const struct lesson_item **ff, struct check_result *fr)
{
	uint64_t end = loop_now_ms() + ms;
	int nfail;
	for (;;) {
		nfail = eval_section(s, false, ff, fr);
		if (!nfail || loop_now_ms() >= end || shell.interrupted)
			return nfail;
		wait_ms(200);
	}
}

/* The hint for a failing check: hint[...] of the failing clause first,
 * then of the check's text, then the step's general hint. */
static const struct lesson_item *pick_hint(const struct lesson_section *s,
					   const struct lesson_item *fail,
					   const struct check_result *r)
{
	const struct lesson_item *best = NULL, *general = NULL;
	int best_score = 0;
	size_t best_len = 0;

	for (int i = 0; i < s->nitems; i++) {
		const struct lesson_item *it = &s->items[i];
		if (it->kind != ITEM_HINT)
			continue;
		if (!it->prefix) {
			if (!general)
				general = it;
			continue;
		}
		if (!fail || !fail->check)
			continue;
		int score = check_hint_match(it->prefix, fail->check, r);
		size_t len = strlen(it->prefix);
		if (score > best_score || (score && score == best_score && len > best_len)) {
			best = it;
			best_score = score;
			best_len = len;
		}
	}
	return best ? best : general;
}

/* ------------------------------------------------------------------ */
/* Validation (--check)                                               */
/* ------------------------------------------------------------------ */

/* Nodes a command line creates (netns add A B, unshare ... NODE), so
 * --check can tell `NODE CMD` (the shorthand it cannot validate before
 * the node exists) from a typo. */
static void note_nodes(const char *line, char ***names, int *n)
{
	struct tok_line t;
	struct err e = ERR_INIT;

	if (tok_split(line, &t, &e) < 0)
		return;
	for (int c = 0; c < t.ncmds; c++) {
		char **w = t.cmds[c].argv;
		int argc = t.cmds[c].argc, from = -1;
		if (argc >= 3 && !strcmp(w[0], "netns") && !strcmp(w[1], "add"))
			from = 2;
		else if (argc >= 2 && !strcmp(w[0], "unshare"))
			from = 1;
		for (int i = from; from > 0 && i < argc; i++) {
			if (!strcmp(w[i], "--"))
				break;
			if (w[i][0] == '-') {
				if (!strcmp(w[i], "--hostname") || !strcmp(w[i], "--root"))
					i++;
				continue;
			}
			*names = xrealloc(*names, sizeof(char *) * (size_t)(*n + 1));
			(*names)[(*n)++] = xstrdup(w[i]);
		}
	}
	tok_line_free(&t);
}

int lesson_validate(struct lesson *l)
{
	char **nodes = NULL;
	int nnodes = 0;
	int bad = l->nerrors;
	struct cmd_ctx ctx = { .interactive = false, .checking = true, .file = l->path };
	const char *needs = lesson_meta(l, "needs");

	if (needs) {
		char *copy = xstrdup(needs), *save = NULL;
		for (char *w = strtok_r(copy, " ,", &save); w; w = strtok_r(NULL, " ,", &save)) {
			if (strcmp(w, "root") && strcmp(w, "cgroup2") && strcmp(w, "cgroup-v2") &&
			    strcmp(w, "busybox") && strcmp(w, "2cpus") && strcmp(w, "nftables")) {
				struct err e = ERR_INIT;
				err_set(&e, _("unknown requirement '%s' in 'needs:' (known: root, cgroup2, "
					      "busybox, 2cpus, nftables)"), w);
				err_where(&e, l->path, 1);
				err_print(&e);
				bad++;
			}
		}
		free(copy);
	}
	for (int si = 0; si < l->nsections; si++) {
		const struct lesson_section *s = &l->sections[si];
		for (int i = 0; i < s->nitems; i++) {
			const struct lesson_item *it = &s->items[i];
			struct err e = ERR_INIT;
			if (it->kind == ITEM_CMD) {
				ctx.line = it->line;
				if (cmd_check_line(&ctx, it->text, &e) < 0) {
					size_t w = strcspn(it->text, " \t");
					for (int k = 0; k < nnodes; k++)
						if (strlen(nodes[k]) == w && !strncmp(nodes[k], it->text, w))
							err_hint(&e, _("'%s' is a node made above: in a lesson write "
								       "'exec %s CMD...' (--check cannot know the "
								       "node will exist)"), nodes[k], nodes[k]);
					err_where(&e, l->path, it->line);
					err_print(&e);
					bad++;
				}
				note_nodes(it->text, &nodes, &nnodes);
			} else if (it->kind == ITEM_HINT && it->prefix) {
				bool found = false;
				for (int k = 0; k < s->nitems && !found; k++)
					if (s->items[k].kind == ITEM_CHECK && s->items[k].check)
						found = check_hint_plausible(it->prefix, s->items[k].check);
				if (!found) {
					err_set(&e, _("'hint[%s]' matches no check of its step"), it->prefix);
					err_hint(&e, _("the words between brackets are the start of a check "
						       "('link v-rojo@rojo') or of its part that fails ('peer', 'up')"));
					err_where(&e, l->path, it->line);
					err_print(&e);
					bad++;
				}
			} else if ((it->kind == ITEM_CHECK || it->kind == ITEM_HINT) && s->outro) {
				err_set(&e, _("checks and hints belong to a step, not to '%s'"), s->title);
				err_where(&e, l->path, it->line);
				err_print(&e);
				bad++;
			}
		}
	}
	for (int k = 0; k < nnodes; k++)
		free(nodes[k]);
	free(nodes);
	return bad;
}

/* ------------------------------------------------------------------ */
/* Requirements                                                       */
/* ------------------------------------------------------------------ */

/* Are the front matter's needs met here? Fills e when not. */
static int needs_met(const struct lesson *l, struct err *e)
{
	const char *needs = lesson_meta(l, "needs");
	if (!needs)
		return 0;
	if (strstr(needs, "root") && geteuid() != 0) {
		err_set(e, _("'%s' needs root"), l->title);
		return err_hint(e, _("run aisla as root: sudo aisla"));
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Batch mode                                                         */
/* ------------------------------------------------------------------ */

static int run_cmd_item(struct lesson *l, const struct lesson_item *it, bool interactive,
			struct err *e)
{
	struct cmd_ctx ctx = { .interactive = interactive, .file = l->path, .line = it->line };
	int rc = cmd_run_line(&ctx, it->text, e);
	if (it->must_fail) {
		if (rc == 0) {
			err_set(e, _("'%s' should have failed (it is in an ```aisla falla block) but it worked"),
				it->text);
			err_where(e, l->path, it->line);
			return -1;
		}
		/* The failure is the lesson: show it, carry on. */
		err_where(e, l->path, it->line);
		err_print(e);
		err_clear(e);
		return 0;
	}
	if (rc < 0)
		err_where(e, l->path, it->line);
	return rc;
}

/* Run a section's commands in order, then its checks. */
static int batch_section(struct lesson *l, int si, bool echo, struct err *e)
{
	const struct lesson_section *s = &l->sections[si];
	const struct lesson_item *ff;
	struct check_result fr;

	check_ran_reset();
	for (int i = 0; i < s->nitems; i++) {
		const struct lesson_item *it = &s->items[i];
		if (it->kind != ITEM_CMD)
			continue;
		if (echo)
			out_printf("%s %s\n", geteuid() == 0 ? "aisla#" : "aisla$", it->text);
		if (run_cmd_item(l, it, false, e) < 0)
			return -1;
		if (shell.quit || shell.interrupted)
			return err_set(e, _("interrupted"));
	}
	if (!section_nchecks(s))
		return 0;
	if (eval_section_settle(s, 3000, &ff, &fr)) {
		eval_section(s, true, NULL, NULL);
		err_set(e, _("check '%s' does not hold: %s"), ff->text, fr.seen);
		err_where(e, l->path, ff->line);
		return -1;
	}
	return 0;
}

int lesson_run_batch(struct lesson *l, struct err *e)
{
	struct err we = ERR_INIT;
	int nsteps = count_steps(l);

	if (l->nerrors)
		return err_set(e, _("'%s' has errors: 'aisla --check %s' lists them"), l->path, l->path);
	if (needs_met(l, e) < 0)
		return -1;
	world_init(false, &we);
	if (l->kind != LESSON_SCRIPT)
		out_printf("== %s\n", l->title);
	for (int si = 0; si < l->nsections; si++) {
		const struct lesson_section *s = &l->sections[si];
		bool step = lesson_section_is_step(s);
		if (step && si > 0 && l->kind != LESSON_SCRIPT)
			out_printf("-- %s\n", s->title);
		if (batch_section(l, si, l->kind != LESSON_SCRIPT, e) < 0)
			return -1;
		if (step && section_nchecks(s) && l->kind != LESSON_SCRIPT)
			out_printf(_("   ✓ step %d of %d: every check holds\n"), step_number(l, si), nsteps);
		if (shell.quit)
			break;
	}
	if (l->kind != LESSON_SCRIPT)
		out_printf(_("== '%s': done, every check held.\n"), l->title);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Replay mode                                                        */
/* ------------------------------------------------------------------ */

static void type_line(const char *prompt, const char *text, double delay)
{
	out_printf("%s", prompt);
	if (delay <= 0) {
		out_printf("%s\n", text);
		return;
	}
	/* A readable pace: about 30 characters a second, scaled by delay. */
	unsigned per = (unsigned)(35.0 * (delay < 1 ? delay : 1));
	for (const char *c = text; *c; c++) {
		size_t n = 1;
		while ((c[n] & 0xc0) == 0x80)
			n++;
		out_write(OUT_STDOUT, c, n);
		c += n - 1;
		wait_ms(per);
		if (shell.interrupted || play_stop)
			break;
	}
	out_printf("\n");
}

static void play_on_sigint(int signo, void *arg)
{
	(void)signo;
	(void)arg;
	if (playing)
		play_stop = 1;
}

static int play_run(struct lesson *l, bool step, double delay, struct err *e)
{
	static bool sig_registered;
	const char *prompt = geteuid() == 0 ? "aisla# " : "aisla$ ";
	bool tty = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
	struct err we = ERR_INIT;
	bool quit = false;

	if (l->nerrors)
		return err_set(e, _("'%s' has errors: 'aisla --check %s' lists them"), l->path, l->path);
	if (needs_met(l, e) < 0)
		return -1;
	world_init(false, &we);
	if (!sig_registered) {
		loop_on_signal(SIGINT, play_on_sigint, NULL);
		sig_registered = true;
	}
	if (!tty)
		step = false;
	if (l->kind != LESSON_SCRIPT)
		print_heading(l->title);
	if (step)
		out_printf("%s\n", _("(--step: a key runs the next command; q stops)"));
	for (int si = 0; si < l->nsections && !quit; si++) {
		const struct lesson_section *s = &l->sections[si];
		const struct lesson_item *ff;
		struct check_result fr;

		if (s->outro) {
			print_heading(s->title);
			print_section_text(s, true);
			continue;
		}
		if (si > 0)
			print_heading(s->title);
		check_ran_reset();
		for (int i = 0; i < s->nitems && !quit; i++) {
			const struct lesson_item *it = &s->items[i];
			switch (it->kind) {
			case ITEM_TEXT:
				if (l->kind != LESSON_DEMO)
					print_text_item(it);
				break;
			case ITEM_SAY:
				lesson_print_wrapped("» ", it->text, 0);
				break;
			case ITEM_PAUSE:
				if (it->seconds > 0) {
					if (delay > 0)
						wait_ms((unsigned)(it->seconds * 1000));
				} else if (tty) {
					out_printf("%s", _("   [pause: press a key]"));
					quit = wait_key() == 'q';
					out_printf("\n");
				}
				break;
			case ITEM_CMD:
				if (step) {
					out_printf("%s", prompt);
					quit = wait_key() == 'q';
					if (quit) {
						out_printf("\n");
						break;
					}
					type_line("", it->text, delay);
				} else {
					type_line(prompt, it->text, delay);
				}
				if (run_cmd_item(l, it, tty, e) < 0)
					return -1;
				if (delay > 0 && !step)
					wait_ms((unsigned)(delay * 1000));
				break;
			default:
				break;
			}
			if (play_stop || shell.quit)
				quit = true;
		}
		if (!quit && section_nchecks(s) &&
		    eval_section_settle(s, 3000, &ff, &fr)) {
			eval_section(s, true, NULL, NULL);
			err_set(e, _("check '%s' does not hold: %s"), ff->text, fr.seen);
			err_where(e, l->path, ff->line);
			return -1;
		}
	}
	if (quit)
		out_printf("%s\n", _("Demo stopped."));
	else if (l->kind != LESSON_SCRIPT)
		out_printf(_("== '%s': done, every check held.\n"), l->title);
	return 0;
}

int lesson_play(struct lesson *l, bool step, double delay, struct err *e)
{
	int rc;

	playing = 1;
	play_stop = 0;
	rc = play_run(l, step, delay, e);
	playing = 0;
	play_stop = 0;
	return rc;
}

/* ------------------------------------------------------------------ */
/* Finding lessons and demos                                          */
/* ------------------------------------------------------------------ */

/* The directories to search: $AISLA_DATADIR, ./lessons next to the
 * binary, the install tree, then DATADIR (paths.h). */
static int data_dirs(const char *sub, char dirs[][PATH_MAX], int max)
{
	return paths_data_dirs(sub, dirs, max);
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted file names with the extension in the first directory that has
 * any. *dir gets that directory. */
static int list_files(bool demo, char *dir, size_t dsz, char ***names, int *n)
{
	char dirs[5][PATH_MAX];
	int nd = data_dirs(demo ? "demos" : "lessons", dirs, 5);
	const char *ext = demo ? ".demo" : ".lesson";

	*names = NULL;
	*n = 0;
	for (int i = 0; i < nd; i++) {
		DIR *d = opendir(dirs[i]);
		struct dirent *de;
		if (!d)
			continue;
		while ((de = readdir(d))) {
			if (!has_ext(de->d_name, ext))
				continue;
			*names = xrealloc(*names, sizeof(char *) * (size_t)(*n + 1));
			(*names)[(*n)++] = xstrdup(de->d_name);
		}
		closedir(d);
		if (*n) {
			snprintf(dir, dsz, "%.*s", (int)dsz - 1, dirs[i]);
			qsort(*names, (size_t)*n, sizeof(char *), name_cmp);
			return 0;
		}
	}
	return -1;
}

static void free_names(char **names, int n)
{
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

int lesson_find(const char *what, bool demo, char *path, size_t size, struct err *e)
{
	char dir[PATH_MAX];
	char **names;
	int n, found = -1;
	const char *ext = demo ? ".demo" : ".lesson";

	if (strchr(what, '/') || has_ext(what, ext) || has_ext(what, ".lesson") ||
	    has_ext(what, ".demo")) {
		if (access(what, R_OK) == 0) {
			snprintf(path, size, "%s", what);
			return 0;
		}
	}
	if (list_files(demo, dir, sizeof dir, &names, &n) < 0) {
		err_set(e, demo ? _("no demos found") : _("no lessons found"));
		return err_hint(e, _("they live in ./%s next to the aisla binary or in %s/%s"),
				demo ? "demos" : "lessons", paths_data_dir(), demo ? "demos" : "lessons");
	}
	bool num = what[0] && strspn(what, "0123456789") == strlen(what);
	for (int i = 0; i < n && found < 0; i++) {
		char id[NAME_MAX + 1];
		snprintf(id, sizeof id, "%s", names[i]);
		*strrchr(id, '.') = '\0';
		const char *dash = strchr(id, '-');
		if (!strcmp(id, what) || !strcmp(names[i], what))
			found = i;
		else if (num && atoi(id) == atoi(what) && isdigit((unsigned char)id[0]))
			found = i;
		else if (dash && !strcmp(dash + 1, what))
			found = i;
	}
	if (found < 0) {
		/* A unique prefix of the name part. */
		for (int i = 0; i < n; i++) {
			const char *dash = strchr(names[i], '-');
			const char *nm = dash ? dash + 1 : names[i];
			if (!strncmp(nm, what, strlen(what)) || !strncmp(names[i], what, strlen(what))) {
				if (found >= 0) {
					found = -2;
					break;
				}
				found = i;
			}
		}
	}
	if (found < 0) {
		err_set(e, demo ? _("there is no demo '%s'") : _("there is no lesson '%s'"), what);
		err_hint(e, demo ? _("'demo list' shows them") : _("'lesson list' shows them"));
		free_names(names, n);
		return -1;
	}
	snprintf(path, size, "%s/%s", dir, names[found]);
	free_names(names, n);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Progress (~/.local/share/aisla/progress)                           */
/* ------------------------------------------------------------------ */

static int progress_path(char *buf, size_t n, bool mkdirs)
{
	const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
	char dir[PATH_MAX];

	if (xdg && *xdg)
		snprintf(dir, sizeof dir, "%.*s/aisla", PATH_MAX - 16, xdg);
	else if (home && *home)
		snprintf(dir, sizeof dir, "%.*s/.local/share/aisla", PATH_MAX - 32, home);
	else
		return -1;
	if (mkdirs) {
		char tmp[PATH_MAX];
		snprintf(tmp, sizeof tmp, "%s", dir);
		for (char *p = tmp + 1; *p; p++) {
			if (*p == '/') {
				*p = '\0';
				mkdir(tmp, 0755);
				*p = '/';
			}
		}
		mkdir(tmp, 0755);
	}
	snprintf(buf, n, "%.*s/progress", PATH_MAX - 16, dir);
	return 0;
}

/* Progress of a lesson: the step reached (1-based) and whether done. */
static void progress_get(const char *id, int *step, bool *done)
{
	char path[PATH_MAX], line[512];
	FILE *f;

	*step = 0;
	*done = false;
	if (progress_path(path, sizeof path, false) < 0 || !(f = fopen(path, "re")))
		return;
	while (fgets(line, sizeof line, f)) {
		char lid[256], state[16];
		int st;
		if (sscanf(line, "%255s %d %15s", lid, &st, state) == 3 && !strcmp(lid, id)) {
			*step = st;
			*done = !strcmp(state, "done");
		}
	}
	fclose(f);
}

static void progress_set(const char *id, int step, bool done)
{
	char path[PATH_MAX], tmp[PATH_MAX + 8], line[512];
	FILE *in, *out;
	bool written = false;

	if (progress_path(path, sizeof path, true) < 0)
		return;
	snprintf(tmp, sizeof tmp, "%s.new", path);
	out = fopen(tmp, "we");
	if (!out)
		return;
	in = fopen(path, "re");
	while (in && fgets(line, sizeof line, in)) {
		char lid[256];
		if (sscanf(line, "%255s", lid) == 1 && !strcmp(lid, id)) {
			if (!written)
				fprintf(out, "%s %d %s\n", id, step, done ? "done" : "open");
			written = true;
			continue;
		}
		fputs(line, out);
	}
	if (in)
		fclose(in);
	if (!written)
		fprintf(out, "%s %d %s\n", id, step, done ? "done" : "open");
	if (fclose(out) == 0)
		rename(tmp, path);
	else
		unlink(tmp);
}

int lesson_list(bool demos, struct err *e)
{
	char dir[PATH_MAX];
	char **names;
	int n;

	if (list_files(demos, dir, sizeof dir, &names, &n) < 0) {
		err_set(e, demos ? _("no demos found") : _("no lessons found"));
		return err_hint(e, _("they live in ./%s next to the aisla binary or in %s/%s"),
				demos ? "demos" : "lessons", paths_data_dir(), demos ? "demos" : "lessons");
	}
	for (int i = 0; i < n; i++) {
		char path[PATH_MAX + NAME_MAX + 2];
		struct lesson *l;
		struct err le = ERR_INIT;
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		if (lesson_load(path, false, &l, &le) < 0)
			continue;
		if (demos) {
			out_printf("  %-22s %s\n", l->id, l->title);
		} else {
			int st, total = count_steps(l);
			bool done;
			char prog[64] = "";
			progress_get(l->id, &st, &done);
			if (done)
				snprintf(prog, sizeof prog, "%s", _("✓ done"));
			else if (st > 0)
				snprintf(prog, sizeof prog, _("step %d of %d"), st, total);
			out_printf("  %-22s %-40s %s\n", l->id, l->title, prog);
		}
		lesson_free(l);
	}
	free_names(names, n);
	if (!demos)
		out_printf("%s\n", _("'lesson start N' begins (or resumes) lesson N."));
	else
		out_printf("%s\n", _("'demo play NAME [--step]' replays one."));
	return 0;
}

/* ------------------------------------------------------------------ */
/* Guided mode                                                        */
/* ------------------------------------------------------------------ */

static struct {
	struct lesson *l;
	int si;			/* current section (a step) */
	int nhint;		/* hints asked in this step */
	bool busy;		/* re-entrancy guard */
} g;

bool lesson_guided_active(void)
{
	return g.l != NULL;
}

static int first_step(const struct lesson *l)
{
	for (int i = 0; i < l->nsections; i++)
		if (lesson_section_is_step(&l->sections[i]))
			return i;
	return -1;
}

static int section_of_step(const struct lesson *l, int n)
{
	for (int i = 0; i < l->nsections; i++)
		if (lesson_section_is_step(&l->sections[i]) && step_number(l, i) == n)
			return i;
	return -1;
}

static void show_step(void)
{
	const struct lesson_section *s = &g.l->sections[g.si];
	char head[512];

	snprintf(head, sizeof head, _("[%s · step %d of %d] %s"), g.l->id, step_number(g.l, g.si),
		 count_steps(g.l), s->title);
	print_heading(head);
	print_section_text(s, false);
	if (!section_nchecks(s))
		out_printf("%s\n", _("(no checks here: 'lesson next' moves on)"));
}

static void show_outro(void)
{
	for (int i = 0; i < g.l->nsections; i++) {
		const struct lesson_section *s = &g.l->sections[i];
		if (s->outro) {
			print_heading(s->title);
			print_section_text(s, false);
		}
	}
}

static void goto_section(int si)
{
	check_ran_reset();
	g.si = si;
	g.nhint = 0;
	progress_set(g.l->id, step_number(g.l, si), false);
	show_step();
}

/* The current step holds: congratulate and move on (or finish). */
static void step_passed(void)
{
	int next = -1;
	out_printf(_("✓ Step %d done.\n"), step_number(g.l, g.si));
	for (int i = g.si + 1; i < g.l->nsections; i++)
		if (lesson_section_is_step(&g.l->sections[i])) {
			next = i;
			break;
		}
	if (next < 0) {
		progress_set(g.l->id, count_steps(g.l), true);
		show_outro();
		out_printf(_("\n✓ Lesson '%s' completed. 'lesson list' shows the others; "
			     "'reset' removes what you made.\n"), g.l->title);
		lesson_free(g.l);
		g.l = NULL;
		return;
	}
	goto_section(next);
}

static char *display_line(const struct args *a);

/* After every command the student runs: check the current step. */
static void guided_hook(struct cmd_ctx *ctx, const struct args *a, char *const *explain,
			int nexplain, void *arg)
{
	const struct cmd_entry *top = a->parent ? a->parent : a->entry;
	const struct lesson_item *ff;
	struct check_result fr;
	(void)ctx; (void)explain; (void)nexplain; (void)arg;

	/* Feed `ran` (every command, whatever the mode). */
	char *line = display_line(a);
	if (line)
		check_ran_add(line);
	free(line);
	if (!g.l || g.busy)
		return;
	if (!strcmp(top->name, "lesson") || !strcmp(top->name, "help") ||
	    !strcmp(top->name, "demo") || !strcmp(top->name, "explain"))
		return;
	if (!section_nchecks(&g.l->sections[g.si]))
		return;
	g.busy = true;
	if (eval_section_settle(&g.l->sections[g.si], 600, &ff, &fr) == 0)
		step_passed();
	else if (ff)
		out_printf(_("· step %d not yet: %s ('lesson hint' helps)\n"),
			   step_number(g.l, g.si), fr.seen);
	g.busy = false;
}

static int need_active(struct err *e)
{
	if (g.l)
		return 0;
	err_set(e, _("no lesson is running"));
	return err_hint(e, _("'lesson list' shows the lessons; 'lesson start N' begins one"));
}

int lesson_guided_start(const char *what, struct err *e)
{
	char path[PATH_MAX];
	struct lesson *l;
	int st, si, left;
	bool done;

	lesson_init();
	if (lesson_find(what, false, path, sizeof path, e) < 0)
		return -1;
	if (lesson_load(path, false, &l, e) < 0)
		return -1;
	if (l->nerrors) {
		err_set(e, _("'%s' has errors: 'aisla --check %s' lists them"), path, path);
		lesson_free(l);
		return -1;
	}
	if (needs_met(l, e) < 0) {
		lesson_free(l);
		return -1;
	}
	if (first_step(l) < 0) {
		lesson_free(l);
		return err_set(e, _("'%s' has no steps"), path);
	}
	lesson_free(g.l);
	g.l = l;
	print_heading(l->title);
	print_section_text(&l->sections[0], false);
	progress_get(l->id, &st, &done);
	si = (!done && st > 1) ? section_of_step(l, st) : -1;
	if (si >= 0)
		out_printf(_("(resuming at step %d; 'lesson restart' starts over)\n"), st);
	else
		si = first_step(l);
	left = journal_count();
	if (left > 0 && si == first_step(l))
		out_printf(ngettext("Note: %d object made by aisla is still here; a lesson starts "
				    "clean: 'lesson restart' removes it.\n",
				    "Note: %d objects made by aisla are still here; a lesson starts "
				    "clean: 'lesson restart' removes them.\n", (unsigned long)left), left);
	goto_section(si);
	return 0;
}

int lesson_guided_goal(struct err *e)
{
	if (need_active(e) < 0)
		return -1;
	show_step();
	return 0;
}

int lesson_guided_hint(struct err *e)
{
	const struct lesson_section *s;
	const struct lesson_item *ff, *h;
	struct check_result fr;

	if (need_active(e) < 0)
		return -1;
	s = &g.l->sections[g.si];
	if (section_nchecks(s) && eval_section(s, false, &ff, &fr) == 0) {
		out_printf("%s\n", _("Every check of this step already holds."));
		step_passed();
		return 0;
	}
	if (!section_nchecks(s))
		ff = NULL;
	g.nhint++;
	if (ff)
		out_printf(_("Not yet: %s\n"), fr.seen);
	h = pick_hint(s, ff, ff ? &fr : NULL);
	if (g.nhint >= 3 || !h) {
		/* Third time (or no hint written): reveal the solution. */
		bool any = false;
		if (h)
			lesson_print_wrapped(_("hint: "), h->text, 0);
		for (int i = 0; i < s->nitems; i++)
			if (s->items[i].kind == ITEM_CMD) {
				if (!any)
					out_printf("%s\n", _("The solution:"));
				any = true;
				out_printf("    %s\n", s->items[i].text);
			}
		return 0;
	}
	if (g.nhint == 2) {
		/* The second time, add the step's general hint when different. */
		const struct lesson_item *general = pick_hint(s, NULL, NULL);
		lesson_print_wrapped(_("hint: "), h->text, 0);
		if (general && general != h)
			lesson_print_wrapped(_("hint: "), general->text, 0);
		out_printf("%s\n", _("(once more 'lesson hint' shows the solution)"));
		return 0;
	}
	lesson_print_wrapped(_("hint: "), h->text, 0);
	return 0;
}

int lesson_guided_check(struct err *e)
{
	const struct lesson_section *s;

	if (need_active(e) < 0)
		return -1;
	s = &g.l->sections[g.si];
	if (!section_nchecks(s)) {
		out_printf("%s\n", _("This step has nothing to check: 'lesson next' moves on."));
		return 0;
	}
	out_printf(_("Step %d:\n"), step_number(g.l, g.si));
	if (eval_section(s, true, NULL, NULL) == 0)
		step_passed();
	return 0;
}

int lesson_guided_next(int delta, struct err *e)
{
	int si;

	if (need_active(e) < 0)
		return -1;
	si = g.si;
	do {
		si += delta;
	} while (si >= 0 && si < g.l->nsections && !lesson_section_is_step(&g.l->sections[si]));
	if (si < 0 || si >= g.l->nsections) {
		if (delta > 0) {
			step_passed();
			return 0;
		}
		return err_set(e, _("this is the first step"));
	}
	goto_section(si);
	return 0;
}

static void hist_clear(void);

static int do_reset(struct err *e)
{
	int nundone = 0, nforeign = 0;
	hist_clear();
	if (journal_count() == 0)
		return 0;
	if (journal_reset(&nundone, &nforeign, e) < 0)
		return -1;
	out_printf(ngettext("%d object undone.\n", "%d objects undone.\n", (unsigned long)nundone),
		   nundone);
	return 0;
}

int lesson_guided_restart(struct err *e)
{
	if (need_active(e) < 0)
		return -1;
	if (do_reset(e) < 0)
		return -1;
	progress_set(g.l->id, 1, false);
	print_heading(g.l->title);
	print_section_text(&g.l->sections[0], false);
	goto_section(first_step(g.l));
	return 0;
}

int lesson_guided_stop(bool reset, struct err *e)
{
	int left;

	if (need_active(e) < 0)
		return -1;
	out_printf(_("Lesson '%s' stopped at step %d ('lesson start %s' resumes it).\n"),
		   g.l->title, step_number(g.l, g.si), g.l->id);
	lesson_free(g.l);
	g.l = NULL;
	left = journal_count();
	if (left <= 0)
		return 0;
	if (!reset && shell.interactive && isatty(STDIN_FILENO)) {
		char q[256];
		snprintf(q, sizeof q, ngettext("Remove the %d object the lesson made?",
					       "Remove the %d objects the lesson made?",
					       (unsigned long)left), left);
		reset = repl_confirm(q);
	}
	if (reset)
		return do_reset(e);
	out_printf(ngettext("%d object made by aisla stays; 'reset' removes it.\n",
			    "%d objects made by aisla stay; 'reset' removes them.\n",
			    (unsigned long)left), left);
	return 0;
}

/* ------------------------------------------------------------------ */
/* record and export                                                  */
/* ------------------------------------------------------------------ */

static FILE *rec;
static char rec_path[PATH_MAX];

/* Every command of the session with its explanation, for export. */
struct hist {
	char *line;
	char **explain;
	int nexplain;
	bool no_explain;	/* a shell-only command */
};
static struct hist *hist;
static size_t nhist;

/* The command's text as the user would type it ("!ip link", not
 * "'!' 'ip link'"). Caller frees. */
static char *display_line(const struct args *a)
{
	const struct cmd_entry *top = a->parent ? a->parent : a->entry;
	if (!strcmp(top->name, "!")) {
		/* The text for /bin/sh: the rest (or, before the dispatcher
		 * passed it so, the one positional). */
		const char *t = a->restc > 0 ? a->rest[0] : a->argc > 0 ? a->argv[0] : "";
		t += strspn(t, " \t");
		char *s = malloc(strlen(t) + 2);
		if (s)
			sprintf(s, "!%s", t);
		return s;
	}
	return a->line ? strdup(a->line) : NULL;
}

static void hist_clear(void)
{
	for (size_t i = 0; i < nhist; i++) {
		free(hist[i].line);
		for (int k = 0; k < hist[i].nexplain; k++)
			free(hist[i].explain[k]);
		free(hist[i].explain);
	}
	free(hist);
	hist = NULL;
	nhist = 0;
}

static bool skip_for_record(const struct args *a)
{
	const struct cmd_entry *top = a->parent ? a->parent : a->entry;
	static const char *const skip[] = { "record", "export", "lesson", "demo", "help",
					    "explain", "status", "source", "quit", "reset", NULL };
	/* The entry that ran decides (a sub's own attrs, not its parent's:
	 * `netns` alone lists, `netns add` creates). */
	if (a->entry->attrs & CMD_NO_RECORD)
		return true;
	for (int i = 0; skip[i]; i++)
		if (!strcmp(top->name, skip[i]))
			return true;
	return false;
}

static void record_hook(struct cmd_ctx *ctx, const struct args *a, char *const *explain,
			int nexplain, void *arg)
{
	const struct cmd_entry *top = a->parent ? a->parent : a->entry;
	char *line;
	(void)arg;

	if (!a->line)
		return;
	/* record: what the user types (not the lines of a script it runs). */
	if (rec && (!ctx->file || !strcmp(ctx->file, "-c")) && !skip_for_record(a) &&
	    (line = display_line(a))) {
		fprintf(rec, "%s\n", line);
		fflush(rec);
		free(line);
	}
	/* export: everything that changed the kernel, scripts included. A
	 * reset empties the session. */
	if (!strcmp(top->name, "reset")) {
		hist_clear();
		return;
	}
	if (skip_for_record(a))
		return;
	hist = xrealloc(hist, sizeof *hist * (nhist + 1));
	struct hist *h = &hist[nhist++];
	line = display_line(a);
	h->line = xstrdup(line ? line : a->line);
	free(line);
	h->nexplain = nexplain;
	h->no_explain = (a->entry->attrs & CMD_NO_EXPLAIN) != 0;
	h->explain = nexplain ? xrealloc(NULL, sizeof(char *) * (size_t)nexplain) : NULL;
	for (int i = 0; i < nexplain; i++)
		h->explain[i] = xstrdup(explain[i]);
}

bool lesson_recording(void)
{
	return rec != NULL;
}

int lesson_record_start(const char *path, struct err *e)
{
	time_t now = time(NULL);
	char when[64];

	lesson_init();
	if (rec)
		return err_set(e, _("already recording to '%s'; 'record stop' first"), rec_path);
	rec = fopen(path, "ae");
	if (!rec)
		return err_errno(e, errno, _("cannot open '%s' to record"), path);
	snprintf(rec_path, sizeof rec_path, "%s", path);
	strftime(when, sizeof when, "%Y-%m-%d %H:%M", localtime(&now));
	fprintf(rec, "# %s %s\n", _("recorded by aisla on"), when);
	fflush(rec);
	out_printf(_("Recording what you type to '%s' ('record stop' ends; 'source %s' or "
		     "'demo play %s' replays it).\n"), path, path, path);
	return 0;
}

int lesson_record_stop(struct err *e)
{
	if (!rec)
		return err_set(e, _("nothing is being recorded"));
	if (fclose(rec) != 0) {
		rec = NULL;
		return err_errno(e, errno, _("cannot write '%s'"), rec_path);
	}
	rec = NULL;
	out_printf(_("Recording saved in '%s'.\n"), rec_path);
	return 0;
}

/* Quote a line for a bash comment (no newlines). */
static void comment_line(FILE *f, const char *prefix, const char *s)
{
	fprintf(f, "%s", prefix);
	for (; *s; s++)
		fputc(*s == '\n' ? ' ' : *s, f);
	fputc('\n', f);
}

int lesson_export(const char *path, struct err *e)
{
	time_t now = time(NULL);
	char when[64];
	size_t nlines = 0;
	FILE *f;

	lesson_init();
	f = fopen(path, "we");
	if (!f)
		return err_errno(e, errno, _("cannot create '%s'"), path);
	strftime(when, sizeof when, "%Y-%m-%d %H:%M", localtime(&now));
	fprintf(f, "#!/bin/bash\n");
	fprintf(f, "# %s (aisla %s, %s).\n", _("The session as real commands"), AISLA_VERSION, when);
	fprintf(f, "# %s\n", _("It uses only ip, unshare, nsenter, mount and cgroupfs: run it as root "
			       "on a machine without aisla: sudo bash FILE"));
	fprintf(f, "# %s\n", _("Each aisla command is shown as a comment above its equivalent."));
	fprintf(f, "set -e\n\n");
	for (size_t i = 0; i < nhist; i++) {
		const struct hist *h = &hist[i];
		comment_line(f, "# aisla> ", h->line);
		if (!h->nexplain && !h->no_explain)
			fprintf(f, "# %s\n", _("(no equivalent: it only shows information)"));
		for (int k = 0; k < h->nexplain; k++) {
			fprintf(f, "%s\n", h->explain[k]);
			nlines++;
		}
		fputc('\n', f);
	}
	if (fclose(f) != 0)
		return err_errno(e, errno, _("cannot write '%s'"), path);
	chmod(path, 0755);
	out_printf(ngettext("'%s': %zu command of aisla, %zu line of bash.\n",
			    "'%s': %zu commands of aisla, %zu lines of bash.\n", nhist),
		   path, nhist, nlines);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Entry points                                                       */
/* ------------------------------------------------------------------ */

void lesson_init(void)
{
	static bool done;
	if (done)
		return;
	done = true;
	cmd_add_hook(guided_hook, NULL);
	cmd_add_hook(record_hook, NULL);
}

__attribute__((constructor)) static void lesson_ctor(void)
{
	lesson_init();
}

static int run_loaded(struct lesson *l, struct err *e)
{
	if (l->kind == LESSON_DEMO)
		return lesson_play(l, false, 0, e);
	return lesson_run_batch(l, e);
}

int lesson_source(const char *path, struct err *e)
{
	struct lesson *l;
	int rc;

	if (lesson_load(path, true, &l, e) < 0)
		return -1;
	rc = run_loaded(l, e);
	lesson_free(l);
	return rc;
}
