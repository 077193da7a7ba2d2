/* cmd-source.c: `source FILE`: run a script of commands. */
#include "../shell/cmd.h"
#include "../shell/i18n.h"
#include "../shell/script.h"

static int cmd_source_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	return script_run_file(a->argv[0], ctx->interactive, e);
}

const struct cmd_entry cmd_source_entry = {
	.name = "source",
	.alias = ".",
	.min_args = 1, .max_args = 1, .rest_after = -1,
	.usage = N_("source FILE"),
	.summary = N_("Run a script of commands"),
	.help = N_("Runs FILE line by line as if typed, and stops at the first line that fails "
		   "(the error says FILE:LINE). A lesson or a demo file can be sourced too."),
	.complete = "FILE",
	.attrs = CMD_NO_EXPLAIN,
	.exec = cmd_source_exec,
};
