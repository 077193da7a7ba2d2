/* cmd-ionice.c: `ionice` (stub until its owner implements it). */
#include "../shell/cmd.h"
#include "../shell/i18n.h"

static int
cmd_ionice_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	(void)ctx; (void)a;
	return err_set(e, _("'%s' is not implemented yet"), "ionice");
}

const struct cmd_entry cmd_ionice_entry = {
	.name = "ionice",
	.min_args = 0, .max_args = -1, .rest_after = -1,
	.usage = "ionice -c 1|2|3 [-n 0-7] PID|NODE",
	.summary = N_("I/O scheduling class and level"),
	.help = N_("I/O scheduling class and level."),
	.exec = cmd_ionice_exec,
};
