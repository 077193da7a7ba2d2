/* cmd-bundle.c: `bundle NODE DIR [-- CMD ...]` writes an OCI runtime
 * bundle describing a node; `bundle run DIR [NODE]` runs one as a node
 * (see bundle.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bundle.h"
#include "node.h"
#include "../shell/probe.h"
#include "../shell/cmd.h"
#include "../shell/i18n.h"
#include "../shell/out.h"

/* ---- bundle run ---- */

static int run_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	(void)ctx;
	return bundle_run(a->argv[0], a->argc > 1 ? a->argv[1] : NULL, e);
}

static void run_explain(struct cmd_ctx *ctx, const struct args *a)
{
	const char *name = bundle_run_name(a->argv[0], a->argc > 1 ? a->argv[1] : NULL);
	cmd_explain(ctx, "runc run --detach --bundle %s %s", node_shq(a->argv[0]), node_shq(name));
}

static const struct cmd_entry bundle_run_entry = {
	.name = "run",
	.min_args = 1, .max_args = 2, .rest_after = -1,
	.usage = N_("bundle run DIR [NODE]"),
	.summary = N_("Run an OCI bundle as a node, as runc does"),
	.help = N_("aisla as an OCI runtime: reads DIR/config.json, makes a node with the new "
		   "namespaces it asks for (hostname, user namespace mapping root to you), joins "
		   "the namespaces given by path, puts the process in an aisla cgroup with the "
		   "limits of linux.resources, mounts what 'mounts' lists inside the rootfs and "
		   "makes it the root with pivot_root, sets rlimits, user, environment and working "
		   "directory, and runs process.args. The node's name is NODE, else the bundle's "
		   "hostname. PID 1 inside is aisla's init (runc's is the process itself). "
		   "From an initramfs, where pivot_root is refused, it moves the new root over "
		   "the old one and chroots, as 'runc run --no-pivot' does.\n\n"
		   "Supported: the fields 'bundle NODE DIR' writes and those of 'runc spec' that "
		   "the course uses. A field outside that subset is refused by name; a few "
		   "(capabilities, maskedPaths, readonlyPaths, devices) are read but not applied, "
		   "and aisla says so."),
	.complete = "FILE NODE",
	.attrs = CMD_ROOT,
	.exec = run_exec,
	.explain = run_explain,
};

static const struct cmd_entry *const bundle_subs[] = { &bundle_run_entry, NULL };

/* ---- bundle NODE DIR ---- */

static int bundle_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	(void)ctx;
	if (a->argc != 2) {
		err_set(e, _("'bundle' takes a node and a directory"));
		return err_hint(e, _("usage: bundle NODE DIR [-- CMD ...] or bundle run DIR [NODE]"));
	}
	if (node_name_valid(a->argv[0], e) < 0)
		return -1;
	if (bundle_write(a->argv[0], a->argv[1], a->restc ? a->rest : NULL, e) < 0)
		return -1;
	out_printf(_("bundle of node '%s' written in '%s' (config.json + rootfs): 'runc run -b %s NAME' "
		     "or 'bundle run %s' run it\n"), a->argv[0], a->argv[1], a->argv[1], a->argv[1]);
	return 0;
}

static void bundle_explain(struct cmd_ctx *ctx, const struct args *a)
{
	struct err e = ERR_INIT;

	if (a->argc != 2)
		return;
	char *json = bundle_json(a->argv[0], a->argv[1], a->restc ? a->rest : NULL, &e);
	if (!json)
		return;
	/* The rootfs as `rootfs DIR/rootfs` explains it, then the config. */
	char rootfs[4200];
	struct err e2 = ERR_INIT;
	const char *bb = static_busybox(&e2);
	snprintf(rootfs, sizeof rootfs, "%s/rootfs", a->argv[1]);
	const char *r = node_shq(rootfs);
	cmd_explain(ctx, "mkdir -p %s/bin %s/sbin %s/usr/bin %s/usr/sbin %s/etc %s/proc %s/sys "
		    "%s/dev %s/tmp %s/root", r, r, r, r, r, r, r, r, r, r);
	cmd_explain(ctx, "cp %s %s/bin/busybox", bb ? bb : "/bin/busybox", r);
	cmd_explain(ctx, "chroot %s /bin/busybox --install -s", r);
	cmd_explain(ctx, "printf '%%s\\n' %s > %s/config.json", node_shq(json), node_shq(a->argv[1]));
	free(json);
}

const struct cmd_entry cmd_bundle_entry = {
	.name = "bundle",
	.min_args = 1, .max_args = 2, .rest_after = -1,
	.usage = N_("bundle NODE DIR [-- CMD ...] | bundle run DIR [NODE]"),
	.summary = N_("A node as an OCI runtime bundle, and running one"),
	.help = N_("An OCI runtime bundle is what runc, crun and aisla run: a directory with "
		   "config.json (what to make: namespaces, hostname, uid/gid maps, mounts, limits, "
		   "the process) and rootfs (the files).\n"
		   "  bundle NODE DIR [-- CMD ...]   write the bundle of NODE into DIR (new or empty)\n"
		   "  bundle run DIR [NODE]          run a bundle as a node (aisla as the runtime)\n"
		   "The bundle describes NODE as a container in its network: the network namespace "
		   "is joined by path (/run/netns/NODE, as the containers of a Kubernetes pod share "
		   "one), pid, mount, uts and ipc are new, a user namespace with NODE's maps when it "
		   "has one, the limits of the aisla cgroup NODE is in. The process is CMD, else the "
		   "node's command, else sh. The same bundle runs with 'runc run -b DIR NAME' (and "
		   "'crun run'): compare what each makes with 'ps', 'nsenter' and /proc. reset "
		   "removes the bundle aisla wrote."),
	.complete = "NODE FILE",
	.attrs = CMD_ROOT,
	.subs = bundle_subs,
	.exec = bundle_exec,
	.explain = bundle_explain,
};
