/* cmd.h: the command table and the dispatcher (tmux's model).
 *
 * Each command is one `const struct cmd_entry` in commands/cmd-NAME.c,
 * listed in the alphabetical cmd_table[] (commands/cmd-table.c). The same
 * table drives dispatch, help, tab completion, --check and the tests.
 *
 * A command with subcommands (cgroup add|del|set...) lists them in `subs`;
 * each sub is itself a cmd_entry (its own flags, arity, usage, exec,
 * explain). The dispatcher picks the sub from the first positional.
 *
 * The dispatcher does the generic work: find (exact name or alias; a
 * unique prefix only interactively), parse the arguments against the
 * template, check preconditions (root), run, then print the explanation.
 */
#ifndef AISLA_CMD_H
#define AISLA_CMD_H

#include <stdbool.h>
#include <stddef.h>
#include "err.h"
#include "kernel/valid.h"

#define CMD_MAX_FLAGS 16
/* Positionals the dispatcher resolves by kind (struct args ifn[]). */
#define CMD_MAX_RESOLVED 4

/* One flag: -s / --long, with or without a value. */
struct cmd_flag {
	char short_name;	/* 0 if none */
	const char *long_name;	/* NULL if none */
	bool has_value;
};

enum {
	CMD_ROOT	= 1 << 0,	/* needs euid 0 */
	CMD_INTERACTIVE	= 1 << 1,	/* refuses to run without a terminal */
	CMD_NO_EXPLAIN	= 1 << 2,	/* shell-only: nothing to explain */
	CMD_NO_RECORD	= 1 << 3,	/* not written by record/export (help, status...) */
};

struct args;
struct cmd_ctx;

struct cmd_entry {
	const char *name;
	const char *alias;		/* NULL if none */
	const struct cmd_flag *flags;	/* terminated by {0}; NULL for none */
	int min_args, max_args;		/* positionals; max -1 = unlimited */
	/* After this many positionals, every remaining token (flags too)
	 * is the command's CMD (args->rest). -1: only after "--". */
	int rest_after;
	const char *usage;		/* "veth IF1[@NODE1] IF2[@NODE2]" (not translated) */
	const char *summary;		/* one line, msgid (English) */
	const char *help;		/* paragraphs, msgid (English) */
	/* Kinds of positionals, space separated, "*" = repeat last: e.g.
	 * "NODE CMD", "IFNODE IFNODE", "SUB" (cmd_kinds[]). They drive
	 * completion and the dispatcher's syntax checks; "?KIND" completes
	 * as KIND but is not checked (a word whose meaning depends on the
	 * keyword before it, or that takes more than the kind: a hostname). */
	const char *complete;
	int attrs;			/* CMD_ROOT, CMD_INTERACTIVE... */
	const struct cmd_entry *const *subs;	/* NULL-terminated, or NULL */

	/* Optional: parse the arguments once, into the command's own plan
	 * (plan_size bytes, zeroed), after the dispatcher's checks and just
	 * before exec; exec and explain both read it as args->plan, and the
	 * dispatcher frees it. A parse error stops the command as exec's. */
	int (*parse)(const struct args *, void *plan, struct err *);
	size_t plan_size;

	int (*exec)(struct cmd_ctx *, const struct args *, struct err *);
	/* Emit the real shell commands equivalent to this invocation with
	 * cmd_explain(); called after a successful exec (and by export). */
	void (*explain)(struct cmd_ctx *, const struct args *);
};

