/* lesson.h: the lesson engine (shell/lesson/): lessons, demos and plain
 * scripts in one format, and the one runner that executes them in three
 * modes (architecture principle 7). The engine may use the world model,
 * the kernel-access layer and the shell core; commands (cmd-lesson.c,
 * cmd-demo.c, cmd-record.c, cmd-export.c, script.c) use it through this
 * header and check.h. Its files are listed in internal.h.
 *
 * The format (docs/lesson-format.es.md) is Markdown with conventions:
 *
 *   ---                      front matter: lesson/demo, title, needs
 *   # Title                  the title and an introduction
 *   ## Paso N — ...          a step: its goal (text), then
 *   ```aisla ... ```         the reference commands (the solution)
 *   - check: ...             queries on the kernel (check.h), all must hold
 *   - hint: ... / - hint[words]: ...   the general hint / the hint for
 *                            the failing check (or clause) starting with words
 *   - say: ...  - pause      demos: narration, a pause
 *   ## Lo que has visto      the closing section
 *
 * A file without front matter and without a .lesson/.demo extension is a
 * plain script: every line a command.
 *
 * Modes: guided (`lesson start`: the student types, checks run after
 * every command through the dispatcher's cmd_hooks[]), replay (`demo play`: aisla types)
 * and batch (`aisla FILE`: commands and checks, unattended).
 */
#ifndef AISLA_LESSON_H
#define AISLA_LESSON_H

#include <stdbool.h>
#include <stddef.h>
#include "../err.h"

struct cmd_ctx;

enum lesson_kind { LESSON_LESSON, LESSON_DEMO, LESSON_SCRIPT };

enum item_kind {
	ITEM_TEXT,	/* a paragraph, a list item, a non-aisla code block */
	ITEM_CMD,	/* one reference command (a line of an ```aisla block) */
	ITEM_SAY,	/* - say: narration (demos) */
	ITEM_PAUSE,	/* - pause [SECONDS] */
	ITEM_CHECK,	/* - check: a query (check.h) */
	ITEM_HINT,	/* - hint: / - hint[PREFIX]: */
};

struct lesson_item {
	enum item_kind kind;
	int line;		/* line number in the file */
	char *text;		/* owned */
	size_t len, cap;	/* of text, while parsing */
	char *prefix;		/* hint[PREFIX], else NULL */
	bool code;		/* ITEM_TEXT: verbatim (a code block) */
	bool must_fail;		/* ITEM_CMD in an ```aisla falla block */
	double seconds;		/* ITEM_PAUSE: 0 = wait for a key */
	struct check *check;	/* ITEM_CHECK: parsed (NULL if invalid) */
};

struct lesson_section {
	char *title;		/* heading text without "## " (owned) */
	int line;
	bool outro;		/* "## Lo que has visto" */
	bool intro;		/* the part before the first ## */
	int nitems;
	struct lesson_item *items;
};

/* The longest `- pause: N`, in seconds. */
#define LESSON_PAUSE_MAX 600
/* The biggest file the parser reads. */
#define LESSON_FILE_MAX (4 << 20)

/* A line that runs something on the host outside aisla's own commands:
 * a `!` line, an `exit` check, a command that runs a program (exec,
 * unshare, chroot, nice... with a CMD) or names a host file (source,
 * record, export, rootfs...). */
struct lesson_host {
	int line;
	char *text;		/* owned */
};

struct lesson {
	char *path;		/* as given (owned) */
	char *id;		/* basename without extension: "04-veth" */
	enum lesson_kind kind;
	int nmeta;
	char **meta_key, **meta_val;	/* front matter, in order */
	char *title;		/* "# ..." or front matter title */
	int nsections;		/* [0] is the introduction (before any ##) */
	struct lesson_section *sections;
	int nerrors;		/* problems found by parsing and validation */
	int nhost;
	struct lesson_host *host;	/* the host commands, in file order */
};

/* --allow-host: run the host commands of files that are not shipped
 * with aisla without asking (set by main). */
extern bool lesson_allow_host;

/* Does this file use the lesson/demo format (front matter "---" on the
 * first line, or a .lesson/.demo extension)? buf may be NULL (then only
 * the name decides... and the first line is read from the file). */
