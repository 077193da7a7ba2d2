/* cmd-restart.c: `restart NODE always|on-failure|no [--max N]`: the
 * restart policy of a node's command, kept by aisla's event loop (see
 * restart.h). Without a policy it shows the node's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "node.h"
#include "restart.h"
#include "../shell/cmd.h"
#include "../shell/tok.h"
#include "../shell/i18n.h"
#include "../shell/out.h"

static const struct cmd_flag restart_flags[] = {
	{ 0, "max", true },
	{ 0 },
};

struct restart_plan {
	enum restart_policy p;
	int max;			/* 0: no limit */
};

static int restart_parse(const struct args *a, void *plan, struct err *e)
{
	struct restart_plan *rp = plan;
	enum restart_policy *p = &rp->p;
	int *max = &rp->max;

	if (node_name_valid(a->argv[0], e) < 0)
		return -1;
	*max = 0;
	*p = RESTART_NO;
	if (a->argc < 2)
		return 0;
	const char *w = a->argv[1];
	if (!strcmp(w, "always"))
		*p = RESTART_ALWAYS;
	else if (!strcmp(w, "on-failure"))
		*p = RESTART_ON_FAILURE;
	else if (strcmp(w, "no")) {
		err_set(e, _("'%s' is not a restart policy"), w);
		return err_hint(e, _("say always, on-failure or no, as 'docker run --restart' does"));
	}
	const char *m = args_get(a, "max");
	if (m) {
		char *end;
		long v = strtol(m, &end, 10);
		if (!*m || *end || v < 1 || v > 1000) {
			err_set(e, _("'--max %s': the limit must be a number from 1 to 1000"), m);
			return err_hint(e, _("e.g. 'restart %s on-failure --max 5'"), a->argv[0]);
		}
		*max = (int)v;
	}
	return 0;
}

static int cmd_restart_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	(void)ctx;
	const struct restart_plan *rp = a->plan;
	enum restart_policy p = rp->p;
	int max = rp->max;

	if (!node_exists(a->argv[0])) {
		err_set(e, _("node '%s' does not exist"), a->argv[0]);
		return node_unknown_hint(a->argv[0], e);
	}
	if (a->argc < 2) {
		const char *d = restart_describe(a->argv[0]);
		out_printf("%s: %s\n", a->argv[0], *d ? d : _("no restart policy"));
		return 0;
	}
	return restart_set(a->argv[0], p, max, e);
}

static void cmd_restart_explain(struct cmd_ctx *ctx, const struct args *a)
{
	const struct restart_plan *rp = a->plan;
	enum restart_policy p = rp->p;
	int max = rp->max;
	struct err e = ERR_INIT;

	if (a->argc < 2 || p == RESTART_NO)
		return;
	/* What a supervisor does, in bash: run, wait, back off, run again. */
	char *const *argv = restart_cmd_argv(a->argv[0]);
	char *cmd = argv ? tok_join(restart_argc(argv), argv) : NULL;
	pid_t hp = 0;
	node_holder(a->argv[0], &hp, &e);
	const char *h = node_sh_holder(a->argv[0], hp), *c = cmd ? cmd : "CMD";
	char head[1200];
	if (p == RESTART_ON_FAILURE && max)
		snprintf(head, sizeof head, "n=0; until nsenter -t %s -a %s || [ $n -ge %d ]; do n=$((n+1)); ",
			 h, c, max);
	else if (p == RESTART_ON_FAILURE)
		snprintf(head, sizeof head, "until nsenter -t %s -a %s; do ", h, c);
	else if (max)
		snprintf(head, sizeof head, "for n in $(seq %d); do nsenter -t %s -a %s; ", max, h, c);
	else
		snprintf(head, sizeof head, "while :; do nsenter -t %s -a %s; ", h, c);
	cmd_explain(ctx, "( d=200; %ssleep $((d/1000)).$(printf %%03d $((d%%1000))); "
		    "d=$((d*2 > 10000 ? 10000 : d*2)); done ) &", head);
	free(cmd);
}

const struct cmd_entry cmd_restart_entry = {
	.name = "restart",
	.flags = restart_flags,
	.min_args = 1, .max_args = 2, .rest_after = -1,
	.usage = N_("restart NODE [always|on-failure|no] [--max N]"),
	.summary = N_("The restart policy of a node's command"),
	.help = N_("Sets what happens when the command of NODE (the one started with "
		   "'unshare ... NODE -- CMD') ends: 'always' starts it again, 'on-failure' only "
		   "when it ended with an error or a signal, 'no' leaves it ended. '--max N' stops "
		   "after N restarts. Each restart waits longer than the last (200 ms, 400 ms, "
		   "800 ms ... up to 10 s; back to 200 ms once the command stayed up 10 s), as "
		   "Docker's --restart and Kubernetes' CrashLoopBackOff do.\n\n"
		   "Who restarts: aisla's event loop, not the node's init. The command is a child "
		   "of aisla, its end arrives as a SIGCHLD in the loop (nothing polls), and a timer "
		   "starts it again. When aisla exits, its background commands end with it, and so "
		   "does the policy: a real orchestrator is a process that stays (containerd, the "
		   "kubelet). The restarts are counted: 'restart NODE' and 'node list' show them; "
		   "a balancer ('balance') takes the node's address out while its command is down."),
	.complete = "NODE WORD",
	.attrs = CMD_ROOT,
	.parse = restart_parse, .plan_size = sizeof(struct restart_plan),
	.exec = cmd_restart_exec,
	.explain = cmd_restart_explain,
};
