/* cmd-ps.c: `ps` (stub until its owner implements it). */
#include "../shell/cmd.h"
#include "../shell/i18n.h"

static int
cmd_ps_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	(void)ctx; (void)a;
	return err_set(e, _("'%s' is not implemented yet"), "ps");
}

const struct cmd_entry cmd_ps_entry = {
	.name = "ps",
	.min_args = 0, .max_args = -1, .rest_after = -1,
	.usage = "ps [NODE]",
	.summary = N_("The process tree with namespaces, root, cgroup and nice"),
	.help = N_("The process tree with namespaces, root, cgroup and nice."),
	.exec = cmd_ps_exec,
};
