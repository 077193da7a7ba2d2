/* cmd-cgroup.c: `cgroup` (stub until its owner implements it). */
#include "../shell/cmd.h"
#include "../shell/i18n.h"

static int
cmd_cgroup_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	(void)ctx; (void)a;
	return err_set(e, _("'%s' is not implemented yet"), "cgroup");
}

const struct cmd_entry cmd_cgroup_entry = {
	.name = "cgroup",
	.min_args = 0, .max_args = -1, .rest_after = -1,
	.usage = "cgroup add|del|set|attach|show ...",
	.summary = N_("Control groups: limits on CPU, memory, pids, cpuset, io"),
	.help = N_("Control groups: limits on CPU, memory, pids, cpuset, io."),
	.exec = cmd_cgroup_exec,
};