/* The parsed arguments of one invocation (borrowed token strings). */
struct args {
	const struct cmd_entry *entry;	/* the entry that runs (a sub if any) */
	const struct cmd_entry *parent;	/* the top-level entry when entry is a sub */
	int argc;
	char **argv;			/* positionals (the sub's name removed) */
	int restc;
	char **rest;			/* CMD after "--" or rest_after */
	bool has_rest;			/* "--" was given (even if nothing follows) */
	const char *flag_val[CMD_MAX_FLAGS];	/* by index in entry->flags */
	bool flag_set[CMD_MAX_FLAGS];
	char *line;			/* the command's own text, re-quoted */
	/* Positional i of kind IFNODE (not "?IFNODE"), split and checked
	 * once by the dispatcher with net_parse_ifnode() before exec runs
	 * (the node must exist then): node is "host" for a bare IF. Empty
	 * for other kinds, and under --check. */
	struct cmd_ifnode {
		char ifname[IFNAMSIZ];
		char node[NET_NODE_MAX];
	} ifn[CMD_MAX_RESOLVED];
	void *plan;			/* the entry's parse result, NULL without one */
};

/* Flag lookup by short ("n") or long ("net") name. */
bool args_has(const struct args *a, const char *name);
const char *args_get(const struct args *a, const char *name); /* NULL if absent */

/* What a command runs in. */
struct cmd_ctx {
	bool interactive;	/* a person at a terminal */
	bool checking;		/* --check: parse and validate only, exec not called */
	const char *file;	/* script being run, or NULL */
	int line;		/* its line number */
	int nexplain;		/* explanation lines emitted by this command */
};

/* Emit one real shell command equivalent ("ip link add ..."). Printed as
 * "≈ ..." when explain is on, and kept for export. */
void cmd_explain(struct cmd_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

extern const struct cmd_entry *const cmd_table[];

/* Find a top-level command (exact name or alias; with allow_prefix a
 * unique prefix). On failure the error suggests the nearest names. */
const struct cmd_entry *cmd_find(const char *name, bool allow_prefix, struct err *e);
/* Parse argv (argv[0] is the command name) against the template. */
int cmd_parse(int argc, char **argv, bool allow_prefix, struct args *out, struct err *e);
/* Run one line (may hold several commands separated by ';').
 * Returns 0 when every command succeeded, -1 at the first failure
 * (which stops the line and fills e). */
int cmd_run_line(struct cmd_ctx *ctx, const char *line, struct err *e);
/* Validate one line without running it (for --check). */
int cmd_check_line(struct cmd_ctx *ctx, const char *line, struct err *e);

/* Called after each successfully run command with its text and its
 * explanation lines (record, export and lessons hook in here): a static,
 * NULL-terminated table next to cmd_table (commands/cmd-table.c). */
typedef void (*cmd_hook_fn)(struct cmd_ctx *ctx, const struct args *a,
			    char *const *explain, int nexplain);
extern const cmd_hook_fn cmd_hooks[];

/* ---- argument kinds (completion and the dispatcher's syntax checks) ---- */

/* A provider calls add(word, ctx) for every candidate starting with prefix. */
typedef void (*complete_add_fn)(const char *word, void *ctx);
typedef void (*complete_fn)(const char *prefix, complete_add_fn add, void *ctx);

/* One argument kind (the words of an entry's `complete`): how to complete it and, for a kind with a syntax of
 * its own, how to check a word before anything runs (the dispatcher
 * does it for every positional of that kind, also under --check and
 * before the first command of a line runs; a kind's check never asks
 * whether an object exists, since an earlier command may make it). */
struct cmd_kind {
	const char *name;		/* "NODE", "IFNODE", "CIDR"... */
	complete_fn complete;		/* NULL: nothing to offer */
	int (*check)(const char *word, struct err *e);	/* NULL: any word */
};
/* The static table of kinds, next to cmd_table (commands/cmd-table.c),
 * terminated by { NULL }. */
extern const struct cmd_kind cmd_kinds[];
/* The kind called name, NULL if none. */
const struct cmd_kind *cmd_kind_find(const char *name);
/* The kind of positional number pos in a "KIND KIND *" string ("*"
 * repeats the last one); "" when there is none. */
void cmd_kind_at(const char *spec, int pos, char *out, size_t osz);

/* Shell settings shared by commands. */
extern bool cmd_explain_on;

#endif
