/* cmd-unshare.c: `unshare` (stub until its owner implements it). */
#include "../shell/cmd.h"
#include "../shell/i18n.h"

static int
cmd_unshare_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	(void)ctx; (void)a;
	return err_set(e, _("'%s' is not implemented yet"), "unshare");
}

const struct cmd_entry cmd_unshare_entry = {
	.name = "unshare",
	.min_args = 0, .max_args = -1, .rest_after = -1,
	.usage = "unshare [-n] [-p] [-U] [-m] [-u] [-i] [-C] [-r] [--hostname NAME] [--root DIR] [NODE] [-- CMD ...]",
	.summary = N_("New namespaces: a node, or a command in the foreground"),
	.help = N_("New namespaces: a node, or a command in the foreground."),
	.exec = cmd_unshare_exec,
};
