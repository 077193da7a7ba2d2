/* cmd-nsenter.c: `nsenter` (stub until its owner implements it). */
#include "../shell/cmd.h"
#include "../shell/i18n.h"

static int
cmd_nsenter_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	(void)ctx; (void)a;
	return err_set(e, _("'%s' is not implemented yet"), "nsenter");
}

const struct cmd_entry cmd_nsenter_entry = {
	.name = "nsenter",
	.min_args = 0, .max_args = -1, .rest_after = -1,
	.usage = "nsenter NODE|PID [-n] [-p] [-U] [-m] [-u] [-i] [-C] [-- CMD ...]",
	.summary = N_("Run a command in the foreground inside existing namespaces"),
	.help = N_("Run a command in the foreground inside existing namespaces."),
	.exec = cmd_nsenter_exec,
};
