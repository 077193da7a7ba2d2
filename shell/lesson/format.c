/* format.c: the lesson/demo/script file format (lesson.h,
 * docs/lesson-format.es.md): parsing a file into sections and items, and
 * validating it without running anything (aisla --check).
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "../cmd.h"
#include "../i18n.h"
#include "../needs.h"
#include "../out.h"
#include "../suggest.h"
#include "../tok.h"
#include "check.h"
#include "internal.h"
#include "lesson.h"

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

char *lesson_xstrdup(const char *s)
{
	char *d = strdup(s ? s : "");
	if (!d) {
		fprintf(stderr, "aisla: out of memory\n");
		abort();
	}
	return d;
}

void *lesson_xrealloc(void *p, size_t n)
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

/* An array of n elements gets room for one more: it doubles when n is a
 * power of two, so n appends cost linear time. */
static void *grow(void *arr, size_t elem, size_t n)
{
	if (n >= 4 && (n & (n - 1)))
		return arr;
	return lesson_xrealloc(arr, elem * (n < 4 ? 4 : 2 * n));
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

	l->sections = grow(l->sections, sizeof *l->sections, (size_t)l->nsections);
	s = &l->sections[l->nsections++];
	memset(s, 0, sizeof *s);
	s->title = lesson_xstrdup(title);
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

	s->items = grow(s->items, sizeof *s->items, (size_t)s->nitems);
	it = &s->items[s->nitems++];
	memset(it, 0, sizeof *it);
	it->kind = k;
	it->line = line;
	it->text = lesson_xstrdup(text);
	it->len = strlen(it->text);
	it->cap = it->len + 1;
	p->last = it;
	p->para_open = false;
	return it;
}

/* Append to an item's text: the length is kept, and the buffer doubles,
 * so a paragraph of many lines costs linear time. */
