/* cmd-chroot.c: `chroot` (stub until its owner implements it). */
#include "../shell/cmd.h"
#include "../shell/i18n.h"

static int
cmd_chroot_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	(void)ctx; (void)a;
	return err_set(e, _("'%s' is not implemented yet"), "chroot");
}

const struct cmd_entry cmd_chroot_entry = {
	.name = "chroot",
	.min_args = 0, .max_args = -1, .rest_after = -1,
	.usage = "chroot DIR [CMD ...]",
	.summary = N_("Run a command with DIR as its root directory"),
	.help = N_("Run a command with DIR as its root directory."),
	.exec = cmd_chroot_exec,
};
