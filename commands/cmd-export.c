/* cmd-export.c: `export FILE`: the session so far as a commented bash
 * script of real tools, built from each command's explain lines. */
#include "../shell/cmd.h"
#include "../shell/i18n.h"
#include "../shell/lesson/lesson.h"

static int cmd_export_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	(void)ctx;
	return lesson_export(a->argv[0], e);
}

const struct cmd_entry cmd_export_entry = {
	.name = "export",
	.min_args = 1, .max_args = 1, .rest_after = -1,
	.usage = N_("export FILE"),
	.summary = N_("Write the session as a bash script of real tools"),
	.help = N_("Writes every command of the session so far (since the start or the last "
		   "reset, scripts and lessons included) as the real commands that do the same "
		   "(ip, unshare, nsenter, writes to /sys/fs/cgroup), each under a comment with "
		   "the aisla command. The script runs as root on a machine without aisla: "
		   "sudo bash FILE."),
	.complete = "FILE",
	.attrs = CMD_NO_EXPLAIN | CMD_NO_RECORD,
	.exec = cmd_export_exec,
};
