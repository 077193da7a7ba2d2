/* complete.c: tab completion from the command table (see complete.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cmd.h"
#include "complete.h"
#include "tok.h"

struct list {
	char **v;
	size_t n;
	const char *prefix;
};

static void add(const char *word, void *ctx)
{
	struct list *l = ctx;
	char **nv;

	if (strncmp(word, l->prefix, strlen(l->prefix)) != 0)
		return;
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->v[i], word))
			return;
	nv = realloc(l->v, sizeof *nv * (l->n + 2));
	if (!nv)
		return;
	l->v = nv;
	l->v[l->n] = strdup(word);
	if (l->v[l->n])
		l->n++;
	l->v[l->n] = NULL;
}

static void add_kind(const char *kind, struct list *l)
{
	const struct cmd_kind *k = cmd_kind_find(kind[0] == '?' ? kind + 1 : kind);

	if (k && k->complete)
		k->complete(l->prefix, add, l);
}

static void add_flags(const struct cmd_entry *ce, struct list *l)
{
	char buf[64];

	if (!ce->flags)
		return;
	for (int i = 0; ce->flags[i].short_name || ce->flags[i].long_name; i++) {
		if (ce->flags[i].long_name) {
			snprintf(buf, sizeof buf, "--%s", ce->flags[i].long_name);
			add(buf, l);
		}
		if (ce->flags[i].short_name) {
			snprintf(buf, sizeof buf, "-%c", ce->flags[i].short_name);
			add(buf, l);
		}
	}
}

char **complete_words(const char *line, const char *word)
{
	struct list l = { NULL, 0, word };
	struct tok_line t;
	struct err e = ERR_INIT;
	const char *seg = strrchr(line, ';');

	if (tok_split(seg ? seg + 1 : line, &t, &e) < 0)
		return NULL;
	if (t.ncmds == 0) {
		for (int i = 0; cmd_table[i]; i++)
			add(cmd_table[i]->name, &l);
		add_kind("NODE", &l);
	} else {
		struct tok_cmd *c = &t.cmds[t.ncmds - 1];
		const struct cmd_entry *ce = cmd_find(c->argv[0], true, &e);
		int first = 1, pos = 0;
		char kind[32];

		if (ce && ce->subs) {
			if (c->argc == 1) {
				for (int i = 0; ce->subs[i]; i++)
					add(ce->subs[i]->name, &l);
				goto done;
			}
			for (int i = 0; ce->subs[i]; i++)
				if (!strcmp(ce->subs[i]->name, c->argv[1])) {
					ce = ce->subs[i];
					first = 2;
					break;
				}
		}
		if (ce) {
			for (int i = first; i < c->argc; i++)
				if (c->argv[i][0] != '-')
					pos++;
			if (word[0] == '-') {
				add_flags(ce, &l);
			} else {
				cmd_kind_at(ce->complete, pos, kind, sizeof kind);
				if (!strcmp(kind, "SUB") && ce->subs)
					for (int i = 0; ce->subs[i]; i++)
						add(ce->subs[i]->name, &l);
				else if (!strcmp(kind, "CMDNAME"))
					for (int i = 0; cmd_table[i]; i++)
						add(cmd_table[i]->name, &l);
				else if (kind[0] && strchr(kind, '|')) {
					/* literal alternatives: "on|off" */
					char alt[64], *s2 = NULL;
					snprintf(alt, sizeof alt, "%s", kind);
					for (char *a = strtok_r(alt, "|", &s2); a; a = strtok_r(NULL, "|", &s2))
						add(a, &l);
				} else if (kind[0])
					add_kind(kind, &l);
			}
		} else if (c->argc >= 1) {
			/* NODE CMD... shorthand: nothing more to offer */
		}
	}
done:
	tok_line_free(&t);
	return l.v;
}
