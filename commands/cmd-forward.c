/* cmd-forward.c: `forward` (stub until its owner implements it). */
#include "../shell/cmd.h"
#include "../shell/i18n.h"

static int
cmd_forward_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	(void)ctx; (void)a;
	return err_set(e, _("'%s' is not implemented yet"), "forward");
}

const struct cmd_entry cmd_forward_entry = {
	.name = "forward",
	.min_args = 0, .max_args = -1, .rest_after = -1,
	.usage = "forward NODE on|off",
	.summary = N_("IP forwarding (IPv4 and IPv6) inside a node"),
	.help = N_("IP forwarding (IPv4 and IPv6) inside a node."),
	.exec = cmd_forward_exec,
};
