/* cmd-load.c: `load cpu|mem SIZE|forks N [-n NODE] [-g CGROUP] [--nice N]`:
 * start a teaching prop (load.c) in the background, inside a node and/or
 * a control group, with a niceness. cpu and mem props live until reset
 * (journaled, they outlive aisla); forks runs to its end in the console.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/resource.h>
#include "cgroup.h"
#include "load.h"
#include "node.h"
#include "../shell/cmd.h"
#include "../shell/i18n.h"
#include "../shell/journal.h"
#include "../shell/kernel/nice.h"
#include "../shell/out.h"
#include "../shell/run.h"

#pragma GCC diagnostic ignored "-Wformat-truncation"

static const struct cmd_flag load_flags[] = {
	{ 'n', "node", true },
	{ 'g', "cgroup", true },
	{ 0, "nice", true },
	{ 0 },
};

struct load_plan {
	const char *kind;	/* cpu, mem, forks */
	const char *arg;	/* SIZE, N or NULL */
	const char *node, *group;
	bool has_nice;
	int nice;
};

/* Rewrite this process's command line in place (the kernel reads it
 * from our own memory, between arg_start and arg_end of /proc/self/stat)
 * so that a prop running in a fork of aisla shows as one in ps. */
static void retitle(char *const *argv)
{
	char buf[1024], *p, title[256];
	unsigned long start = 0, end = 0;
	size_t len = 0;
	int fd = open("/proc/self/stat", O_RDONLY | O_CLOEXEC);
	ssize_t r = fd >= 0 ? read(fd, buf, sizeof buf - 1) : -1;

	if (fd >= 0)
		close(fd);
	if (r <= 0)
		return;
	buf[r] = '\0';
	p = strrchr(buf, ')');
	/* arg_start and arg_end are fields 48 and 49; after ')' comes field 3. */
	for (int field = 3; p && field <= 48; field++)
		p = strchr(p + 1, ' ');
	if (!p || sscanf(p + 1, "%lu %lu", &start, &end) != 2 || end <= start)
		return;
	/* Only where the current command line really is. */
	fd = open("/proc/self/cmdline", O_RDONLY | O_CLOEXEC);
	r = fd >= 0 ? read(fd, buf, sizeof buf) : -1;
	if (fd >= 0)
		close(fd);
	if (r <= 0 || (size_t)r > end - start || memcmp((void *)start, buf, (size_t)r) != 0)
		return;
	for (int i = 0; argv[i]; i++) {
		const char *w = i == 0 ? "aisla" : argv[i];
		size_t wl = strlen(w) + 1;
		if (len + wl > sizeof title)
			return;
		memcpy(title + len, w, wl);
		len += wl;
	}
	if (len > end - start)
		return;
	memset((void *)start, 0, end - start);
	memcpy((void *)start, title, len);
}

struct load_setup_arg {
	struct cg_join join;
	bool has_nice;
	int nice;
	int exefd;		/* aisla's own binary, opened before the fork */
	int argc;
	char **argv;		/* exe, LOAD_ARGV1, kind, arg */
	unsigned long seq;	/* its journal record; 0: none */
	pid_t aisla;		/* aisla's pid, the parent of a direct child */
};

/* In the child: into the group, the niceness, then become the prop.
 * aisla execs itself through an fd opened before entering the node, so
 * a node's root or mount namespace does not hide the binary. When even
 * that fails (a node whose root lacks the libraries of a dynamic aisla),
 * this forked copy of aisla runs the prop itself: every inherited fd but
 * stdout/stderr is closed first (that also tells run_child it started). */
static int load_setup(void *arg, struct err *e)
{
	struct load_setup_arg *s = arg;
	if (cg_join_fds(&s->join, e) < 0)
		return -1;
	if (s->has_nice && setpriority(PRIO_PROCESS, 0, s->nice) < 0)
		return err_errno(e, errno, _("cannot set the niceness %d"), s->nice);
	/* Journaled by itself before it becomes the prop: a kill of aisla
	 * from here on cannot leave an unrecorded prop spinning. Only a
	 * direct child of aisla: entering a node's PID namespace forks a
	 * waiter (the journaled pid, written by aisla), and in there
	 * getpid() is not the host's pid (getppid() is 0). */
	if (s->seq && getppid() == s->aisla && proc_journal_self(s->seq, e) < 0)
		return -1;
	if (s->exefd >= 0)
		fexecve(s->exefd, s->argv, environ);
	close_range(3, ~0U, 0);
	retitle(s->argv);
	_exit(load_main(s->argc - 1, s->argv + 1));
}

