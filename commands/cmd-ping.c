/* cmd-ping.c: `ping` (stub until its owner implements it). */
#include "../shell/cmd.h"
#include "../shell/i18n.h"

static int
cmd_ping_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	(void)ctx; (void)a;
	return err_set(e, _("'%s' is not implemented yet"), "ping");
}

const struct cmd_entry cmd_ping_entry = {
	.name = "ping",
	.min_args = 0, .max_args = -1, .rest_after = -1,
	.usage = "ping NODE DEST [-c N]",
	.summary = N_("Ping from inside a node"),
	.help = N_("Ping from inside a node."),
	.exec = cmd_ping_exec,
};
