/* cmd-kill.c: `kill` (stub until its owner implements it). */
#include "../shell/cmd.h"
#include "../shell/i18n.h"

static int
cmd_kill_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	(void)ctx; (void)a;
	return err_set(e, _("'%s' is not implemented yet"), "kill");
}

const struct cmd_entry cmd_kill_entry = {
	.name = "kill",
	.min_args = 0, .max_args = -1, .rest_after = -1,
	.usage = "kill NODE|PID [-s SIGNAL]",
	.summary = N_("Signal a process, or every process of a node"),
	.help = N_("Signal a process, or every process of a node."),
	.exec = cmd_kill_exec,
};
