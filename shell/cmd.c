/* cmd.c: the dispatcher: find a command, parse its arguments against the
 * entry's template, check preconditions, run it, explain it (see cmd.h). */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cmd.h"
#include "i18n.h"
#include "suggest.h"
#include "out.h"
#include "shell.h"
#include "tok.h"
#include "kernel/nodes.h"

bool cmd_explain_on = true;

/* Explanation lines of the command being run. */
static char **xlines;
static int nxlines;

void cmd_explain(struct cmd_ctx *ctx, const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;
	char **n;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	if (!s)
		return;
	n = realloc(xlines, sizeof *n * (size_t)(nxlines + 1));
	if (!n) {
		free(s);
		return;
	}
	xlines = n;
	xlines[nxlines++] = s;
	ctx->nexplain++;
}

static void xlines_free(void)
{
	for (int i = 0; i < nxlines; i++)
		free(xlines[i]);
	free(xlines);
	xlines = NULL;
	nxlines = 0;
}

static int flag_index(const struct cmd_entry *ce, const char *name)
{
	if (!ce->flags)
		return -1;
	for (int i = 0; ce->flags[i].short_name || ce->flags[i].long_name; i++) {
		const struct cmd_flag *f = &ce->flags[i];
		if (name[1] == '\0' && f->short_name == name[0])
			return i;
		if (f->long_name && !strcmp(f->long_name, name))
			return i;
	}
	return -1;
}

bool args_has(const struct args *a, const char *name)
{
	int i = flag_index(a->entry, name);
	return i >= 0 && a->flag_set[i];
}

const char *args_get(const struct args *a, const char *name)
{
	int i = flag_index(a->entry, name);
	return i >= 0 && a->flag_set[i] ? a->flag_val[i] : NULL;
}

/* Find name among entries (exact or alias; unique prefix if allowed). */
static const struct cmd_entry *find_in(const struct cmd_entry *const *list,
				       const char *name, bool allow_prefix,
				       const char *what, const char *parent, struct err *e)
{
	const struct cmd_entry *found = NULL;
	char cands[512] = "";
	int nfound = 0;
	size_t len = strlen(name);

	for (int i = 0; list[i]; i++)
		if (!strcmp(list[i]->name, name) ||
		    (list[i]->alias && !strcmp(list[i]->alias, name)))
			return list[i];
	if (allow_prefix && len > 0) {
		for (int i = 0; list[i]; i++) {
			if (strncmp(list[i]->name, name, len) == 0) {
				found = list[i];
				nfound++;
				if (strlen(cands) + strlen(list[i]->name) + 3 < sizeof cands) {
					if (cands[0])
						strcat(cands, ", ");
					strcat(cands, list[i]->name);
				}
			}
		}
		if (nfound == 1)
			return found;
		if (nfound > 1) {
			err_set(e, _("'%s' is ambiguous: it could be %s"), name, cands);
			return err_hint(e, _("type more letters of the name")), NULL;
		}
	}
	/* Suggest the nearest names. */
	struct suggest sg;
	suggest_init(&sg, name, false);
	sg.max = len > 5 ? 3 : 2;
	for (int i = 0; list[i]; i++)
		suggest_add(&sg, list[i]->name);
	snprintf(cands, sizeof cands, "%s", suggest_found(&sg) ? suggest_found(&sg) : "");
	if (parent)
		err_set(e, _("'%s' is not a subcommand of '%s'"), name, parent);
	else
		err_set(e, _("unknown %s '%s'"), what, name);
	if (cands[0])
		err_hint(e, _("did you mean: %s?"), cands);
	else if (parent) {
		char all[512] = "";
		for (int i = 0; list[i]; i++) {
			if (strlen(all) + strlen(list[i]->name) + 3 >= sizeof all)
				break;
			if (all[0])
				strcat(all, ", ");
			strcat(all, list[i]->name);
		}
		err_hint(e, _("the subcommands of '%s' are: %s"), parent, all);
	} else
		err_hint(e, _("'help' lists every command"));
	return NULL;
}

