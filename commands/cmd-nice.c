/* cmd-nice.c: `nice [-n N] CMD ...`: start CMD in the background with
 * niceness N (default 10), as `nice -n N CMD &` does. The process is
 * journaled (it outlives aisla; reset ends it). */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/resource.h>
#include "load.h"
#include "node.h"
#include "../shell/cmd.h"
#include "../shell/i18n.h"
#include "../shell/journal.h"
#include "../shell/kernel/nice.h"
#include "../shell/out.h"
#include "../shell/run.h"

static const struct cmd_flag nice_flags[] = {
	{ 'n', "adjustment", true },
	{ 0 },
};

/* The entry's parse: -n N (default 10) and a command. */
static int nice_cmd_parse(const struct args *a, void *plan, struct err *e)
{
	const char *s = args_get(a, "adjustment");
	int *n = plan;

	*n = 10;
	if (s && nice_value(s, true, n, e) < 0)
		return -1;
	if (a->restc < 1) {
		err_set(e, _("'nice' needs a command to run"));
		return err_hint(e, _("for example: nice -n 10 sleep 100"));
	}
	return 0;
}

struct nice_arg {
	int n;
	unsigned long seq;	/* the journal record of the process */
};

/* In the child: the niceness, then its own pid into the journal before
 * it execs (reset finds it even if aisla is killed right now). */
static int nice_setup(void *arg, struct err *e)
{
	const struct nice_arg *na = arg;
	int n = na->n;
	/* setpriority sets it; nice(2) would add to the current value. */
	if (setpriority(PRIO_PROCESS, 0, n) < 0) {
		err_errno(e, errno, _("cannot set the niceness %d"), n);
		if (errno == EACCES || errno == EPERM)
			err_hint(e, _("a negative niceness needs root (CAP_SYS_NICE)"));
		return -1;
	}
	return proc_journal_self(na->seq, e);
}

/* It ended while aisla runs: nothing left for reset. */
static void nice_exited(pid_t pid, int status, void *arg)
{
	struct err e = ERR_INIT;
	(void)pid;
	(void)status;
	journal_undone((unsigned long)(uintptr_t)arg, &e);
}

static int nice_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	static struct nice_arg na;
	int n = *(const int *)a->plan;
	pid_t pid;
	int status;
	const char *base;

	(void)ctx;
	base = strrchr(a->rest[0], '/');
	base = base ? base + 1 : a->rest[0];
	/* Journaled (kind "proc", pid and start time): the process outlives
	 * aisla, and reset ends it. */
	na.n = n;
	if (journal_intent("proc", base, NULL, &na.seq, e) < 0)
		return -1;
	struct run_spec spec = {
		.argv = a->rest,
		.mode = RUN_BACKGROUND,
		.label = base,
		.setup = nice_setup,
		.setup_arg = &na,
		.report_exit = true,
		.keep_pdeathsig = false,
		.on_exit = nice_exited,
		.on_exit_arg = (void *)(uintptr_t)na.seq,
	};
	if (run_child(&spec, &status, &pid, e) < 0) {
		struct err e2 = ERR_INIT;
		journal_abort(na.seq, &e2);
		return -1;
	}
	if (proc_journal_done(na.seq, pid, e) < 0)
		return -1;
	out_printf(_("[%s] pid %d with niceness %d\n"), base, (int)pid, n);
	return 0;
}

static void nice_explain(struct cmd_ctx *ctx, const struct args *a)
{
	char cmd[1024] = "";
	int n = *(const int *)a->plan;

	for (int i = 0; i < a->restc; i++) {
		size_t l = strlen(cmd);
		snprintf(cmd + l, sizeof cmd - l, "%s%s", i ? " " : "", node_shq(a->rest[i]));
	}
	cmd_explain(ctx, "nice -n %d %s &", n, cmd);
}

const struct cmd_entry cmd_nice_entry = {
	.name = "nice",
	.flags = nice_flags,
	.min_args = 0, .max_args = 0, .rest_after = 0,
	.usage = N_("nice [-n N] CMD ..."),
	.summary = N_("Start a command in the background with a niceness"),
	.help = N_("Start CMD in the background with niceness N (default 10), as "
		   "'nice -n N CMD &'. The niceness goes from -20 (the most CPU when "
		   "several processes want it) to 19 (the least); only root may go below 0. "
		   "It only matters when processes compete for the same CPU: try two "
		   "'load cpu' in a group with 'cpuset 0', one with --nice 10."),
	.complete = "CMD",
	.parse = nice_cmd_parse,
	.plan_size = sizeof(int),
	.exec = nice_exec,
	.explain = nice_explain,
};
