/* cmd-renice.c: `renice` (stub until its owner implements it). */
#include "../shell/cmd.h"
#include "../shell/i18n.h"

static int
cmd_renice_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	(void)ctx; (void)a;
	return err_set(e, _("'%s' is not implemented yet"), "renice");
}

const struct cmd_entry cmd_renice_entry = {
	.name = "renice",
	.min_args = 0, .max_args = -1, .rest_after = -1,
	.usage = "renice N PID|NODE",
	.summary = N_("Change the niceness of a process or a node"),
	.help = N_("Change the niceness of a process or a node."),
	.exec = cmd_renice_exec,
};
