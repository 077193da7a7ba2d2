/* tok.c: splitting a line into commands and words (see tok.h). */
#include <stdlib.h>
#include <string.h>
#include "i18n.h"
#include "tok.h"

struct buf {
	char *s;
	size_t len, cap;
};

static int buf_add(struct buf *b, char c)
{
	if (b->len + 2 > b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 32;
		char *n = realloc(b->s, cap);
		if (!n)
			return -1;
		b->s = n;
		b->cap = cap;
	}
	b->s[b->len++] = c;
	b->s[b->len] = '\0';
	return 0;
}

static int push_word(struct tok_cmd *c, struct buf *w)
{
	char **n = realloc(c->argv, sizeof *n * (size_t)(c->argc + 2));
	if (!n)
		return -1;
	c->argv = n;
	c->argv[c->argc++] = w->s ? w->s : strdup("");
	c->argv[c->argc] = NULL;
	w->s = NULL;
	w->len = w->cap = 0;
	return c->argv[c->argc - 1] ? 0 : -1;
}

static int push_cmd(struct tok_line *t, struct tok_cmd *c)
{
	if (c->argc == 0)
		return 0;
	struct tok_cmd *n = realloc(t->cmds, sizeof *n * (size_t)(t->ncmds + 1));
	if (!n)
		return -1;
	t->cmds = n;
	t->cmds[t->ncmds++] = *c;
	c->argc = 0;
	c->argv = NULL;
	return 0;
}

int tok_split(const char *line, struct tok_line *out, struct err *e)
{
	struct tok_cmd cur = { 0, NULL };
	struct buf w = { NULL, 0, 0 };
	int in_word = 0;
	char quote = 0;
	const char *p;

	out->ncmds = 0;
	out->cmds = NULL;
	for (p = line; *p; p++) {
		char c = *p;
		if (quote == '\'') {
			if (c == '\'')
				quote = 0;
			else if (buf_add(&w, c) < 0)
				goto nomem;
			continue;
		}
		if (quote == '"') {
			if (c == '"')
				quote = 0;
			else if (c == '\\' && (p[1] == '"' || p[1] == '\\')) {
				if (buf_add(&w, *++p) < 0)
					goto nomem;
			} else if (buf_add(&w, c) < 0)
				goto nomem;
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			if (in_word && push_word(&cur, &w) < 0)
				goto nomem;
			in_word = 0;
		} else if (c == ';') {
			if (in_word && push_word(&cur, &w) < 0)
				goto nomem;
			in_word = 0;
			if (push_cmd(out, &cur) < 0)
				goto nomem;
		} else if (c == '#' && !in_word) {
			break;
		} else if (c == '!' && !in_word && cur.argc == 0) {
			/* !LINE: the rest of the line, as it is, for /bin/sh. */
			if (push_word(&cur, &w) < 0)
				goto nomem;
			free(cur.argv[0]);
			cur.argv[0] = strdup("!");
			w.s = strdup(p + 1);
			if (!cur.argv[0] || !w.s || push_word(&cur, &w) < 0)
				goto nomem;
			in_word = 0;
			break;
		} else if (c == '\'' || c == '"') {
			quote = c;
			in_word = 1;
			if (!w.s && buf_add(&w, 'x') == 0)
				w.s[w.len = 0] = '\0';	/* "" is a word too */
		} else if (c == '\\' && p[1]) {
			in_word = 1;
			if (buf_add(&w, *++p) < 0)
				goto nomem;
		} else {
			in_word = 1;
			if (buf_add(&w, c) < 0)
				goto nomem;
		}
	}
	if (quote) {
		free(w.s);
		for (int i = 0; i < cur.argc; i++)
			free(cur.argv[i]);
		free(cur.argv);
		tok_line_free(out);
		err_set(e, _("unterminated quote: a %c was opened and never closed"), quote);
		return err_hint(e, _("close the quote, or escape it with a backslash"));
	}
	if (in_word && push_word(&cur, &w) < 0)
		goto nomem;
	if (push_cmd(out, &cur) < 0)
		goto nomem;
	return 0;
nomem:
	free(w.s);
	tok_line_free(out);
	return err_errno(e, 12, _("cannot split the line"));
}

void tok_line_free(struct tok_line *t)
{
	for (int i = 0; i < t->ncmds; i++) {
		for (int j = 0; j < t->cmds[i].argc; j++)
			free(t->cmds[i].argv[j]);
		free(t->cmds[i].argv);
	}
	free(t->cmds);
	t->cmds = NULL;
	t->ncmds = 0;
}

char *tok_quote(const char *word)
{
	size_t n = strlen(word);
	int plain = n > 0;

	for (const char *p = word; *p; p++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			    "0123456789_.-/@:%=+,", *p) && (unsigned char)*p < 0x80)
			plain = 0;
	if (plain)
		return strdup(word);
	/* '...' with each ' written as '\'' */
	char *q = malloc(n * 4 + 3), *o = q;
	if (!q)
		return NULL;
	*o++ = '\'';
	for (const char *p = word; *p; p++) {
		if (*p == '\'') {
			memcpy(o, "'\\''", 4);
			o += 4;
		} else {
			*o++ = *p;
		}
	}
	*o++ = '\'';
	*o = '\0';
	return q;
}

char *tok_join(int argc, char *const *argv)
{
	size_t len = 1;
	char *s, **q = calloc((size_t)argc + 1, sizeof *q);

	if (!q)
		return NULL;
	for (int i = 0; i < argc; i++) {
		q[i] = tok_quote(argv[i]);
		len += (q[i] ? strlen(q[i]) : 0) + 1;
	}
	s = malloc(len);
	if (s) {
		s[0] = '\0';
		for (int i = 0; i < argc; i++) {
			if (i)
				strcat(s, " ");
			if (q[i])
				strcat(s, q[i]);
		}
	}
	for (int i = 0; i < argc; i++)
		free(q[i]);
	free(q);
	return s;
}