const struct cmd_entry *cmd_find(const char *name, bool allow_prefix, struct err *e)
{
	return find_in(cmd_table, name, allow_prefix, _("command"), NULL, e);
}

static bool looks_negative_number(const char *s)
{
	if (s[0] != '-' || !isdigit((unsigned char)s[1]))
		return false;
	for (s++; *s; s++)
		if (!isdigit((unsigned char)*s) && *s != '.')
			return false;
	return true;
}

static int usage_error(struct err *e, const struct cmd_entry *ce, const char *cmdname,
		       const char *fmt, const char *word)
{
	err_set(e, fmt, cmdname, word);
	return err_hint(e, _("usage: %s (more in 'help %s')"), _(ce->usage), cmdname);
}

int cmd_parse(int argc, char **argv, bool allow_prefix, struct args *a, struct err *e)
{
	const struct cmd_entry *ce;
	char fullname[64];
	int i = 1;

	memset(a, 0, sizeof *a);
	ce = cmd_find(argv[0], allow_prefix, e);
	if (!ce)
		return -1;
	snprintf(fullname, sizeof fullname, "%s", ce->name);
	a->entry = ce;
	if (ce->subs) {
		if (argc < 2 || argv[1][0] == '-') {
			if (!ce->exec) {
				char all[256] = "";
				for (int k = 0; ce->subs[k]; k++) {
					if (all[0])
						strcat(all, "|");
					if (strlen(all) + strlen(ce->subs[k]->name) < sizeof all - 2)
						strcat(all, ce->subs[k]->name);
				}
				err_set(e, _("'%s' needs a subcommand: %s"), ce->name, all);
				return err_hint(e, _("usage: %s (more in 'help %s')"), _(ce->usage),
						ce->name);
			}
		} else {
			struct err e2 = ERR_INIT;
			const struct cmd_entry *sub = find_in(ce->subs, argv[1], allow_prefix,
							      _("subcommand"), ce->name, &e2);
			if (sub) {
				a->parent = ce;
				a->entry = sub;
				snprintf(fullname, sizeof fullname, "%s %s", ce->name, sub->name);
				i = 2;
			} else if (!ce->exec) {
				*e = e2;
				return -1;
			}
		}
	}
	ce = a->entry;
	a->argv = calloc((size_t)argc + 1, sizeof *a->argv);
	if (!a->argv)
		return err_errno(e, 12, _("cannot parse the arguments"));
	for (; i < argc; i++) {
		char *t = argv[i];
		if (!strcmp(t, "--")) {
			a->has_rest = true;
			a->rest = &argv[i + 1];
			a->restc = argc - i - 1;
			break;
		}
		bool is_flag = t[0] == '-' && t[1] != '\0' && !looks_negative_number(t);
		/* A command without options takes its rest verbatim (`!`). */
		if (ce->rest_after >= 0 && a->argc >= ce->rest_after && !ce->flags)
			is_flag = false;
		if (!is_flag) {
			if (ce->rest_after >= 0 && a->argc >= ce->rest_after) {
				a->rest = &argv[i];
				a->restc = argc - i;
				break;
			}
			a->argv[a->argc++] = t;
			continue;
		}
		if (t[1] == '-') {
			char name[64];
			const char *eq = strchr(t + 2, '=');
			size_t nl = eq ? (size_t)(eq - (t + 2)) : strlen(t + 2);
			if (nl >= sizeof name)
				nl = sizeof name - 1;
			memcpy(name, t + 2, nl);
			name[nl] = '\0';
			int fi = name[1] ? flag_index(ce, name) : -1;
			if (fi < 0) {
				free(a->argv);
				a->argv = NULL;
				return usage_error(e, ce, fullname,
						   _("'%s' has no option '%s'"), t);
			}
			a->flag_set[fi] = true;
			if (ce->flags[fi].has_value) {
				if (eq)
					a->flag_val[fi] = eq + 1;
				else if (i + 1 < argc)
					a->flag_val[fi] = argv[++i];
				else {
					free(a->argv);
					a->argv = NULL;
					return usage_error(e, ce, fullname,
							   _("'%s': option '%s' needs a value"), t);
				}
			} else if (eq) {
				free(a->argv);
				a->argv = NULL;
				return usage_error(e, ce, fullname,
						   _("'%s': option '%s' takes no value"), t);
			}
			continue;
		}
		for (char *c = t + 1; *c; c++) {
			char sname[2] = { *c, '\0' };
			int fi = flag_index(ce, sname);
			if (fi < 0) {
				char bad[3] = { '-', *c, '\0' };
				free(a->argv);
				a->argv = NULL;
				return usage_error(e, ce, fullname,
						   _("'%s' has no option '%s'"), bad);
			}
			a->flag_set[fi] = true;
			if (ce->flags[fi].has_value) {
				if (c[1]) {
					a->flag_val[fi] = c + 1;
				} else if (i + 1 < argc) {
					a->flag_val[fi] = argv[++i];
				} else {
					free(a->argv);
					a->argv = NULL;
					return usage_error(e, ce, fullname,
							   _("'%s': option '%s' needs a value"), t);
				}
				break;
			}
		}
	}
	/* "10.0.0.1 /24": the prefix typed apart from its address; blame
	 * those two words, not the count of arguments they upset. */
	for (int k = 1; k < a->argc; k++) {
		const char *w = a->argv[k], *prev = a->argv[k - 1];
		if (w[0] == '/' && w[1] && strspn(w + 1, "0123456789") == strlen(w + 1) &&
		    !strchr(prev, '/') && strpbrk(prev, ".:") &&
		    strspn(prev, "0123456789abcdefABCDEF.:") == strlen(prev)) {
			err_set(e, _("'%s %s': an address and its prefix are one word, without a space"),
				prev, w);
			err_hint(e, _("write '%s%s'; usage: %s"), prev, w, _(ce->usage));
			free(a->argv);
			a->argv = NULL;
			return -1;
		}
	}
	if (a->argc < ce->min_args) {
		free(a->argv);
		a->argv = NULL;
		err_set(e, ngettext("'%s' needs at least %d argument",
				    "'%s' needs at least %d arguments",
				    (unsigned long)ce->min_args), fullname, ce->min_args);
		return err_hint(e, _("usage: %s (more in 'help %s')"), _(ce->usage),
				a->parent ? a->parent->name : ce->name);
	}
	if (ce->max_args >= 0 && a->argc > ce->max_args) {
		char *extra = a->argv[ce->max_args];
		free(a->argv);
		a->argv = NULL;
		err_set(e, _("'%s': too many arguments, '%s' is left over"), fullname, extra);
		return err_hint(e, _("usage: %s (more in 'help %s')"), _(ce->usage),
				a->parent ? a->parent->name : ce->name);
	}
	if (!a->rest) {
		a->rest = &argv[argc];
		a->restc = 0;
	}
	a->line = tok_join(argc, argv);
	return 0;
}

