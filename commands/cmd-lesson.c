/* cmd-lesson.c: `lesson` (stub until its owner implements it). */
#include "../shell/cmd.h"
#include "../shell/i18n.h"

static int
cmd_lesson_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	(void)ctx; (void)a;
	return err_set(e, _("'%s' is not implemented yet"), "lesson");
}

const struct cmd_entry cmd_lesson_entry = {
	.name = "lesson",
	.min_args = 0, .max_args = -1, .rest_after = -1,
	.usage = "lesson list|start|goal|hint|check|next|back|restart|stop",
	.summary = N_("The course lessons, checked against the live kernel"),
	.help = N_("The course lessons, checked against the live kernel."),
	.exec = cmd_lesson_exec,
};
