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

	l->sections = lesson_xrealloc(l->sections, sizeof *l->sections * (size_t)(l->nsections + 1));
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

	s->items = lesson_xrealloc(s->items, sizeof *s->items * (size_t)(s->nitems + 1));
	it = &s->items[s->nitems++];
	memset(it, 0, sizeof *it);
	it->kind = k;
	it->line = line;
	it->text = lesson_xstrdup(text);
	p->last = it;
	p->para_open = false;
	return it;
}

static void append_text(struct lesson_item *it, const char *more, const char *sep)
{
	size_t a = strlen(it->text), b = strlen(more), c = strlen(sep);
	it->text = lesson_xrealloc(it->text, a + b + c + 1);
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
			l->meta_key = lesson_xrealloc(l->meta_key, sizeof(char *) * (size_t)(l->nmeta + 1));
			l->meta_val = lesson_xrealloc(l->meta_val, sizeof(char *) * (size_t)(l->nmeta + 1));
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
		buf = lesson_xstrdup("");
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

int lesson_validate(struct lesson *l)
{
	char **nodes = NULL;
	int nnodes = 0;
	int bad = l->nerrors;
	struct cmd_ctx ctx = { .interactive = false, .checking = true, .file = l->path };
	const char *needs = lesson_meta(l, "needs");

	if (needs) {
		char *copy = lesson_xstrdup(needs), *save = NULL;
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

