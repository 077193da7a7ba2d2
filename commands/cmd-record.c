/* cmd-record.c: `record` (stub until its owner implements it). */
#include "../shell/cmd.h"
#include "../shell/i18n.h"

static int
cmd_record_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	(void)ctx; (void)a;
	return err_set(e, _("'%s' is not implemented yet"), "record");
}

const struct cmd_entry cmd_record_entry = {
	.name = "record",
	.min_args = 0, .max_args = -1, .rest_after = -1,
	.usage = "record FILE | record stop",
	.summary = N_("Record the commands typed as a replayable script"),
	.help = N_("Record the commands typed as a replayable script."),
	.exec = cmd_record_exec,
};