const struct cmd_kind *cmd_kind_find(const char *name)
{
	for (int i = 0; cmd_kinds[i].name; i++)
		if (!strcmp(cmd_kinds[i].name, name))
			return &cmd_kinds[i];
	return NULL;
}

void cmd_kind_at(const char *spec, int pos, char *out, size_t osz)
{
	char copy[256], *save = NULL, *t, *last = NULL;
	int i = 0;

	out[0] = '\0';
	if (!spec)
		return;
	snprintf(copy, sizeof copy, "%s", spec);
	for (t = strtok_r(copy, " ", &save); t; t = strtok_r(NULL, " ", &save), i++) {
		if (!strcmp(t, "*")) {
			if (last)
				snprintf(out, osz, "%s", last);
			return;
		}
		if (i == pos) {
			snprintf(out, osz, "%s", t);
			return;
		}
		last = t;
	}
}

/* Check every positional whose kind has a syntax (cmd_kinds[]):
 * `veth a@@ b` or `addr add 10.0.0.1/99 ...` are refused here, under
 * --check and before the first command of a line runs. Whether the
 * objects exist is for the command, when it runs. */
static int check_kinds(const struct args *a, struct err *e)
{
	char kind[32];

	for (int i = 0; i < a->argc; i++) {
		cmd_kind_at(a->entry->complete, i, kind, sizeof kind);
		/* "?KIND": completed as KIND, not checked (its meaning depends
		 * on the keyword before it, as route's `dev IF` / `via GW`) */
		const struct cmd_kind *k = kind[0] && kind[0] != '?' ? cmd_kind_find(kind) : NULL;
		if (k && k->check && k->check(a->argv[i], e) < 0)
			return -1;
	}
	return 0;
}

