/* cmd-nsenter.c: `nsenter NODE|PID [-n -p -U -m -u -i -C] [-- CMD ...]`:
 * run CMD (default: a shell) in the foreground inside the namespaces of a
 * node or a process (all of them unless some are named), with the
 * terminal handed over, as util-linux nsenter does. */
#include <ctype.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "node.h"
#include "../shell/cmd.h"
#include "../shell/tok.h"
#include "../shell/i18n.h"
#include "../shell/out.h"
#include "../shell/run.h"

static const struct cmd_flag nsenter_flags[] = {
	NS_TABLE(NS_CMD_FLAG)
	{ 'a', "all", false },
	{ 't', "target", true },
	{ 0 },
};

static unsigned nsenter_mask(const struct args *a)
{
	unsigned m = 0;
	for (int i = 0; i < NS_COUNT; i++) {
		char f[2] = { ns_letter(i), '\0' };
		if (args_has(a, f))
			m |= 1u << i;
	}
	if (args_has(a, "a")) m = 0;
	return m;
}

static const char *nsenter_target(const struct args *a)
{
	const char *t = args_get(a, "t");
	return t ? t : a->argc ? a->argv[0] : NULL;
}

struct ns_setup { struct node_enter ne; };

static int nsenter_setup(void *arg, struct err *e)
{
	struct ns_setup *s = arg;
	return node_enter_apply(&s->ne, e);
}

static int cmd_nsenter_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	const char *word = nsenter_target(a);
	char node[NODE_NAME_MAX + 1];
	pid_t target;
	unsigned mask = nsenter_mask(a);
	struct ns_setup s;
	char *shell_argv[2] = { NULL, NULL };
	(void)ctx;

	if (!word) {
		err_set(e, _("'nsenter' needs a node or a process"));
		return err_hint(e, _("for example: `nsenter rojo` or `nsenter 1234 -n`"));
	}
	if (node_or_pid(word, node, sizeof node, &target, e) < 0)
		return -1;
	bool all = mask == 0;
	if (node_enter_prepare(&s.ne, node[0] ? node : NULL, target, mask, all, all, e) < 0)
		return -1;
	if (!s.ne.mask && target) {
		/* nothing differs: still fine (a process of the host) */
	}
	char *const *argv = a->rest;
	if (!a->restc) {
		const char *sh = getenv("SHELL");
		/* inside a node with its own root, the host's shell may not exist */
		bool have = sh && sh[0] == '/' &&
			(s.ne.rootfd < 0 ? access(sh, X_OK) == 0
					 : faccessat(s.ne.rootfd, sh + 1, X_OK, 0) == 0);
		shell_argv[0] = (char *)(have ? sh : "/bin/sh");
		argv = shell_argv;
	}
	struct run_spec rs = {
		.argv = argv, .mode = RUN_FOREGROUND,
		.setup = nsenter_setup, .setup_arg = &s,
	};
	int st = 0;
	int r = run_child(&rs, &st, NULL, e);
	node_enter_release(&s.ne);
	if (r < 0)
		return -1;
	if (st && a->restc)	/* a command that failed is a failure */
		return err_set(e, _("'%s' %s"), argv[0], run_status_str(st));
	return 0;
}

static void cmd_nsenter_explain(struct cmd_ctx *ctx, const struct args *a)
{
	const char *word = nsenter_target(a);
	struct node_info ni;
	struct err e = ERR_INIT;
	char flags[128] = "";
	unsigned m = nsenter_mask(a);
	if (!word)
		return;
	static const char *const longs[7] = { "--net", "--pid", "--user", "--mount", "--uts",
					      "--ipc", "--cgroup" };
	for (int i = 0; i < 7; i++)
		if (m & (1u << i)) {
			strcat(flags, " ");
			strcat(flags, longs[i]);
		}
	if (!m)
		strcpy(flags, " --all --root --wd=/");
	char *cmd = a->restc ? tok_join(a->restc, a->rest) : strdup("");
	const char *sp = cmd && *cmd ? " " : "";
	if (node_word_is_pid(word))
		cmd_explain(ctx, "nsenter --target %s%s%s%s", word, flags, sp, cmd ? cmd : "");
	else if (node_get(word, &ni, &e) == 0 && node_net_only(&ni))
		cmd_explain(ctx, "nsenter --net=/run/netns/%s%s%s", word, sp, cmd ? cmd : "");
	else if (node_get(word, &ni, &e) == 0)
		cmd_explain(ctx, "nsenter --target %s%s%s%s", node_sh_holder(word, ni.holder), flags, sp,
			    cmd ? cmd : "");
	free(cmd);
}

const struct cmd_entry cmd_nsenter_entry = {
	.name = "nsenter",
	.flags = nsenter_flags,
	.min_args = 0, .max_args = 1, .rest_after = -1,
	.usage = N_("nsenter NODE|PID [-n] [-p] [-U] [-m] [-u] [-i] [-C] [-- CMD ...]"),
	.summary = N_("Enter the namespaces of a node or a process"),
	.help = N_("Runs CMD (by default a shell) in the foreground inside the namespaces of "
		   "NODE or of process PID: all of them (and its root directory and cgroup) "
		   "unless some are named with -n (network), -p (PIDs), -U (user), -m (mounts), "
		   "-u (UTS), -i (IPC), -C (cgroup). The terminal belongs to CMD until it exits. "
		   "aisla itself never changes namespace: a child does, as `nsenter --target "
		   "PID` does."),
	.complete = "NODE",
	.exec = cmd_nsenter_exec,
	.explain = cmd_nsenter_explain,
};
