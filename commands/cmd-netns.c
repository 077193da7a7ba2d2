/* cmd-netns.c: `netns` (stub until its owner implements it). */
#include "../shell/cmd.h"
#include "../shell/i18n.h"

static int
cmd_netns_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	(void)ctx; (void)a;
	return err_set(e, _("'%s' is not implemented yet"), "netns");
}

const struct cmd_entry cmd_netns_entry = {
	.name = "netns",
	.min_args = 0, .max_args = -1, .rest_after = -1,
	.usage = "netns add|del NODE | netns list",
	.summary = N_("Network-only nodes, exactly as ip netns"),
	.help = N_("Network-only nodes, exactly as ip netns."),
	.exec = cmd_netns_exec,
};