/* Resolve the positionals whose kind names an object, once for every
 * command: IF[@NODE] is split and its node checked (net_parse_ifnode(),
 * the same errors a command gave when it parsed them itself). Runs just
 * before exec, so an earlier command of the line may have made the node. */
static int resolve_kinds(struct args *a, struct err *e)
{
	char kind[32];

	for (int i = 0; i < a->argc && i < CMD_MAX_RESOLVED; i++) {
		cmd_kind_at(a->entry->complete, i, kind, sizeof kind);
		if (!strcmp(kind, "IFNODE") &&
		    net_parse_ifnode(a->argv[i], a->ifn[i].ifname, a->ifn[i].node, e) < 0)
			return -1;
	}
	return 0;
}

/* The entry's own parse, once: exec and explain share its plan. */
static int parse_plan(struct args *a, struct err *e)
{
	if (!a->entry->parse)
		return 0;
	a->plan = calloc(1, a->entry->plan_size);
	if (!a->plan)
		return err_errno(e, 12, _("cannot parse the arguments"));
	return a->entry->parse(a, a->plan, e);
}

static void args_release(struct args *a)
{
	free(a->argv);
	free(a->line);
	free(a->plan);
	a->argv = NULL;
	a->line = NULL;
	a->plan = NULL;
}

/* Commands run from a line: rewrite "NODE CMD..." into "exec NODE CMD...". */
static char **maybe_node_shorthand(int *argc, char **argv, bool allow_prefix)
{
	struct err e = ERR_INIT;
	char **n;

	if (cmd_find(argv[0], allow_prefix, &e) || !node_exists(argv[0]) || *argc < 2)
		return NULL;
	n = calloc((size_t)*argc + 2, sizeof *n);
	if (!n)
		return NULL;
	n[0] = (char *)"exec";
	memcpy(n + 1, argv, sizeof *n * (size_t)*argc);
	(*argc)++;
	return n;
}

/* An explanation as the console shows it: "${HOLDER_c1:-27990}" (what an
 * exported script needs, where an earlier line set the variable) is what
 * a fresh bash makes of it, "27990": readable, and the same command. */
static const char *explain_shown(const char *line, char *buf, size_t n)
{
	size_t o = 0;

	for (const char *p = line; *p && o + 1 < n;) {
		const char *v = p + 2, *dash, *end;
		if (p[0] == '$' && p[1] == '{' && (isalpha((unsigned char)*v) || *v == '_')) {
			while (isalnum((unsigned char)*v) || *v == '_')
				v++;
			dash = v;
			end = strchr(dash, '}');
			if (dash[0] == ':' && dash[1] == '-' && end && !memchr(dash, '$', (size_t)(end - dash))) {
				size_t l = (size_t)(end - dash - 2);
				if (o + l >= n)
					break;
				memcpy(buf + o, dash + 2, l);
				o += l;
				p = end + 1;
				continue;
			}
		}
		buf[o++] = *p++;
	}
	buf[o] = '\0';
	return buf;
}

static int run_one(struct cmd_ctx *ctx, int argc, char **argv, bool check_only,
		   struct err *e)
{
	struct args a;
	char **shorthand = maybe_node_shorthand(&argc, argv, ctx->interactive);
	int rc;

