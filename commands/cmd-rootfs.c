/* cmd-rootfs.c: `rootfs` (stub until its owner implements it). */
#include "../shell/cmd.h"
#include "../shell/i18n.h"

static int
cmd_rootfs_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	(void)ctx; (void)a;
	return err_set(e, _("'%s' is not implemented yet"), "rootfs");
}

const struct cmd_entry cmd_rootfs_entry = {
	.name = "rootfs",
	.min_args = 0, .max_args = -1, .rest_after = -1,
	.usage = "rootfs DIR",
	.summary = N_("Build a minimal root filesystem from static busybox"),
	.help = N_("Build a minimal root filesystem from static busybox."),
	.exec = cmd_rootfs_exec,
};
