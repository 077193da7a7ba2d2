/* cmd-lesson.c: `lesson`: the course's lessons in guided mode. The
 * student types; after every command the current step's checks run
 * against the kernel (shell/lesson.c). `lesson N` is `lesson start N`. */
#include <string.h>
#include "../shell/cmd.h"
#include "../shell/i18n.h"
#include "../shell/lesson/lesson.h"

static int lesson_list_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	(void)ctx; (void)a;
	return lesson_list(false, e);
}

static int lesson_start_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	(void)ctx;
	return lesson_guided_start(a->argv[0], e);
}

static int lesson_goal_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	(void)ctx; (void)a;
	return lesson_guided_goal(e);
}

static int lesson_hint_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	(void)ctx; (void)a;
	return lesson_guided_hint(e);
}

static int lesson_check_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	(void)ctx; (void)a;
	return lesson_guided_check(e);
}

static int lesson_next_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	(void)ctx; (void)a;
	return lesson_guided_next(+1, e);
}

static int lesson_back_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	(void)ctx; (void)a;
	return lesson_guided_next(-1, e);
}

static int lesson_restart_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	(void)ctx; (void)a;
	return lesson_guided_restart(e);
}

static int lesson_stop_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	(void)ctx;
	return lesson_guided_stop(args_has(a, "reset"), e);
}

/* `lesson` alone: the current step, or the list; `lesson N`: start N. */
static int cmd_lesson_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	(void)ctx;
	if (a->argc == 0)
		return lesson_guided_active() ? lesson_guided_goal(e) : lesson_list(false, e);
	return lesson_guided_start(a->argv[0], e);
}

#define SUB(NAME, MIN, MAX, USAGE, SUMMARY, EXEC) \
	static const struct cmd_entry lesson_##NAME##_entry = { \
		.name = #NAME, .min_args = MIN, .max_args = MAX, .rest_after = -1, \
		.usage = USAGE, .summary = SUMMARY, .help = SUMMARY, \
		.attrs = CMD_NO_EXPLAIN | CMD_NO_RECORD, .exec = EXEC, \
	}

SUB(list, 0, 0, N_("lesson list"), N_("The lessons, with your progress"), lesson_list_exec);
SUB(start, 1, 1, N_("lesson start N|NAME"), N_("Begin (or resume) a lesson"), lesson_start_exec);
SUB(goal, 0, 0, N_("lesson goal"), N_("The current step's goal, again"), lesson_goal_exec);
SUB(hint, 0, 0, N_("lesson hint"), N_("A hint for what is still missing (the third one shows the solution)"),
    lesson_hint_exec);
SUB(check, 0, 0, N_("lesson check"), N_("Run the current step's checks and show each result"),
    lesson_check_exec);
SUB(next, 0, 0, N_("lesson next"), N_("The next step (after a passed one, as Enter)"), lesson_next_exec);
SUB(back, 0, 0, N_("lesson back"), N_("Go back to the previous step"), lesson_back_exec);
SUB(restart, 0, 0, N_("lesson restart"),
    N_("Undo what aisla created (as reset does) and start the lesson again"), lesson_restart_exec);

static const struct cmd_flag stop_flags[] = {
	{ 'r', "reset", false },
	{ 0, NULL, false },
};

static const struct cmd_entry lesson_stop_entry = {
	.name = "stop",
	.flags = stop_flags,
	.min_args = 0, .max_args = 0, .rest_after = -1,
	.usage = N_("lesson stop [--reset]"),
	.summary = N_("Leave the lesson (it offers to undo what it made; --reset does it)"),
	.help = N_("Leave the lesson (it offers to undo what it made; --reset does it)"),
	.attrs = CMD_NO_EXPLAIN | CMD_NO_RECORD,
	.exec = lesson_stop_exec,
};

static const struct cmd_entry *const lesson_subs[] = {
	&lesson_list_entry, &lesson_start_entry, &lesson_goal_entry, &lesson_hint_entry,
	&lesson_check_entry, &lesson_next_entry, &lesson_back_entry, &lesson_restart_entry,
	&lesson_stop_entry, NULL,
};

const struct cmd_entry cmd_lesson_entry = {
	.name = "lesson",
	.min_args = 0, .max_args = 1, .rest_after = -1,
	.usage = N_("lesson list|start N|goal|hint|check|next|back|restart|stop"),
	.summary = N_("The course lessons, checked against the live kernel"),
	.help = N_("A lesson guides you step by step: you type the commands, and after each one "
		   "aisla checks the kernel (not its own notes) to see whether the step's goal "
		   "holds. At a terminal, a passed step's result stays on screen until you press "
		   "Enter (or 'lesson next'); what you type meanwhile counts for the next step. "
		   "'lesson hint' helps with what is missing, 'lesson check' shows every check. Your progress is kept in ~/.local/share/aisla. "
		   "'lesson N' is 'lesson start N'."),
	.complete = "SUB",
	.attrs = CMD_NO_EXPLAIN | CMD_NO_RECORD,
	.subs = lesson_subs,
	.exec = cmd_lesson_exec,
};
