/* cmd-unshare.c: `unshare [-n -p -U -m -u -i -C] [-r] [--hostname H]
 * [--root DIR] [NODE] [-- CMD ...]`: new namespaces. With NODE they
 * persist as a node (a holder keeps them, see holder.h) and CMD runs in it
 * in the background; without NODE, CMD (default: a shell) runs in the
 * foreground in new namespaces, as `unshare --net bash` does. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include "node.h"
#include "restart.h"
#include "holder.h"
#include "image.h"
#include "../shell/cmd.h"
#include "../shell/tok.h"
#include "../shell/i18n.h"
#include "../shell/journal.h"
#include "../shell/out.h"
#include "../shell/run.h"

static const struct cmd_flag unshare_flags[] = {
	NS_TABLE(NS_CMD_FLAG)
	{ 'r', "map-root-user", false },
	{ 0, "hostname", true },
	{ 'R', "root", true },
	{ 0, "image", true },		/* an overlay root from an image (image.h) */
	{ 'f', "fork", false },		/* accepted: aisla always forks */
	{ 0, "mount-proc", false },	/* accepted: -p always mounts a fresh /proc */
	{ 0 },
};

struct unshare_plan {
	unsigned mask;
	bool map_root;
	const char *hostname;
	const char *root;
	const char *image;	/* --image IMAGE: root = the overlay of its layers */
	struct img_ref ref;
	char image_root[PATH_MAX];
	const char *node;	/* NULL: foreground */
	int cmdc;
	char **cmd;
	char *shell_argv[2];
};

static unsigned mask_of(const struct args *a)
{
	unsigned m = 0;
	for (int i = 0; i < NS_COUNT; i++) {
		char f[2] = { ns_letter(i), '\0' };
		if (args_has(a, f))
			m |= 1u << i;
	}
	if (m & NS_PID) m |= NS_MNT;	/* a fresh /proc */
	if (args_has(a, "r")) m |= NS_USER;
	if (args_has(a, "hostname")) m |= NS_UTS;
	if (args_has(a, "mount-proc")) m |= NS_MNT;
	return m;
}

/* Is word a program found in PATH (so `unshare -n bash` means CMD)? */
static bool is_program(const char *word)
{
	if (strchr(word, '/'))
		return access(word, X_OK) == 0;
	const char *path = getenv("PATH");
	if (!path)
		path = "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin";
	char buf[4096];
	snprintf(buf, sizeof buf, "%s", path);
	for (char *sv, *d = strtok_r(buf, ":", &sv); d; d = strtok_r(NULL, ":", &sv)) {
		char p[4400];
		struct stat st;
		snprintf(p, sizeof p, "%s/%s", d, word);
		if (stat(p, &st) == 0 && S_ISREG(st.st_mode) && access(p, X_OK) == 0)
			return true;
	}
	return false;
}

/* A shell (listed in /etc/shells, or a usual one): `unshare -n bash`
 * alone means the shell; any other lone word is a node's name (so a node
 * may be called "test" or "top"). */
static bool is_shell(const char *word)
{
	static const char *const usual[] = { "sh", "bash", "dash", "ash", "zsh", "ksh", "fish",
					     "busybox", NULL };
	const char *base = strrchr(word, '/') ? strrchr(word, '/') + 1 : word;
	for (int i = 0; usual[i]; i++)
		if (!strcmp(base, usual[i]))
			return true;
	FILE *f = fopen("/etc/shells", "re");
	char line[256];
	bool found = false;
	while (f && !found && fgets(line, sizeof line, f)) {
		line[strcspn(line, "\n")] = 0;
		const char *lb = strrchr(line, '/') ? strrchr(line, '/') + 1 : line;
		found = line[0] == '/' && (!strcmp(line, word) || !strcmp(lb, word));
	}
	if (f)
		fclose(f);
	return found;
}

static const char *default_shell(void)
{
	const char *sh = getenv("SHELL");
	if (sh && *sh && access(sh, X_OK) == 0)
		return sh;
	return access("/bin/bash", X_OK) == 0 ? "/bin/bash" : "/bin/sh";
}

