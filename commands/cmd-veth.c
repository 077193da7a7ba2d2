/* cmd-veth.c: `veth` (stub until its owner implements it). */
#include "../shell/cmd.h"
#include "../shell/i18n.h"

static int
cmd_veth_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	(void)ctx; (void)a;
	return err_set(e, _("'%s' is not implemented yet"), "veth");
}

const struct cmd_entry cmd_veth_entry = {
	.name = "veth",
	.min_args = 0, .max_args = -1, .rest_after = -1,
	.usage = "veth IF1[@NODE1] IF2[@NODE2]",
	.summary = N_("A veth pair, each end created where it is named"),
	.help = N_("A veth pair, each end created where it is named."),
	.exec = cmd_veth_exec,
};
