/* cmd-bridge.c: `bridge` (stub until its owner implements it). */
#include "../shell/cmd.h"
#include "../shell/i18n.h"

static int
cmd_bridge_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	(void)ctx; (void)a;
	return err_set(e, _("'%s' is not implemented yet"), "bridge");
}

const struct cmd_entry cmd_bridge_entry = {
	.name = "bridge",
	.min_args = 0, .max_args = -1, .rest_after = -1,
	.usage = "bridge add|del BR[@NODE] | bridge attach BR[@NODE] IF | bridge detach IF[@NODE]",
	.summary = N_("Linux bridges (virtual switches) and their ports"),
	.help = N_("Linux bridges (virtual switches) and their ports."),
	.exec = cmd_bridge_exec,
};
