/* cmd-node.c: `node` (stub until its owner implements it). */
#include "../shell/cmd.h"
#include "../shell/i18n.h"

static int
cmd_node_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	(void)ctx; (void)a;
	return err_set(e, _("'%s' is not implemented yet"), "node");
}

const struct cmd_entry cmd_node_entry = {
	.name = "node",
	.min_args = 0, .max_args = -1, .rest_after = -1,
	.usage = "node list | node del NODE",
	.summary = N_("List or remove nodes"),
	.help = N_("List or remove nodes."),
	.exec = cmd_node_exec,
};
