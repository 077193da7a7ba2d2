/* cmd-chroot.c: `chroot DIR [CMD ...]`: run CMD (default /bin/sh) in the
 * foreground with DIR as its root directory, as chroot(8) does. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "node.h"
#include "rootfs.h"
#include "../shell/cmd.h"
#include "../shell/tok.h"
#include "../shell/i18n.h"
#include "../shell/out.h"
#include "../shell/run.h"

static int chroot_setup(void *arg, struct err *e)
{
	const char *dir = arg;
	if (chdir(dir) < 0)
		return err_errno(e, errno, _("could not enter '%s'"), dir);
	if (chroot(".") < 0) {
		err_errno(e, errno, _("could not change the root to '%s'"), dir);
		if (errno == EPERM)
			err_hint(e, _("chroot needs the capability CAP_SYS_CHROOT: run aisla as "
				      "root (sudo)"));
		return -1;
	}
	if (chdir("/") < 0)
		return err_errno(e, errno, _("could not change to '/'"));
	return 0;
}

static int cmd_chroot_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	const char *dir = a->argv[0];
	struct stat st;
	char *sh[2] = { (char *)"/bin/sh", NULL };
	(void)ctx;

	if (stat(dir, &st) < 0) {
		err_errno(e, errno, _("cannot use '%s' as root"), dir);
		return err_hint(e, _("build a minimal root filesystem there with `rootfs %s`"), dir);
	}
	if (!S_ISDIR(st.st_mode))
		return err_set(e, _("'%s' is not a directory"), dir);
	char *const *argv = a->restc ? a->rest : sh;
	if (!a->restc && !rootfs_has_shell(dir)) {
		err_set(e, _("'%s' has no shell (/bin/sh): nothing could run there"), dir);
		return err_hint(e, _("a root directory needs its own programs: build a minimal one "
				     "with `rootfs %s`, or give the command to run"), dir);
	}
	struct run_spec s = {
		.argv = argv, .mode = RUN_FOREGROUND,
		.setup = chroot_setup, .setup_arg = (void *)dir,
	};
	int status = 0;
	if (run_child(&s, &status, NULL, e) < 0)
		return -1;
	if (status && a->restc) {
		err_set(e, _("'%s' %s"), argv[0], run_status_str(status));
		return -1;
	}
	return 0;
}

static void cmd_chroot_explain(struct cmd_ctx *ctx, const struct args *a)
{
	char *cmd = a->restc ? tok_join(a->restc, a->rest) : strdup("/bin/sh");
	cmd_explain(ctx, "chroot %s %s", node_shq(a->argv[0]), cmd ? cmd : "");
	free(cmd);
}

const struct cmd_entry cmd_chroot_entry = {
	.name = "chroot",
	.min_args = 1, .max_args = 1, .rest_after = 1,
	.usage = N_("chroot DIR [CMD ...]"),
	.summary = N_("Run a command with another root directory"),
	.help = N_("Runs CMD (by default /bin/sh) in the foreground with DIR as its root "
		   "directory: for it and its children, / is DIR and nothing outside DIR can be "
		   "named. DIR needs its own programs: `rootfs DIR` builds a minimal one with "
		   "busybox. Without a terminal (a script), the output goes to the console."),
	.complete = "FILE CMD",
	.attrs = CMD_ROOT,
	.exec = cmd_chroot_exec,
	.explain = cmd_chroot_explain,
};
