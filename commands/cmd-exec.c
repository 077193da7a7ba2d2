/* cmd-exec.c: `exec` (stub until its owner implements it). */
#include "../shell/cmd.h"
#include "../shell/i18n.h"

static int
cmd_exec_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	(void)ctx; (void)a;
	return err_set(e, _("'%s' is not implemented yet"), "exec");
}

const struct cmd_entry cmd_exec_entry = {
	.name = "exec",
	.min_args = 0, .max_args = -1, .rest_after = -1,
	.usage = "exec NODE|PID CMD ...",
	.summary = N_("Run a command inside a node"),
	.help = N_("Run a command inside a node."),
	.exec = cmd_exec_exec,
};
