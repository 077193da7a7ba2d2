/* cmd-rootfs.c: `rootfs DIR`: build a minimal root filesystem from the
 * machine's static busybox, offline (see rootfs.h). */
#include <stdio.h>
#include "node.h"
#include "../shell/probe.h"
#include "rootfs.h"
#include "../shell/cmd.h"
#include "../shell/i18n.h"
#include "../shell/out.h"

static int cmd_rootfs_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	int n = 0;
	(void)ctx;
	if (rootfs_build(a->argv[0], &n, e) < 0)
		return -1;
	out_printf(_("root filesystem ready in '%s': busybox with %d programs; try `chroot %s "
		     "ls /`\n"), a->argv[0], n, a->argv[0]);
	return 0;
}

static void cmd_rootfs_explain(struct cmd_ctx *ctx, const struct args *a)
{
	struct err e = ERR_INIT;
	const char *bb = static_busybox(&e);
	const char *d = node_shq(a->argv[0]);
	cmd_explain(ctx, "mkdir -p %s/bin %s/sbin %s/usr/bin %s/usr/sbin %s/etc %s/proc %s/sys "
		    "%s/dev %s/tmp %s/root", d, d, d, d, d, d, d, d, d, d);
	cmd_explain(ctx, "cp %s %s/bin/busybox", bb ? bb : "/bin/busybox", d);
	cmd_explain(ctx, "chroot %s /bin/busybox --install -s", d);
	cmd_explain(ctx, "printf 'root:x:0:0:root:/root:/bin/sh\\n' > %s/etc/passwd", d);
	cmd_explain(ctx, "printf 'root:x:0:\\n' > %s/etc/group", d);
}

const struct cmd_entry cmd_rootfs_entry = {
	.name = "rootfs",
	.min_args = 1, .max_args = 1, .rest_after = -1,
	.usage = N_("rootfs DIR"),
	.summary = N_("Build a minimal root filesystem (busybox) in DIR"),
	.help = N_("Builds in DIR (new or empty) a minimal root filesystem from the machine's "
		   "static busybox, without network: /bin/busybox and its programs as links, "
		   "/proc, /sys and /dev as mount points, /etc/passwd, /etc/group, /etc/hostname, "
		   "/tmp and /root. Use it with `chroot DIR` or `unshare --root DIR`. `reset` "
		   "removes it (never a directory that already held files)."),
	.complete = "FILE",
	.attrs = CMD_ROOT,
	.exec = cmd_rootfs_exec,
	.explain = cmd_rootfs_explain,
};