static int load_parse(const struct args *a, void *plan, struct err *e)
{
	struct load_plan *p = plan;

	memset(p, 0, sizeof *p);
	p->kind = a->argv[0];
	p->node = args_get(a, "node");
	p->group = args_get(a, "cgroup");
	if (!strcmp(p->kind, "cpu")) {
		if (a->argc > 1)
			return err_set(e, _("'load cpu' takes no size: '%s' is left over"), a->argv[1]);
	} else if (!strcmp(p->kind, "mem")) {
		long long size;
		if (a->argc < 2) {
			err_set(e, _("'load mem' needs a SIZE"));
			return err_hint(e, _("for example: load mem 128M -g GROUP"));
		}
		if (cg_parse_size(a->argv[1], false, &size, e) < 0)
			return -1;
		if (size <= 0)
			return err_set(e, _("invalid size '%s'"), a->argv[1]);
		p->arg = a->argv[1];
	} else if (!strcmp(p->kind, "forks")) {
		char *end;
		long n = a->argc > 1 ? strtol(a->argv[1], &end, 10) : 0;
		if (a->argc < 2 || *end || n < 1 || n > 100000) {
			err_set(e, _("'load forks' needs how many children (1-100000)"));
			return err_hint(e, _("for example: load forks 50 -g GROUP"));
		}
		p->arg = a->argv[1];
	} else {
		err_set(e, _("unknown load '%s'"), p->kind);
		return err_hint(e, _("loads: cpu, mem SIZE, forks N"));
	}
	if (a->argc > 2)
		return err_set(e, _("'%s': too many arguments, '%s' is left over"), "load",
			       a->argv[2]);
	if (args_get(a, "nice")) {
		if (nice_value(args_get(a, "nice"), true, &p->nice, e) < 0)
			return -1;
		p->has_nice = true;
	}
	if (p->group) {
		if (cg_name_valid(p->group, e) < 0 || cgfs_setup(e) < 0)
			return -1;
		if (!cgfs_exists(p->group)) {
			return cg_unknown(p->group, e);
		}
	}
	if (p->node) {
		struct node_info ni;
		if (node_get_alive(p->node, &ni, e) < 0)
			return -1;
	}
	return 0;
}

static int load_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	struct load_plan *p = a->plan;
	struct load_setup_arg sa = { .join = { 0 } };
	char label[32];
	static char exe[] = "aisla", hidden[] = LOAD_ARGV1;	/* argv[0]: fexecve runs exefd */
	char *argv[5] = { exe, hidden, NULL, NULL, NULL };
	bool longlived;
	unsigned long seq = 0;
	int status = 0, r;
	pid_t pid = 0;

	(void)ctx;
	argv[2] = (char *)p->kind;
	argv[3] = (char *)p->arg;
	longlived = strcmp(p->kind, "forks") != 0;
	snprintf(label, sizeof label, "load %s", p->kind);
	if (p->group && cg_join_open(p->group, &sa.join, e) < 0)
		return -1;
	sa.has_nice = p->has_nice;
	sa.nice = p->nice;
	sa.exefd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
	sa.argc = p->arg ? 4 : 3;
	sa.argv = argv;

	struct run_spec spec = {
		.argv = argv,
		.mode = longlived ? RUN_BACKGROUND : RUN_CAPTURE,
		.label = label,
		.setup = load_setup,
		.setup_arg = &sa,
		.report_exit = true,
		.keep_pdeathsig = !longlived,
	};
	if (longlived) {
		char kvg[96], kvn[48];
		snprintf(kvg, sizeof kvg, "group=%s", p->group ? p->group : "");
		snprintf(kvn, sizeof kvn, "node=%s", p->node ? p->node : "");
		if (journal_intent("load", p->kind, JKV(kvg, kvn), &seq, e) < 0) {
			cg_join_close(&sa.join);
			return -1;
		}
		sa.seq = seq;
		sa.aisla = getpid();
	}
	if (p->node)
		r = node_run(p->node, &spec, &status, &pid, e);
	else
		r = run_child(&spec, &status, &pid, e);
	cg_join_close(&sa.join);
	if (sa.exefd >= 0)
		close(sa.exefd);
	if (!longlived)
		return r;
	if (r < 0) {
		struct err e2 = ERR_INIT;
		journal_abort(seq, &e2);
		return -1;
	}
	if (proc_journal_done(seq, pid, e) < 0)
		return -1;
	out_printf(_("[%s] pid %d%s%s%s%s: 'reset' or 'kill %d' ends it\n"), label, (int)pid,
		   p->group ? _(", group ") : "", p->group ? p->group : "",
		   p->node ? _(", node ") : "", p->node ? p->node : "", (int)pid);
	return 0;
}