	if (shorthand)
		argv = shorthand;
	if (cmd_parse(argc, argv, ctx->interactive, &a, e) < 0) {
		free(shorthand);
		return -1;
	}
	if (check_only) {
		rc = check_kinds(&a, e);
		args_release(&a);
		free(shorthand);
		return rc;
	}
	if ((a.entry->attrs & CMD_ROOT) || (a.parent && (a.parent->attrs & CMD_ROOT))) {
		if (geteuid() != 0) {
			err_set(e, _("'%s' needs root privileges"), a.entry->name);
			err_hint(e, _("run aisla as root: sudo aisla (or sudo make run)"));
			args_release(&a);
			free(shorthand);
			return -1;
		}
	}
	if ((a.entry->attrs & CMD_INTERACTIVE) && !ctx->interactive) {
		err_set(e, _("'%s' needs a terminal: it is interactive"), a.entry->name);
		args_release(&a);
		free(shorthand);
		return -1;
	}
	if (check_kinds(&a, e) < 0 || resolve_kinds(&a, e) < 0 || parse_plan(&a, e) < 0) {
		args_release(&a);
		free(shorthand);
		return -1;
	}
	ctx->nexplain = 0;
	shell.interrupted = false;
	rc = a.entry->exec(ctx, &a, e);
	if (rc == 0 && a.entry->explain)
		a.entry->explain(ctx, &a);
	if (rc == 0 && cmd_explain_on && !(a.entry->attrs & CMD_NO_EXPLAIN))
		for (int i = 0; i < nxlines; i++) {
			char shown[2048];
			out_printf("≈ %s\n", explain_shown(xlines[i], shown, sizeof shown));
		}
	if (rc == 0)
		for (int i = 0; cmd_hooks[i]; i++)
			cmd_hooks[i](ctx, &a, xlines, nxlines);
	if (rc < 0 && !err_isset(e))
		err_set(e, _("'%s' failed"), a.entry->name);
	xlines_free();
	args_release(&a);
	free(shorthand);
	return rc;
}

/* Is command i a node shorthand ("NODE CMD...") for a node an earlier
 * command of the same line may create? Then it is checked when it runs. */
static bool names_earlier_word(const struct tok_line *t, int i)
{
	struct err e = ERR_INIT;

	if (t->cmds[i].argc < 2 || cmd_find(t->cmds[i].argv[0], false, &e))
		return false;
	for (int j = 0; j < i; j++)
		for (int k = 1; k < t->cmds[j].argc; k++)
			if (!strcmp(t->cmds[j].argv[k], t->cmds[i].argv[0]))
				return true;
	return false;
}

static int run_line(struct cmd_ctx *ctx, const char *line, bool check_only, struct err *e)
{
	struct tok_line t;
	const char *p = line;
	int rc = 0;

	while (*p == ' ' || *p == '\t')
		p++;
	if (tok_split(line, &t, e) < 0)
		return -1;
	/* Principle 6: every command of the line is checked before the
	 * first one runs, so `netns add X; bogus` changes nothing. */
	if (!check_only && t.ncmds > 1)
		for (int i = 0; i < t.ncmds && rc == 0; i++)
			if (!names_earlier_word(&t, i))
				rc = run_one(ctx, t.cmds[i].argc, t.cmds[i].argv, true, e);
	for (int i = 0; i < t.ncmds && rc == 0; i++) {
		rc = run_one(ctx, t.cmds[i].argc, t.cmds[i].argv, check_only, e);
		if (rc == 0 && shell.interrupted && i + 1 < t.ncmds && !check_only) {
			rc = err_set(e, _("interrupted: the rest of the line was not run"));
		}
		if (shell.quit)
			break;
	}
	tok_line_free(&t);
	return rc;
}

int cmd_run_line(struct cmd_ctx *ctx, const char *line, struct err *e)
{
	return run_line(ctx, line, false, e);
}

int cmd_check_line(struct cmd_ctx *ctx, const char *line, struct err *e)
{
	return run_line(ctx, line, true, e);
}
