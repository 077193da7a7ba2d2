/* cmd-renice.c: `renice N PID|NODE`: change the niceness of a process,
 * or of every process of a node (setpriority). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/resource.h>
#include "node.h"
#include "../shell/cmd.h"
#include "../shell/i18n.h"
#include "../shell/kernel/targets.h"
#include "../shell/kernel/nice.h"
#include "../shell/out.h"

static const struct cmd_flag renice_flags[] = {
	{ 'n', "priority", true },
	{ 'p', "pid", false },
	{ 0 },
};

struct renice_plan {
	int n;
	const char *target;
};

/* The entry's parse: `renice N TARGET`, `renice -n N TARGET`, `renice -n
 * N -p PID`. */
static int renice_parse(const struct args *a, void *plan, struct err *e)
{
	struct renice_plan *p = plan;
	const char *s = args_get(a, "priority");
	int t = 0;

	if (!s) {
		if (a->argc < 2) {
			err_set(e, _("'renice' needs a niceness and a PID or NODE"));
			return err_hint(e, _("for example: renice 5 1234, or renice 5 NODE"));
		}
		s = a->argv[0];
		t = 1;
	}
	if (a->argc != t + 1)
		return err_set(e, _("'renice' takes one PID or NODE"));
	p->target = a->argv[t];
	return nice_value(s, false, &p->n, e);
}

static int renice_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	const struct renice_plan *p = a->plan;
	char node[NODE_NAME_MAX + 1];
	pid_t *pids;
	size_t np;
	int n = p->n, changed = 0;

	(void)ctx;
	if (target_pids(p->target, &pids, &np, node, sizeof node, e) < 0)
		return -1;
	for (size_t i = 0; i < np; i++) {
		errno = 0;
		int old = getpriority(PRIO_PROCESS, (id_t)pids[i]);
		if (old == -1 && errno) {
			if (node[0] && errno == ESRCH)
				continue;	/* ended meanwhile */
			err_errno(e, errno, _("cannot read the niceness of %d"), (int)pids[i]);
			free(pids);
			return -1;
		}
		if (setpriority(PRIO_PROCESS, (id_t)pids[i], n) < 0) {
			int saved = errno;
			if (node[0] && saved == ESRCH)
				continue;
			err_errno(e, saved, _("cannot change the niceness of %d to %d"),
				  (int)pids[i], n);
			if (saved == EACCES || saved == EPERM)
				err_hint(e, n < old ? _("lowering the niceness (more priority) needs "
						       "root: CAP_SYS_NICE")
						    : _("only the owner of a process (or root) may "
							"change its niceness"));
			free(pids);
			return -1;
		}
		if (!node[0])
			out_printf(_("%d: niceness %d -> %d\n"), (int)pids[i], old, n);
		changed++;
	}
	free(pids);
	if (node[0])
		out_printf(ngettext("node '%s': %d process now has niceness %d\n",
				    "node '%s': %d processes now have niceness %d\n",
				    (unsigned long)changed), node, changed, n);
	return 0;
}

static void renice_explain(struct cmd_ctx *ctx, const struct args *a)
{
	const struct renice_plan *p = a->plan;
	char node[NODE_NAME_MAX + 1];
	pid_t *pids;
	size_t np;
	int n = p->n;
	struct err e = ERR_INIT;

	/* the target's processes, read again (as ps would show them now) */
	if (target_pids(p->target, &pids, &np, node, sizeof node, &e) < 0)
		return;
	if (node[0]) {
		char list[512] = "";
		for (size_t i = 0; i < np && strlen(list) < sizeof list - 16; i++) {
			size_t l = strlen(list);
			snprintf(list + l, sizeof list - l, " %d", (int)pids[i]);
		}
		cmd_explain(ctx, "renice -n %d -p%s", n, list);
	} else {
		cmd_explain(ctx, "renice -n %d -p %d", n, (int)pids[0]);
	}
	free(pids);
}

const struct cmd_entry cmd_renice_entry = {
	.name = "renice",
	.flags = renice_flags,
	.min_args = 1, .max_args = 2, .rest_after = -1,
	.usage = N_("renice N PID|NODE"),
	.summary = N_("Change the niceness of a process or a node"),
	.help = N_("Change the niceness of process PID, or of every process of NODE, to N "
		   "(-20..19; below the current value only root may go), as "
		   "'renice -n N -p PID'. 'ps' shows the niceness in its NI column."),
	.complete = "NODE",
	.parse = renice_parse,
	.plan_size = sizeof(struct renice_plan),
	.exec = renice_exec,
	.explain = renice_explain,
};
