/* cmd-route.c: `route` (stub until its owner implements it). */
#include "../shell/cmd.h"
#include "../shell/i18n.h"

static int
cmd_route_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	(void)ctx; (void)a;
	return err_set(e, _("'%s' is not implemented yet"), "route");
}

const struct cmd_entry cmd_route_entry = {
	.name = "route",
	.min_args = 0, .max_args = -1, .rest_after = -1,
	.usage = "route add|del DEST|default [via GW] [dev IF[@NODE]] [-n NODE] | route list [NODE]",
	.summary = N_("Routes in a node's table"),
	.help = N_("Routes in a node's table."),
	.exec = cmd_route_exec,
};