/* The entry's parse: exec and explain both read this plan (args->plan). */
static int unshare_parse(const struct args *a, void *plan, struct err *e)
{
	struct unshare_plan *p = plan;
	p->mask = mask_of(a);
	p->map_root = args_has(a, "r");
	p->hostname = args_get(a, "hostname");
	p->root = args_get(a, "root");
	p->image = args_get(a, "image");
	/* Every word after the options is in a->rest (rest_after = 0), so
	 * that a program's own options stay its own: `unshare -n ip -br a`.
	 * Forms: -- CMD...; NODE; NODE -- CMD...; SHELL or PROGRAM ARGS...
	 * (the course's `unshare --net bash`: a shell, or a program with
	 * arguments, that is not a node's name); NODE CMD... */
	if (a->has_rest) {	/* "--" came first: no node */
		p->cmd = a->rest;
		p->cmdc = a->restc;
	} else if (a->restc > 0) {
		const char *w = a->rest[0];
		if (a->restc >= 2 && !strcmp(a->rest[1], "--")) {
			p->node = w;
			p->cmd = a->rest + 2;
			p->cmdc = a->restc - 2;
		} else if (!node_exists(w) && is_program(w) && (a->restc >= 2 || is_shell(w))) {
			p->cmd = a->rest;
			p->cmdc = a->restc;
		} else {
			p->node = w;
			p->cmd = a->rest + 1;
			p->cmdc = a->restc - 1;
		}
	}
	if (p->image) {
		if (!p->node) {
			err_set(e, _("--image needs a node's name"));
			return err_hint(e, _("a node from an image persists, with its own writable layer: "
					     "`unshare -p -n --image %s NODE -- CMD`"), p->image);
		}
		if (p->root) {
			err_set(e, _("--image and --root both give the node a root"));
			return err_hint(e, _("keep one: --image IMAGE mounts an overlay of its layers, "
					     "--root DIR uses a directory as it is"));
		}
		if (img_ref_parse(p->image, &p->ref, e) < 0)
			return -1;
		p->mask |= NS_MNT;
		snprintf(p->image_root, sizeof p->image_root, "%.3000s/images/%s/root", journal_dir(),
			 p->node);
	}
	if (p->hostname) {
		size_t l = strlen(p->hostname);
		if (l == 0 || l > 64)
			return err_set(e, _("invalid hostname '%s' (1 to 64 characters)"), p->hostname);
	}
	if (p->node) {
		if (node_name_free(p->node, e) < 0)
			return -1;
		if (!p->mask) {
			err_set(e, _("node '%s' needs at least one namespace"), p->node);
			return err_hint(e, _("say which ones: -n (network), -p (PIDs), -U (user), "
					     "-m (mounts), -u (hostname), -i (IPC), -C (cgroup); "
					     "for example `unshare -n -p %s`"), p->node);
		}
	} else if (!p->mask && !p->root) {
		err_set(e, _("no namespace asked for"));
		return err_hint(e, _("say which ones: -n (network), -p (PIDs), -U (user), -m (mounts), "
				     "-u (hostname), -i (IPC), -C (cgroup); for example `unshare -n bash`"));
	}
	if (p->root) {
		struct stat st;
		if (stat(p->root, &st) < 0 || !S_ISDIR(st.st_mode)) {
			err_errno(e, errno ? errno : ENOTDIR, _("'%s' is not a directory"), p->root);
			return err_hint(e, _("build a root filesystem first with `rootfs %s`"), p->root);
		}
	}
	if (!p->cmdc && !p->node) {
		/* inside another root the host's shell may not exist */
		p->shell_argv[0] = (char *)(p->root ? "/bin/sh" : default_shell());
		p->cmd = p->shell_argv;
		p->cmdc = 1;
	}
	return 0;
}

/* In the foreground child: make the namespaces, then become their
 * process (forking once more for a PID namespace, whose first child is
 * its PID 1). */
