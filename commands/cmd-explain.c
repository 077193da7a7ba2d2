/* cmd-explain.c: `explain on|off`: print the real shell commands after each
 * command (on by default). */
#include <string.h>
#include "../shell/cmd.h"
#include "../shell/i18n.h"
#include "../shell/out.h"

static int cmd_explain_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	(void)ctx;
	if (a->argc == 0) {
		out_printf(cmd_explain_on ? _("explain is on\n") : _("explain is off\n"));
		return 0;
	}
	if (!strcmp(a->argv[0], "on"))
		cmd_explain_on = true;
	else if (!strcmp(a->argv[0], "off"))
		cmd_explain_on = false;
	else {
		err_set(e, _("'explain' takes on or off, not '%s'"), a->argv[0]);
		return err_hint(e, _("explain on | explain off"));
	}
	return 0;
}

const struct cmd_entry cmd_explain_entry = {
	.name = "explain",
	.min_args = 0, .max_args = 1, .rest_after = -1,
	.usage = N_("explain [on|off]"),
	.summary = N_("Show the real shell commands after each command"),
	.help = N_("With explain on (the default), every command is followed by lines starting "
		   "with ≈ that do the same with the real tools (ip, unshare, nsenter, files of "
		   "/sys/fs/cgroup), so what you learn here works without aisla."),
	.complete = "on|off",
	.attrs = CMD_NO_EXPLAIN,
	.exec = cmd_explain_exec,
};
