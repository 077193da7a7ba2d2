/* cmd-demo.c: `demo`: replay a teacher's demo. aisla types each command
 * at a readable pace with its narration (shell/lesson.c, replay mode);
 * `--step` waits for a key before each command. `demo NAME` is `demo
 * play NAME`. */
#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include <unistd.h>
#include "../shell/cmd.h"
#include "../shell/i18n.h"
#include "../shell/lesson/lesson.h"
#include "../shell/out.h"

static const struct cmd_flag play_flags[] = {
	{ 's', "step", false },
	{ 'd', "delay", true },
	{ 0, NULL, false },
};

static int play(const struct args *a, struct err *e)
{
	char path[PATH_MAX];
	struct lesson *l;
	const char *d = args_get(a, "delay");
	double delay = isatty(STDOUT_FILENO) ? 1.0 : 0.0;
	int rc;

	if (d) {
		char *end;
		delay = strtod(d, &end);
		if (*end || end == d || delay < 0 || delay > 60) {
			err_set(e, _("'--delay' takes seconds (0 to 60), not '%s'"), d);
			return err_hint(e, _("for example: demo play veth --delay 0.5"));
		}
	}
	if (lesson_find(a->argv[0], true, path, sizeof path, e) < 0) {
		/* A lesson can be replayed too. */
		struct err e2 = ERR_INIT;
		if (lesson_find(a->argv[0], false, path, sizeof path, &e2) < 0)
			return -1;
		err_clear(e);
	}
	/* Quietly first: a file that is no demo, lesson or script at all is
	 * said so, not listed line by line. */
	if (lesson_load(path, false, &l, e) < 0)
		return -1;
	if (l->kind == LESSON_SCRIPT && l->nerrors) {
		err_set(e, _("'%s' is not a demo, a lesson nor a script of aisla commands: nothing was "
			     "run"), path);
		err_hint(e, ngettext("'aisla --check %s' shows its %d problem; 'demo list' shows the demos",
				     "'aisla --check %s' lists its %d problems; 'demo list' shows the demos",
				     (unsigned long)l->nerrors), path, l->nerrors);
		lesson_free(l);
		return -1;
	}
	if (l->nerrors && lesson_report(&l, e) < 0)
		return -1;
	out_printf(_("Demo file: %s\n"), path);
	rc = lesson_play(l, args_has(a, "step"), delay, true, e);
	lesson_free(l);
	return rc;
}

static int demo_list_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	(void)ctx; (void)a;
	return lesson_list(true, e);
}

static int demo_play_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	(void)ctx;
	return play(a, e);
}

static int cmd_demo_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	(void)ctx;
	if (a->argc == 0)
		return lesson_list(true, e);
	return play(a, e);
}

static const struct cmd_entry demo_list_entry = {
	.name = "list",
	.min_args = 0, .max_args = 0, .rest_after = -1,
	.usage = N_("demo list"),
	.summary = N_("The demos"),
	.help = N_("The demos"),
	.attrs = CMD_NO_EXPLAIN | CMD_NO_RECORD,
	.exec = demo_list_exec,
};

static const struct cmd_entry demo_play_entry = {
	.name = "play",
	.flags = play_flags,
	.min_args = 1, .max_args = 1, .rest_after = -1,
	.usage = N_("demo play NAME|FILE [--step] [--delay SECONDS]"),
	.summary = N_("Replay a demo: aisla types the commands, with narration"),
	.help = N_("Replay a demo: aisla types the commands, with narration"),
	.complete = "FILE",
	.attrs = CMD_NO_EXPLAIN | CMD_NO_RECORD,
	.exec = demo_play_exec,
};

static const struct cmd_entry *const demo_subs[] = { &demo_list_entry, &demo_play_entry, NULL };

const struct cmd_entry cmd_demo_entry = {
	.name = "demo",
	.flags = play_flags,
	.min_args = 0, .max_args = 1, .rest_after = -1,
	.usage = N_("demo list | demo play NAME|FILE [--step] [--delay SECONDS]"),
	.summary = N_("Replay a teacher demo"),
	.help = N_("aisla types each command of the demo at a readable pace, with the teacher's "
		   "narration, and runs it: the panes show what changes. With --step each command "
		   "waits for a key (q stops), so the teacher can talk over it; --delay sets the "
		   "seconds between commands (0: no pauses). A lesson, or a file written by "
		   "'record', can be replayed too. 'demo NAME' is 'demo play NAME'."),
	.complete = "SUB",
	.attrs = CMD_NO_EXPLAIN | CMD_NO_RECORD,
	.subs = demo_subs,
	.exec = cmd_demo_exec,
};
