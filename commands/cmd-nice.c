/* cmd-nice.c: `nice` (stub until its owner implements it). */
#include "../shell/cmd.h"
#include "../shell/i18n.h"

static int
cmd_nice_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	(void)ctx; (void)a;
	return err_set(e, _("'%s' is not implemented yet"), "nice");
}

const struct cmd_entry cmd_nice_entry = {
	.name = "nice",
	.min_args = 0, .max_args = -1, .rest_after = -1,
	.usage = "nice [-n N] CMD ...",
	.summary = N_("Start a command in the background with a niceness"),
	.help = N_("Start a command in the background with a niceness."),
	.exec = cmd_nice_exec,
};