bool lesson_is_format(const char *path, const char *buf);

/* Parse and validate a whole file (or buffer): syntax, every command
 * against the command table (cmd_check_line), every check known and well
 * formed, every hint[...] tied to a check of its step, the front matter.
 * The same code serves --check and every mode that runs the file, so they
 * never disagree. Problems are printed as "FILE:LINE: error: ..." when
 * report is true and counted in nerrors; a lesson with errors is still
 * returned. -1 only when the file cannot be read, is not text or is too
 * big. The host commands are listed in l->host. */
int lesson_load(const char *path, bool report, struct lesson **out, struct err *e);
int lesson_parse(const char *path, const char *buf, bool report,
		 struct lesson **out, struct err *e);
void lesson_free(struct lesson *l);
/* Load *l's file again, printing its problems this time (a file loaded
 * quietly first, to say what it is). -1 (and *l freed, NULL) when it
 * cannot be read any more. */
int lesson_report(struct lesson **l, struct err *e);
/* Front matter value (borrowed), or NULL. */
const char *lesson_meta(const struct lesson *l, const char *key);
/* Is this section a step (it has commands or checks, or is a ## section
 * other than the closing one)? */
bool lesson_section_is_step(const struct lesson_section *s);

/* Print the host commands as "FILE:LINE: TEXT" lines (stderr). */
void lesson_print_host(const struct lesson *l);
/* May l's host commands run? Yes when it has none, when it comes from
 * the shipped lessons or demos, with --allow-host, or when the user says
 * so: ask (once per file) when ask is true and there is a terminal;
 * otherwise refuse with the list and an error. */
int lesson_host_gate(struct lesson *l, bool ask, struct err *e);

/* Batch mode: run every reference command and, after each step, its
 * checks (retrying briefly while the kernel settles). Stops at the first
 * failure. 0 when every command ran and every check held. A file with
 * problems, or with host commands that may not run, runs nothing. */
int lesson_run_batch(struct lesson *l, struct err *e);

/* Replay mode: type each command at a readable pace with narration.
 * step: wait for a key before each command; delay: seconds between
 * commands (0: no typing effect, no waiting); ask: a file that is not
 * shipped may ask before its host commands (lesson_host_gate). */
int lesson_play(struct lesson *l, bool step, double delay, bool ask, struct err *e);

/* Find a lesson by number or name ("4", "04", "veth", "04-veth", a
 * path) or a demo by name, in ./lessons next to the binary, then in
 * AISLA_DATADIR. Fills path. */
int lesson_find(const char *what, bool demo, char *path, size_t size, struct err *e);

/* Guided mode (cmd-lesson.c drives it). */
int lesson_guided_start(const char *what, struct err *e);
bool lesson_guided_active(void);
int lesson_guided_goal(struct err *e);
int lesson_guided_hint(struct err *e);
int lesson_guided_check(struct err *e);
int lesson_guided_next(int delta, struct err *e);	/* +1 next, -1 back */
int lesson_guided_restart(struct err *e);
int lesson_guided_stop(bool reset, struct err *e);
int lesson_list(bool demos, struct err *e);

/* `source FILE`, `aisla FILE` on a lesson/demo (script.c): a lesson runs
 * in batch mode, a demo is replayed without delays. */
int lesson_source(const char *path, struct err *e);

/* After every command that succeeded, listed in this order in the
 * dispatcher's static cmd_hooks[] (commands/cmd-table.c): the `ran` list
 * and guided mode's checks (guided.c), then record and export (record.c). */
struct args;
void lesson_guided_hook(struct cmd_ctx *ctx, const struct args *a, char *const *explain,
			int nexplain);
void lesson_record_hook(struct cmd_ctx *ctx, const struct args *a, char *const *explain,
			int nexplain);

/* record / export (cmd-record.c, cmd-export.c). */
int lesson_record_start(const char *path, struct err *e);
int lesson_record_stop(struct err *e);
bool lesson_recording(void);
int lesson_export(const char *path, struct err *e);

/* Word-wrap text to width columns, printing each line with prefix
 * (out_printf). Inline Markdown (**bold**) is simplified. */
void lesson_print_wrapped(const char *prefix, const char *text, int width);

#endif
