/* cmd-addr.c: `addr` (stub until its owner implements it). */
#include "../shell/cmd.h"
#include "../shell/i18n.h"

static int
cmd_addr_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	(void)ctx; (void)a;
	return err_set(e, _("'%s' is not implemented yet"), "addr");
}

const struct cmd_entry cmd_addr_entry = {
	.name = "addr",
	.min_args = 0, .max_args = -1, .rest_after = -1,
	.usage = "addr add|del CIDR dev IF[@NODE] | addr list [NODE]",
	.summary = N_("Add, remove or list IP addresses"),
	.help = N_("Add, remove or list IP addresses."),
	.exec = cmd_addr_exec,
};
