/* cmd-kill.c: `kill NODE|PID [-s SIGNAL]`: signal a process, or every
 * process of a node (found by namespace; the holder is spared, so the
 * node stays: `node del` removes it). */
#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "node.h"
#include "../shell/cmd.h"
#include "../shell/i18n.h"
#include "../shell/out.h"

static const struct cmd_flag kill_flags[] = {
	{ 's', "signal", true },
	{ 0 },
};

static int parse_signal(const char *s, int *sig, struct err *e)
{
	if (!s) {
		*sig = SIGTERM;
		return 0;
	}
	if (isdigit((unsigned char)s[0])) {
		char *end;
		long v = strtol(s, &end, 10);
		if (!*end && v >= 0 && v < NSIG) {
			*sig = (int)v;
			return 0;
		}
	} else {
		const char *n = strncasecmp(s, "SIG", 3) ? s : s + 3;
		for (int i = 1; i < 32; i++) {
			const char *ab = sigabbrev_np(i);
			if (ab && !strcasecmp(ab, n)) {
				*sig = i;
				return 0;
			}
		}
	}
	err_set(e, _("unknown signal '%s'"), s);
	return err_hint(e, _("use a name (TERM, KILL, INT, HUP, STOP, CONT, USR1) or a number "
			     "(15, 9...); `kill -l` in bash lists them"));
}

/* The entry's parse: the signal (its number is the plan), and a target
 * that is not the host. */
static int cmd_kill_parse(const struct args *a, void *plan, struct err *e)
{
	if (parse_signal(args_get(a, "s"), plan, e) < 0)
		return -1;
	if (!strcmp(a->argv[0], "host")) {
		err_set(e, _("'host' is the whole system: aisla will not signal all of it"));
		return err_hint(e, _("give a node or a process number"));
	}
	return 0;
}

static int cmd_kill_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	int sig = *(const int *)a->plan;
	char node[NODE_NAME_MAX + 1];
	pid_t pid;
	(void)ctx;

	if (node_or_pid(a->argv[0], node, sizeof node, &pid, e) < 0)
		return -1;
	const char *abbr = sigabbrev_np(sig);
	if (!node[0]) {
		if (kill(pid, sig) < 0)
			return err_errno(e, errno, _("could not signal process %d"), (int)pid);
		out_printf(_("signal SIG%s sent to process %d\n"), abbr ? abbr : "?", (int)pid);
		return 0;
	}
	pid_t *pids;
	size_t n;
	int sent = 0;
	if (node_pids(node, &pids, &n, e) < 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (pids[i] != pid && kill(pids[i], sig) == 0)
			sent++;
	free(pids);
	out_printf(ngettext("signal SIG%s sent to %d process of node '%s'\n",
			    "signal SIG%s sent to %d processes of node '%s'\n", (unsigned long)sent),
		   abbr ? abbr : "?", sent, node);
	return 0;
}

static void cmd_kill_explain(struct cmd_ctx *ctx, const struct args *a)
{
	struct node_info ni;
	struct err e = ERR_INIT;
	int sig = *(const int *)a->plan;
	const char *abbr = sigabbrev_np(sig);
	if (node_word_is_pid(a->argv[0])) {
		cmd_explain(ctx, "kill -s %s %s", abbr ? abbr : "TERM", a->argv[0]);
		return;
	}
	if (node_get(a->argv[0], &ni, &e) < 0)
		return;
	if (!ni.holder) {
		cmd_explain(ctx, "ip netns pids %s | xargs -r kill -s %s", a->argv[0],
			    abbr ? abbr : "TERM");
		return;
	}
	if (ni.mask & NS_PID) {
		/* inside the PID namespace, kill -1 reaches all but PID 1 */
		cmd_explain(ctx, "nsenter --target %s --pid kill -s %s -1",
			    node_sh_holder(a->argv[0], ni.holder),
			    abbr ? abbr : "TERM");
		return;
	}
	int first = __builtin_ctz(ni.mask ? ni.mask : 1);
	cmd_explain(ctx, "pkill -%s --ns %s --nslist %s", abbr ? abbr : "TERM",
		    node_sh_holder(a->argv[0], ni.holder),
		    ns_name(first));
}

const struct cmd_entry cmd_kill_entry = {
	.name = "kill",
	.flags = kill_flags,
	.min_args = 1, .max_args = 1, .rest_after = -1,
	.usage = N_("kill NODE|PID [-s SIGNAL]"),
	.summary = N_("Send a signal to a process or to every process of a node"),
	.help = N_("Sends SIGNAL (by default TERM; a name like KILL, INT, HUP, STOP, CONT or a "
		   "number) to process PID, or to every process of NODE, found by its namespaces, "
		   "not by name. The node's holder is spared: the node stays (remove it with "
		   "`node del`)."),
	.complete = "NODE",
	.parse = cmd_kill_parse,
	.plan_size = sizeof(int),
	.exec = cmd_kill_exec,
	.explain = cmd_kill_explain,
};
