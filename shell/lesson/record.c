/* record.c: `record FILE` (what the user types, as a script) and `export
 * FILE` (the session as a bash script of real commands), both fed by the
 * dispatcher's after-command hook, which also feeds the lesson's `ran`
 * checks and guided mode.
 */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include "../cmd.h"
#include "../i18n.h"
#include "../out.h"
#include "check.h"
#include "internal.h"
#include "lesson.h"


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
char *lesson_display_line(const struct args *a)
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

void lesson_hist_clear(void)
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

/* After every command (the dispatcher's cmd_hooks[], after guided.c's
 * hook): record and export. */
void lesson_record_hook(struct cmd_ctx *ctx, const struct args *a, char *const *explain,
			int nexplain)
{
	const struct cmd_entry *top = a->parent ? a->parent : a->entry;
	char *line;

	if (!a->line)
		return;
	/* record: what the user types (not the lines of a script it runs). */
	if (rec && (!ctx->file || !strcmp(ctx->file, "-c")) && !skip_for_record(a) &&
	    (line = lesson_display_line(a))) {
		fprintf(rec, "%s\n", line);
		fflush(rec);
		free(line);
	}
	/* export: everything that changed the kernel, scripts included. A
	 * reset empties the session. */
	if (!strcmp(top->name, "reset")) {
		lesson_hist_clear();
		return;
	}
	if (skip_for_record(a))
		return;
	hist = lesson_xrealloc(hist, sizeof *hist * (nhist + 1));
	struct hist *h = &hist[nhist++];
	line = lesson_display_line(a);
	h->line = lesson_xstrdup(line ? line : a->line);
	free(line);
	h->nexplain = nexplain;
	h->no_explain = (a->entry->attrs & CMD_NO_EXPLAIN) != 0;
	h->explain = nexplain ? lesson_xrealloc(NULL, sizeof(char *) * (size_t)nexplain) : NULL;
	for (int i = 0; i < nexplain; i++)
		h->explain[i] = lesson_xstrdup(explain[i]);
}

bool lesson_recording(void)
{
	return rec != NULL;
}

int lesson_record_start(const char *path, struct err *e)
{
	time_t now = time(NULL);
	char when[64];

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