/* The real equivalent: a shell that joins the group, sets the niceness,
 * and execs the prop made of standard tools. */
static void load_explain(struct cmd_ctx *ctx, const struct args *a)
{
	struct load_plan *p = a->plan;
	struct err e = ERR_INIT;
	char body[512] = "", join[512] = "", pre[128] = "";

	if (!strcmp(p->kind, "cpu"))
		snprintf(body, sizeof body, "sh -c 'while :; do :; done'");
	else if (!strcmp(p->kind, "mem"))
		snprintf(body, sizeof body, "sh -c 'head -c %s /dev/zero | tail; sleep infinity'",
			 p->arg);
	else
		snprintf(body, sizeof body, "sh -c 'for i in $(seq %s); do sleep 2 & done; wait'",
			 p->arg);
	if (p->has_nice) {
		char tmp[512];
		snprintf(tmp, sizeof tmp, "nice -n %d %s", p->nice, body);
		snprintf(body, sizeof body, "%s", tmp);
	}
	if (p->group) {
		char dirs[CGC_COUNT][320];
		int n = cgfs_dirs(p->group, dirs, NULL, CGC_COUNT);
		for (int i = 0; i < n; i++) {
			size_t l = strlen(join);
			snprintf(join + l, sizeof join - l, "echo $$ > %s/cgroup.procs; ", dirs[i]);
		}
	}
	if (p->node) {
		struct node_info ni;
		if (node_get(p->node, &ni, &e) == 0 && ni.holder > 0)
			snprintf(pre, sizeof pre, "nsenter -t %d -a ", (int)ni.holder);
		else
			snprintf(pre, sizeof pre, "ip netns exec %s ", p->node);
	}
	if (join[0]) {
		/* One shell joins the group, then becomes the prop. */
		char full[1200];
		snprintf(full, sizeof full, "%sexec %s", join, body);
		cmd_explain(ctx, "%sbash -c %s%s", pre, node_shq(full),
			    strcmp(p->kind, "forks") ? " &" : "");
	} else {
		cmd_explain(ctx, "%s%s%s", pre, body, strcmp(p->kind, "forks") ? " &" : "");
	}
}

const struct cmd_entry cmd_load_entry = {
	.name = "load",
	.flags = load_flags,
	.min_args = 1, .max_args = 2, .rest_after = -1,
	.usage = N_("load cpu|mem SIZE|forks N [-n NODE] [-g CGROUP] [--nice N]"),
	.summary = N_("Teaching props: a busy loop, memory, forks"),
	.help = N_("Small processes that make limits visible, started by aisla itself:\n"
		   "  load cpu          a busy loop (one CPU at 100% unless something limits it)\n"
		   "  load mem SIZE     allocates and touches SIZE (128M), then waits\n"
		   "  load forks N      tries to make N children, says how many it got, ends them\n"
		   "-n NODE runs it inside a node, -g CGROUP inside a control group, --nice N "
		   "with that niceness. cpu and mem stay until 'reset' (or 'kill PID')."),
	.complete = "LOAD",
	.parse = load_parse, .plan_size = sizeof(struct load_plan),
	.exec = load_exec,
	.explain = load_explain,
};
