/* cmd-load.c: `load` (stub until its owner implements it). */
#include "../shell/cmd.h"
#include "../shell/i18n.h"

static int
cmd_load_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	(void)ctx; (void)a;
	return err_set(e, _("'%s' is not implemented yet"), "load");
}

const struct cmd_entry cmd_load_entry = {
	.name = "load",
	.min_args = 0, .max_args = -1, .rest_after = -1,
	.usage = "load cpu|mem SIZE|forks N [-n NODE] [-g CGROUP]",
	.summary = N_("Teaching props: a busy loop, memory, forks"),
	.help = N_("Teaching props: a busy loop, memory, forks."),
	.exec = cmd_load_exec,
};
