/* cmd-ionice.c: `ionice -c 1|2|3 [-n 0-7] PID|NODE`: the I/O scheduling
 * class and level of a process or of every process of a node
 * (ioprio_set). Only the BFQ I/O scheduler honours the classes, so aisla
 * says when the machine's disks use another one. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include "node.h"
#include "../shell/cmd.h"
#include "../shell/i18n.h"
#include "../shell/kernel/cgroupfs.h"
#include "../shell/kernel/targets.h"
#include "../shell/out.h"

#pragma GCC diagnostic ignored "-Wformat-truncation"

#define IOPRIO_CLASS_SHIFT 13
#define IOPRIO_WHO_PROCESS 1

static const char *const class_names[] = { "none", "realtime", "best-effort", "idle" };

static const struct cmd_flag ionice_flags[] = {
	{ 'c', "class", true },
	{ 'n', "classdata", true },
	{ 'p', "pid", false },
	{ 0 },
};

struct ionice_plan {
	int cls;	/* -1: show the current class */
	int lvl;
};

/* The entry's parse: -c CLASS (a number or a name) and -n LEVEL. */
static int ionice_parse(const struct args *a, void *plan, struct err *e)
{
	struct ionice_plan *p = plan;
	int *cls = &p->cls, *lvl = &p->lvl;
	const char *c = args_get(a, "class"), *n = args_get(a, "classdata");
	char *end;

	*cls = -1;
	*lvl = 4;
	if (c) {
		long v = strtol(c, &end, 10);
		if (*end || !*c) {
			for (v = 1; v <= 3; v++)
				if (!strcmp(c, class_names[v]))
					break;
		}
		if (v < 1 || v > 3) {
			err_set(e, _("invalid I/O class '%s'"), c);
			return err_hint(e, _("classes: 1 realtime (root only), 2 best-effort "
					     "(levels 0-7), 3 idle (only when nobody else uses the disk)"));
		}
		*cls = (int)v;
	}
	if (n) {
		long v = strtol(n, &end, 10);
		if (!*n || *end || v < 0 || v > 7) {
			err_set(e, _("invalid I/O level '%s'"), n);
			return err_hint(e, _("levels go from 0 (first) to 7 (last)"));
		}
		if (*cls == 3) {
			err_set(e, _("the idle class (3) has no levels"));
			return err_hint(e, _("drop '-n', or use class 2 (best-effort)"));
		}
		*lvl = (int)v;
	}
	if (*cls < 0 && n)
		*cls = 2;
	return 0;
}

/* Warn about disks whose I/O scheduler ignores the classes. */
static void warn_schedulers(void)
{
	DIR *d = opendir("/sys/block");
	struct dirent *de;
	char ignoring[256] = "", first[64] = "";

	while (d && (de = readdir(d))) {
		char p[300], buf[256], cur[32] = "";
		if (de->d_name[0] == '.' || !strncmp(de->d_name, "loop", 4) ||
		    !strncmp(de->d_name, "ram", 3) || !strncmp(de->d_name, "zram", 4))
			continue;
		snprintf(p, sizeof p, "/sys/block/%s/queue/scheduler", de->d_name);
		if (cgfs_read_file(p, buf, sizeof buf) < 0)
			continue;
		char *o = strchr(buf, '['), *c = o ? strchr(o, ']') : NULL;
		if (!c)
			continue;
		snprintf(cur, sizeof cur, "%.*s", (int)(c - o - 1), o + 1);
		if (!strcmp(cur, "bfq"))
			continue;
		size_t l = strlen(ignoring);
		snprintf(ignoring + l, sizeof ignoring - l, "%s%s (%s)", l ? ", " : "",
			 de->d_name, cur);
		if (!first[0])
			snprintf(first, sizeof first, "%s", de->d_name);
	}
	if (d)
		closedir(d);
	if (ignoring[0]) {
		out_printf(_("note: the I/O scheduler of %s ignores ionice's classes; only 'bfq' "
			     "applies them\n"), ignoring);
		out_printf(_("      (to see the effect: echo bfq > /sys/block/%s/queue/scheduler)\n"),
			   first);
	}
}