static int fg_setup(void *arg, struct err *e)
{
	const struct unshare_plan *p = arg;
	int flags = ns_clone_flags(p->mask);
	uid_t uid = geteuid();
	gid_t gid = getegid();

	if (flags & CLONE_NEWPID)
		proc_title_prepare();	/* for the waiter, while /proc is ours */
	if (flags & CLONE_NEWUSER) {
		if (unshare(CLONE_NEWUSER) < 0)
			return node_ns_errno(e, errno, CLONE_NEWUSER, "user");
		if (p->map_root && holder_map_root(uid, gid, e) < 0)
			return -1;
		flags &= ~CLONE_NEWUSER;
	}
	if (flags && unshare(flags) < 0)
		return node_ns_errno(e, errno, flags, "unshare");
	if ((flags & CLONE_NEWNS) && mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return err_errno(e, errno, _("could not make the mounts private"));
	if (flags & CLONE_NEWPID) {
		pid_t c = fork();
		if (c < 0)
			return err_errno(e, errno, _("could not fork inside the new namespaces"));
		if (c > 0)
			node_wait_child(c);
		node_take_tty();
		if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
			return err_errno(e, errno, _("could not mount a fresh /proc"));
		if (p->root) {
			char pp[4200];
			struct stat st;
			snprintf(pp, sizeof pp, "%s/proc", p->root);
			if (stat(pp, &st) == 0 && S_ISDIR(st.st_mode))
				mount("proc", pp, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
		}
	}
	if (p->hostname && sethostname(p->hostname, strlen(p->hostname)) < 0)
		return err_errno(e, errno, _("could not set the hostname '%s'"), p->hostname);
	if (p->root && (chdir(p->root) < 0 || chroot(".") < 0 || chdir("/") < 0)) {
		err_errno(e, errno, _("could not change the root to '%s'"), p->root);
		return err_hint(e, _("chroot needs the capability CAP_SYS_CHROOT"));
	}
	return 0;
}

static int cmd_unshare_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	const struct unshare_plan *p = a->plan;
	int r = -1;
	(void)ctx;

	if (!p->node) {
		struct run_spec s = {
			.argv = p->cmd, .mode = RUN_FOREGROUND,
			.setup = fg_setup, .setup_arg = (void *)p,
		};
		int st;
		if (run_child(&s, &st, NULL, e) < 0)
			goto out;
		if (st) {
			/* a command that failed is a failure, as in a shell script */
			err_set(e, _("'%s' %s"), p->cmd[0], run_status_str(st));
			goto out;
		}
		r = 0;
		goto out;
	}
	struct node_spec ns = {
		.name = p->node, .mask = p->mask, .map_root = p->map_root,
		.hostname = p->hostname, .root = p->root,
	};
	struct img_root ir;
	if (p->image) {
		if (img_root_make(&p->ref, p->node, &ir, e) < 0)
			goto out;
		ns.root = ir.root;
	}
	if (node_create(&ns, e) < 0) {
		if (p->image)
			img_root_drop(&ir);
		goto out;
	}
	struct node_info ni;
	if (node_get(p->node, &ni, e) < 0)
		goto out;
	if (ni.mask & NS_PID)
		out_printf(_("node '%s' created: namespaces %s; holder pid %d (PID 1 inside)\n"),
			   p->node, ns_mask_names(ni.mask), (int)ni.holder);
	else
		out_printf(_("node '%s' created: namespaces %s; holder pid %d\n"),
			   p->node, ns_mask_names(ni.mask), (int)ni.holder);
	if (p->cmdc) {
		struct run_spec s = {
			.argv = p->cmd, .mode = RUN_BACKGROUND, .label = p->node,
			.report_exit = true, .on_exit = restart_child_exit,
		};
		pid_t pid;
		if (node_run(p->node, &s, NULL, &pid, e) < 0) {
			err_wrap(e, _("node '%s' was created, but its command failed: "), p->node);
			goto out;
		}
		restart_track(p->node, p->cmd, pid);
	}
	r = 0;
out:
	return r;
}

static void cmd_unshare_explain(struct cmd_ctx *ctx, const struct args *a)
{
	const struct unshare_plan *p = a->plan;
	char opts[256] = "";
	unsigned m = p->mask;
	if (p->node && (m & NS_PID))
		m |= NS_MNT;
	if (m & NS_NET) strcat(opts, " --net");
	if (m & NS_PID) strcat(opts, " --pid --fork --mount-proc");
	if (m & NS_USER) strcat(opts, p->map_root ? " --user --map-root-user" : " --user");
	if ((m & NS_MNT) && !(m & NS_PID)) strcat(opts, " --mount");
	if (m & NS_UTS) strcat(opts, " --uts");
	if (m & NS_IPC) strcat(opts, " --ipc");
	if (m & NS_CGROUP) strcat(opts, " --cgroup");
	char root[1100] = "";
	if (p->image)
		img_root_explain(ctx, &p->ref, p->node);
	if (p->image)
		snprintf(root, sizeof root, " --root=%s", node_shq(p->image_root));
	else if (p->root)
		snprintf(root, sizeof root, " --root=%s", node_shq(p->root));
	if (!p->node) {
		char *cmd = tok_join(p->cmdc, p->cmd);
		if (p->hostname)
			cmd_explain(ctx, "unshare%s%s sh -c %s %s %s", opts, root,
				    node_shq("hostname \"$0\"; exec \"$@\""),
				    node_shq(p->hostname), cmd ? cmd : "");
		else
			cmd_explain(ctx, "unshare%s%s %s", opts, root, cmd ? cmd : "");
		free(cmd);
		goto out;
	}
	if (m == NS_NET && !p->root && !p->image && geteuid() == 0) {
		cmd_explain(ctx, "ip netns add %s", p->node);
	} else {
		if (p->hostname) {
			char inner[256];
			snprintf(inner, sizeof inner, "hostname %s; exec sleep infinity",
				 node_shq(p->hostname));
			cmd_explain(ctx, "unshare%s%s sh -c %s &", opts, root, node_shq(inner));
		} else {
			cmd_explain(ctx, "unshare%s%s sleep infinity &", opts, root);
		}
		if (m & NS_PID)
			cmd_explain(ctx, "sleep 0.2; %s=$(pgrep -P $! | head -n 1)",
				    node_sh_var(p->node));
		else
			cmd_explain(ctx, "%s=$!", node_sh_var(p->node));
		if ((m & NS_NET) && geteuid() == 0) {
			cmd_explain(ctx, "mkdir -p /run/netns && touch /run/netns/%s", p->node);
			cmd_explain(ctx, "mount --bind /proc/$%s/ns/net /run/netns/%s",
				    node_sh_var(p->node), p->node);
		}
	}
	if (p->cmdc) {
		char *cmd = tok_join(p->cmdc, p->cmd);
		if (m == NS_NET && !p->root && !p->image && geteuid() == 0)
			cmd_explain(ctx, "ip netns exec %s %s &", p->node, cmd ? cmd : "");
		else
			cmd_explain(ctx, "nsenter --target $%s --all --root --wd=/ %s &",
				    node_sh_var(p->node), cmd ? cmd : "");
		free(cmd);
	}
out:
	return;
}

const struct cmd_entry cmd_unshare_entry = {
	.name = "unshare",
	.flags = unshare_flags,
	.min_args = 0, .max_args = 0, .rest_after = 0,
	.usage = N_("unshare [-n] [-p] [-U] [-m] [-u] [-i] [-C] [-r] [--hostname NAME] [--root DIR|--image IMAGE] "
		 "[NODE] [-- CMD ...]"),
	.summary = N_("New namespaces: a node that persists, or a command in the foreground"),
	.help = N_("Creates new namespaces: -n network, -p PIDs, -U user, -m mounts, -u hostname "
		   "(UTS), -i IPC, -C cgroup (long forms --net, --pid, --user, --mount, --uts, "
		   "--ipc, --cgroup). -r (--map-root-user) maps you to root inside a new user "
		   "namespace; with -U alone you are the overflow user 65534 inside. --hostname "
		   "sets the name of the new UTS namespace; --root DIR makes DIR the root (/) of "
		   "the processes (build one with `rootfs DIR`); --image IMAGE (with NODE) mounts "
		   "an overlay as the node's root: the image's layers, each unpacked once, below, "
		   "and a writable layer of the node's own above (what `image commit` keeps); "
		   "`reset` unmounts and removes it.\n\n"
		   "With NODE the namespaces persist as a node until `node del` or `reset`, even "
		   "after aisla ends: a holder process keeps them, PID 1 of the new PID namespace "
		   "with -p (which also gets a mount namespace and a fresh /proc). With -n the node "
		   "is seen by `ip netns list`. CMD after -- runs inside the node in the "
		   "background, its output prefixed with [NODE].\n\n"
		   "Without NODE, CMD (by default your shell) runs in the foreground in new "
		   "namespaces, as `unshare --net bash` does; when it exits its namespaces are "
		   "gone. A first word that is a shell (bash, sh...), or a program followed by its "
		   "arguments, is the command, not a node: `unshare -n bash`, `unshare -n ip "
		   "link`; `--` says it plainly: `unshare -n -- CMD`, `unshare -n NODE -- CMD`."),
	.complete = "NODE CMD",
	.parse = unshare_parse,
	.plan_size = sizeof(struct unshare_plan),
	.exec = cmd_unshare_exec,
	.explain = cmd_unshare_explain,
};