static void append_text(struct lesson_item *it, const char *more, const char *sep)
{
	size_t a = it->len, b = strlen(more), c = strlen(sep);
	if (a + b + c + 1 > it->cap) {
		size_t cap = it->cap ? it->cap : 16;
		while (cap < a + b + c + 1)
			cap *= 2;
		it->text = lesson_xrealloc(it->text, cap);
		it->cap = cap;
	}
	memcpy(it->text + a, sep, c);
	memcpy(it->text + a + c, more, b + 1);
	it->len = a + b + c;
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
			/* Digits and one point only: no "1e999", "inf", "0x10". */
			bool plain = strspn(num, "0123456789.") == strlen(num) && isdigit((unsigned char)*num);
			it->seconds = plain ? strtod(num, &end) : -1;
			if (!plain || *end || it->seconds < 0 || it->seconds > LESSON_PAUSE_MAX) {
				it->seconds = 0;
				perr(p, line, _("'- pause' takes nothing or a number of seconds from 0 to %d, "
						"not '%s'"), LESSON_PAUSE_MAX, num);
			}
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
		it->prefix = lesson_xstrdup(trim(rest + 1));
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
			if (strcmp(word, directives[i]) && suggest_distance(word, directives[i]) <= 2 &&
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
			l->title = lesson_xstrdup(trim(s + 1));
			free(l->sections[0].title);
			l->sections[0].title = lesson_xstrdup(l->title);
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

bool lesson_has_ext(const char *path, const char *ext)
{
	size_t a = strlen(path), b = strlen(ext);
	return a > b && !strcmp(path + a - b, ext);
}

bool lesson_is_format(const char *path, const char *buf)
{
	char first[8] = "";

	if (lesson_has_ext(path, ".lesson") || lesson_has_ext(path, ".demo"))
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

static void validate(struct parser *p);

/* The values of the front matter that something reads. */
static void check_meta(struct parser *p, int line, const char *k, const char *v)
{
	if (!strcmp(k, "lesson") && (!*v || strspn(v, "0123456789") != strlen(v) || strlen(v) > 3))
		perr(p, line, _("'lesson:' is the lesson's number (1 to 3 digits), not '%s'"), v);
	if (!strcmp(k, "needs")) {
		char *copy = lesson_xstrdup(v), *save = NULL;
		for (char *w = strtok_r(copy, " ,", &save); w; w = strtok_r(NULL, " ,", &save)) {
			/* the words are doctor's checks (needs.h) */
			if (!needs_known(w))
				perr(p, line, _("unknown requirement '%s' in 'needs:' (known: root, cgroup2, "
						"busybox, 2cpus, nftables)"), w);
		}
		free(copy);
	}
}

/* A control character in a line of the file (a raw ESC would reach the
 * terminal): an error, shown visibly. Tabs are fine. */
static void check_ctrl(struct parser *p, int line, const char *s)
{
	for (const unsigned char *c = (const unsigned char *)s; *c; c++)
		if ((*c < 0x20 && *c != '\t' && *c != '\r') || *c == 0x7f) {
			perr(p, line, _("the line has a control character (%s): a lesson is plain text"),
			     out_ctrl_name(*c));
			return;
		}
}

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
	l->path = lesson_xstrdup(path);
	base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	l->id = lesson_xstrdup(base);
	if (strchr(l->id, '.'))
		*strrchr(l->id, '.') = '\0';
	format = lesson_is_format(path, buf);
	l->kind = lesson_has_ext(path, ".demo") ? LESSON_DEMO : format ? LESSON_LESSON : LESSON_SCRIPT;
	add_section(&p, "", 1);
	l->sections[0].intro = true;
	copy = lesson_xstrdup(buf);

	/* strsep keeps empty lines (strtok would merge them). */
	save = copy;
	while ((line = strsep(&save, "\n"))) {
		lineno++;
		if (!save && !*line)
			break;		/* the final newline */
		check_ctrl(&p, lineno, line);
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
			check_meta(&p, lineno, k, v);
			l->meta_key = grow(l->meta_key, sizeof(char *), (size_t)l->nmeta);
			l->meta_val = grow(l->meta_val, sizeof(char *), (size_t)l->nmeta);
			l->meta_key[l->nmeta] = lesson_xstrdup(k);
			l->meta_val[l->nmeta] = lesson_xstrdup(v);
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
		l->title = lesson_xstrdup(t ? t : l->id);
		if (l->kind != LESSON_SCRIPT && !t)
			perr(&p, 1, _("the file has no title: write '# Title' (or 'title:' in the front matter)"));
	}
	if (!l->sections[0].title[0]) {
		free(l->sections[0].title);
		l->sections[0].title = lesson_xstrdup(l->title);
	}
	if (l->kind == LESSON_LESSON) {
		int nsteps = 0;
		for (int i = 0; i < l->nsections; i++)
			nsteps += lesson_section_is_step(&l->sections[i]);
		if (nsteps == 0)
			perr(&p, 1, _("a lesson needs at least one step ('## Paso 1 — ...')"));
	}
	validate(&p);
	*out = l;
	return 0;
}

int lesson_load(const char *path, bool report, struct lesson **out, struct err *e)
{
	FILE *f = fopen(path, "re");
	char *buf = NULL;
	struct stat st;
	ssize_t n;
	int rc, rd_err;

	*out = NULL;
	if (!f) {
		err_errno(e, errno, _("cannot open '%s'"), path);
		if (errno == ENOENT)
			err_hint(e, _("'lesson list' and 'demo list' show the course's files"));
		return -1;
	}
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(f);
		err_set(e, _("'%s' is a directory, not a lesson, a demo or a script"), path);
		return err_hint(e, _("'lesson list' and 'demo list' show the course's files"));
	}
	/* Read at most LESSON_FILE_MAX + 1 bytes: a bigger file is refused. */
	buf = lesson_xrealloc(NULL, LESSON_FILE_MAX + 2);
	n = (ssize_t)fread(buf, 1, LESSON_FILE_MAX + 1, f);
	rd_err = ferror(f) ? errno : 0;
	fclose(f);
	if (rd_err) {
		free(buf);
		return err_errno(e, rd_err, _("cannot read '%s'"), path);
	}
	if (n > LESSON_FILE_MAX) {
		free(buf);
		return err_set(e, _("'%s' is too big for a lesson, a demo or a script (more than %d MiB)"),
			       path, LESSON_FILE_MAX >> 20);
	}
	buf[n] = '\0';
	if (memchr(buf, '\0', (size_t)n)) {
		free(buf);
		err_set(e, _("'%s' is not a text file (it has NUL bytes)"), path);
		return err_hint(e, _("lessons, demos and scripts are plain text"));
	}
	rc = lesson_parse(path, buf, report, out, e);
	free(buf);
	return rc;
}

int lesson_report(struct lesson **l, struct err *e)
{
	char *path = lesson_xstrdup((*l)->path);
	int rc;

	lesson_free(*l);
	rc = lesson_load(path, true, l, e);
	free(path);
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
	for (int i = 0; i < l->nhost; i++)
		free(l->host[i].text);
	free(l->host);
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
			*names = lesson_xrealloc(*names, sizeof(char *) * (size_t)(*n + 1));
			(*names)[(*n)++] = lesson_xstrdup(w[i]);
		}
	}
	tok_line_free(&t);
}