static int ionice_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	const struct ionice_plan *p = a->plan;
	int cls = p->cls, lvl = p->lvl, done = 0;
	pid_t *pids;
	size_t np;
	char node[NODE_NAME_MAX + 1];

	(void)ctx;
	if (target_pids(a->argv[0], &pids, &np, node, sizeof node, e) < 0)
		return -1;
	for (size_t i = 0; i < np; i++) {
		if (cls < 0) {
			long v = syscall(SYS_ioprio_get, IOPRIO_WHO_PROCESS, (int)pids[i]);
			if (v < 0)
				continue;
			int c = (int)(v >> IOPRIO_CLASS_SHIFT), l = (int)(v & 7);
			if (c == 0)
				out_printf(_("%d: none (best-effort, level from its niceness)\n"),
					   (int)pids[i]);
			else if (c == 3)
				out_printf("%d: idle\n", (int)pids[i]);
			else
				out_printf("%d: %s, %s %d\n", (int)pids[i], class_names[c & 3],
					   _("level"), l);
			continue;
		}
		long prio = ((long)cls << IOPRIO_CLASS_SHIFT) | (cls == 3 ? 0 : lvl);
		if (syscall(SYS_ioprio_set, IOPRIO_WHO_PROCESS, (int)pids[i], prio) < 0) {
			int saved = errno;
			if (node[0] && saved == ESRCH)
				continue;
			err_errno(e, saved, _("cannot change the I/O class of %d"), (int)pids[i]);
			if (saved == EPERM)
				err_hint(e, cls == 1 ? _("the realtime class needs root (CAP_SYS_ADMIN)")
						     : _("only the owner of a process (or root) may "
							 "change it"));
			free(pids);
			return -1;
		}
		done++;
	}
	free(pids);
	if (cls < 0)
		return 0;
	if (cls == 3)
		out_printf(ngettext("%d process in I/O class idle\n",
				    "%d processes in I/O class idle\n", (unsigned long)done), done);
	else
		out_printf(ngettext("%d process in I/O class %s, level %d\n",
				    "%d processes in I/O class %s, level %d\n",
				    (unsigned long)done), done, class_names[cls], lvl);
	warn_schedulers();
	return 0;
}

static void ionice_explain(struct cmd_ctx *ctx, const struct args *a)
{
	const struct ionice_plan *p = a->plan;
	int cls = p->cls, lvl = p->lvl;
	pid_t *pids;
	size_t np;
	char node[NODE_NAME_MAX + 1], list[512] = "";
	struct err e = ERR_INIT;

	if (target_pids(a->argv[0], &pids, &np, node, sizeof node, &e) < 0)
		return;
	for (size_t i = 0; i < np && strlen(list) < sizeof list - 16; i++) {
		size_t l = strlen(list);
		snprintf(list + l, sizeof list - l, " %d", (int)pids[i]);
	}
	free(pids);
	if (cls < 0)
		cmd_explain(ctx, "ionice -p%s", list);
	else if (cls == 3)
		cmd_explain(ctx, "ionice -c 3 -p%s", list);
	else
		cmd_explain(ctx, "ionice -c %d -n %d -p%s", cls, lvl, list);
}

const struct cmd_entry cmd_ionice_entry = {
	.name = "ionice",
	.flags = ionice_flags,
	.min_args = 1, .max_args = 1, .rest_after = -1,
	.usage = N_("ionice -c 1|2|3 [-n 0-7] PID|NODE"),
	.summary = N_("I/O scheduling class and level"),
	.help = N_("Set the I/O scheduling class of process PID, or of every process of "
		   "NODE: 1 realtime (root only), 2 best-effort with a level 0-7 (0 first), "
		   "3 idle (the disk only when nobody else wants it). Without -c it shows "
		   "the current class. Only the BFQ I/O scheduler applies the classes: aisla "
		   "says when the disks use another one (none, mq-deadline, kyber)."),
	.complete = "NODE",
	.parse = ionice_parse,
	.plan_size = sizeof(struct ionice_plan),
	.exec = ionice_exec,
	.explain = ionice_explain,
};
