/* cmd-demo.c: `demo` (stub until its owner implements it). */
#include "../shell/cmd.h"
#include "../shell/i18n.h"

static int
cmd_demo_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	(void)ctx; (void)a;
	return err_set(e, _("'%s' is not implemented yet"), "demo");
}

const struct cmd_entry cmd_demo_entry = {
	.name = "demo",
	.min_args = 0, .max_args = -1, .rest_after = -1,
	.usage = "demo list | demo play NAME|FILE [--step] [--delay SECONDS]",
	.summary = N_("Replay a teacher demo"),
	.help = N_("Replay a teacher demo."),
	.exec = cmd_demo_exec,
};