/* Is this one command (of a line) a host command: `!`, a command given
 * a program to run (words after `--` or after the entry's rest_after are
 * always a CMD: exec, unshare, chroot, nice, nsenter), or one that names
 * a file of the host (a FILE argument: source, record, export, rootfs)?
 * From the table. `unshare -n rojo` counts too (its one word could be a
 * program): a false alarm, never a miss. */
static bool runs_on_host(int argc, char **argv)
{
	struct args a;
	struct err e = ERR_INIT;
	const struct cmd_entry *ce;
	bool host = false;

	if (!strcmp(argv[0], "!"))
		return true;
	/* A line that passed validation but is no command is the shorthand
	 * `NODE CMD...` (exec in a node that exists now): a program. */
	if (!cmd_find(argv[0], false, &e))
		return true;
	if (cmd_parse(argc, argv, false, &a, &e) < 0)
		return false;
	ce = a.entry;
	for (int k = 0; k < 2 && ce; k++, ce = a.parent) {
		const char *kinds = ce->complete ? ce->complete : "";
		if (a.restc > 0 || strstr(kinds, "FILE"))
			host = true;
	}
	free(a.argv);
	free(a.line);
	return host;
}

static void add_host(struct lesson *l, int line, const char *text)
{
	l->host = grow(l->host, sizeof *l->host, (size_t)l->nhost);
	l->host[l->nhost].line = line;
	l->host[l->nhost].text = lesson_xstrdup(text);
	l->nhost++;
}

static void note_host_line(struct lesson *l, int line, const char *text)
{
	struct tok_line t;
	struct err e = ERR_INIT;
	bool host = false;

	if (tok_split(text, &t, &e) < 0)
		return;
	for (int c = 0; c < t.ncmds && !host; c++)
		host = runs_on_host(t.cmds[c].argc, t.cmds[c].argv);
	tok_line_free(&t);
	if (host)
		add_host(l, line, text);
}

/* Everything that needs the whole file: commands against the command
 * table, hints against their step's checks, checks out of a step; and
 * the list of host commands. */
static void validate(struct parser *p)
{
	struct lesson *l = p->l;
	char **nodes = NULL;
	int nnodes = 0;
	struct cmd_ctx ctx = { .interactive = false, .checking = true, .file = l->path };

	for (int si = 0; si < l->nsections; si++) {
		const struct lesson_section *s = &l->sections[si];
		for (int i = 0; i < s->nitems; i++) {
			const struct lesson_item *it = &s->items[i];
			struct err e = ERR_INIT;
			if (it->kind == ITEM_CHECK && it->check && check_runs_host(it->check))
				add_host(l, it->line, it->text);
			if (it->kind == ITEM_CMD) {
				ctx.line = it->line;
				if (cmd_check_line(&ctx, it->text, &e) < 0) {
					size_t w = strcspn(it->text, " \t");
					for (int k = 0; k < nnodes; k++)
						if (strlen(nodes[k]) == w && !strncmp(nodes[k], it->text, w))
							err_hint(&e, _("'%s' is a node made above: in a lesson write "
								       "'exec %s CMD...' (--check cannot know the "
								       "node will exist)"), nodes[k], nodes[k]);
					perr_e(p, it->line, &e);
				} else {
					note_host_line(l, it->line, it->text);
				}
				note_nodes(it->text, &nodes, &nnodes);
			} else if (it->kind == ITEM_HINT && it->prefix && it->prefix[0]) {
				bool found = false;
				for (int k = 0; k < s->nitems && !found; k++)
					if (s->items[k].kind == ITEM_CHECK && s->items[k].check)
						found = check_hint_plausible(it->prefix, s->items[k].check);
				if (!found) {
					err_set(&e, _("'hint[%s]' matches no check of its step"), it->prefix);
					err_hint(&e, _("the words between brackets are the start of a check "
						       "('link v-rojo@rojo') or of its part that fails ('peer', 'up')"));
					perr_e(p, it->line, &e);
				}
			} else if ((it->kind == ITEM_CHECK || it->kind == ITEM_HINT) && s->outro) {
				err_set(&e, _("checks and hints belong to a step, not to '%s'"), s->title);
				perr_e(p, it->line, &e);
			}
		}
	}
	for (int k = 0; k < nnodes; k++)
		free(nodes[k]);
	free(nodes);
}

