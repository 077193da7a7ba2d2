/* cmd-exec.c: `exec NODE|PID CMD ...`: run CMD inside a node (all its
 * namespaces, its root, its cgroup) or inside the namespaces of a
 * process; output streams to the console, Ctrl-C stops it. The dispatcher
 * turns `NODE CMD ...` into `exec NODE CMD ...`. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "node.h"
#include "../shell/cmd.h"
#include "../shell/tok.h"
#include "../shell/i18n.h"
#include "../shell/out.h"
#include "../shell/run.h"

static int cmd_exec_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	char node[NODE_NAME_MAX + 1];
	pid_t target;
	int st = 0;
	(void)ctx;

	if (a->restc < 1) {
		err_set(e, _("'exec' needs a command to run"));
		return err_hint(e, _("for example: `exec %s ip addr`"), a->argv[0]);
	}
	if (node_or_pid(a->argv[0], node, sizeof node, &target, e) < 0)
		return -1;
	struct run_spec s = {
		.argv = a->rest, .mode = RUN_CAPTURE,
		.keep_pdeathsig = true,
	};
	if (node_run(a->argv[0], &s, &st, NULL, e) < 0)
		return -1;
	if (st) {
		err_set(e, _("'%s' %s"), a->rest[0], run_status_str(st));
		e->errnum = 0;
		return -1;
	}
	return 0;
}

static void cmd_exec_explain(struct cmd_ctx *ctx, const struct args *a)
{
	struct node_info ni;
	struct err e = ERR_INIT;
	char *cmd = tok_join(a->restc, a->rest);
	if (!cmd)
		return;
	if (node_word_is_pid(a->argv[0]))
		cmd_explain(ctx, "nsenter --target %s --all --root --wd=/ %s", a->argv[0], cmd);
	else if (!strcmp(a->argv[0], "host"))
		cmd_explain(ctx, "%s", cmd);
	else if (node_get(a->argv[0], &ni, &e) == 0 && node_net_only(&ni))
		cmd_explain(ctx, "ip netns exec %s %s", a->argv[0], cmd);
	else if (node_get(a->argv[0], &ni, &e) == 0)
		cmd_explain(ctx, "nsenter --target %s --all --root --wd=/ %s",
			    node_sh_holder(a->argv[0], ni.holder), cmd);
	free(cmd);
}

const struct cmd_entry cmd_exec_entry = {
	.name = "exec",
	.min_args = 1, .max_args = 1, .rest_after = 1,
	.usage = N_("exec NODE|PID CMD ..."),
	.summary = N_("Run a command inside a node"),
	.help = N_("Runs CMD inside NODE: in all its namespaces, with its root directory and in "
		   "its cgroup, like `nsenter --target PID --all` (or `ip netns exec` for a "
		   "network-only node). With a PID instead of a node, inside that process's "
		   "namespaces. The output reaches the console; Ctrl-C stops the command. "
		   "`NODE CMD ...` is the same as `exec NODE CMD ...`."),
	.complete = "NODE CMD",
	.exec = cmd_exec_exec,
	.explain = cmd_exec_explain,
};
