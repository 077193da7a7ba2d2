/* cmd-export.c: `export` (stub until its owner implements it). */
#include "../shell/cmd.h"
#include "../shell/i18n.h"

static int
cmd_export_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	(void)ctx; (void)a;
	return err_set(e, _("'%s' is not implemented yet"), "export");
}

const struct cmd_entry cmd_export_entry = {
	.name = "export",
	.min_args = 0, .max_args = -1, .rest_after = -1,
	.usage = "export FILE",
	.summary = N_("Write the session as a bash script of real tools"),
	.help = N_("Write the session as a bash script of real tools."),
	.exec = cmd_export_exec,
};
