/* cmd-cgroup.c: `cgroup add|del|set|attach|show`: control groups under
 * aisla's own subtree, the same commands on cgroup v1 and v2 (the
 * backends in cgroup-v1.c / cgroup-v2.c say which files that means).
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cgroup.h"
#include "node.h"
#include "../shell/cmd.h"
#include "../shell/i18n.h"
#include "../shell/suggest.h"
#include "../shell/kernel/targets.h"
#include "../shell/out.h"
#include "../shell/world/cgroups.h"

#pragma GCC diagnostic ignored "-Wformat-truncation"

/* Explain what a plan writes, as echo commands bash can run. */
static void explain_plan(struct cmd_ctx *ctx, const struct cg_plan *p)
{
	for (int i = 0; i < p->n; i++)
		cmd_explain(ctx, "echo %s > %s", node_shq(p->w[i].value), p->w[i].path);
}

/* "mkdir -p DIR..." for one group's directories. On v1 they differ only
 * in the hierarchy (/sys/fs/cgroup/cpu/aisla/web, .../memory/aisla/web):
 * one line with bash's brace expansion says it all, as a person would
 * type it; directories that do not share that shape get a line each. */
static void explain_dirs(struct cmd_ctx *ctx, const char *verb, char (*dirs)[320], int n)
{
	size_t pre = 0, suf = 0;

	if (n > 1) {
		pre = strlen(dirs[0]);
		suf = pre;
		for (int i = 1; i < n; i++) {
			size_t l = strlen(dirs[i]), k = 0;
			while (k < pre && k < l && dirs[i][k] == dirs[0][k])
				k++;
			pre = k;
			k = 0;
			while (k < suf && k < l && dirs[i][l - 1 - k] == dirs[0][strlen(dirs[0]) - 1 - k])
				k++;
			suf = k;
		}
		while (pre && dirs[0][pre - 1] != '/')	/* whole path components */
			pre--;
		while (suf && dirs[0][strlen(dirs[0]) - suf] != '/')
			suf--;
	}
	char line[2048];
	size_t len = 0;
	bool ok = n > 1 && pre && suf;
	for (int i = 0; ok && i < n; i++) {
		size_t l = strlen(dirs[i]);
		const char *odd = l > pre + suf ? strpbrk(dirs[i] + pre, ",{} ") : NULL;
		if (l < pre + suf + 1 || (odd && odd < dirs[i] + l - suf))
			ok = false;
	}
	if (ok) {
		len = (size_t)snprintf(line, sizeof line, "%s %.*s{", verb, (int)pre, dirs[0]);
		for (int i = 0; i < n && len < sizeof line; i++)
			len += (size_t)snprintf(line + len, sizeof line - len, "%s%.*s", i ? "," : "",
						(int)(strlen(dirs[i]) - pre - suf), dirs[i] + pre);
		if (len < sizeof line)
			snprintf(line + len, sizeof line - len, "}%s", dirs[0] + strlen(dirs[0]) - suf);
		cmd_explain(ctx, "%s", line);
		return;
	}
	for (int i = 0; i < n; i++)
		cmd_explain(ctx, "%s %s", verb, dirs[i]);
}

/* ---- cgroup add ---- */

static int add_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	(void)ctx;
	return cg_add(a->argv[0], e);
}

static void add_explain(struct cmd_ctx *ctx, const struct args *a)
{
	char dirs[CGC_COUNT][320], sub[CGC_COUNT][320];
	int masks[CGC_COUNT];
	int n = cgfs_dirs(a->argv[0], dirs, masks, CGC_COUNT);

	cgfs_dirs(NULL, sub, NULL, CGC_COUNT);
	for (int i = 0; i < n; i++) {
		if (!cgfs_is_v1()) {
			char ctls[128] = "", base[320];
			for (int c = 0; c < CGC_COUNT; c++)
				if ((masks[i] & (1 << c)) && c != CGC_CPUACCT) {
					size_t l = strlen(ctls);
					snprintf(ctls + l, sizeof ctls - l, "%s+%s", l ? " " : "",
						 cgfs_ctl_name(c));
				}
			snprintf(base, sizeof base, "%s", sub[i]);
			*strrchr(base, '/') = '\0';
			if (ctls[0])
				cmd_explain(ctx, "echo '%s' > %s/cgroup.subtree_control", ctls, base);
			cmd_explain(ctx, "mkdir -p %s", sub[i]);
			if (ctls[0])
				cmd_explain(ctx, "echo '%s' > %s/cgroup.subtree_control", ctls,
					    sub[i]);
			cmd_explain(ctx, "mkdir %s", dirs[i]);
		}
	}
	if (!cgfs_is_v1())
		return;
	explain_dirs(ctx, "mkdir -p", dirs, n);
	for (int i = 0; i < n; i++)
		if (masks[i] & (1 << CGC_CPUSET)) {
			/* A new v1 cpuset has no CPUs or memory nodes: copy them
			 * down from the root, through aisla/. */
			char root[320];
			snprintf(root, sizeof root, "%s", sub[i]);
			*strrchr(root, '/') = '\0';
			cmd_explain(ctx, "for f in cpuset.cpus cpuset.mems; do cat %s/$f > %s/$f; "
				    "cat %s/$f > %s/$f; done", root, sub[i], sub[i], dirs[i]);
		}
}

static const struct cmd_entry cgroup_add_entry = {
	.name = "add",
	.min_args = 1, .max_args = 1, .rest_after = -1,
	.usage = N_("cgroup add NAME"),
	.summary = N_("Make a control group under aisla's subtree"),
	.help = N_("Make the control group NAME under aisla's own subtree (aisla/ in every "
		   "hierarchy aisla uses on cgroup v1, one directory on v2, with the "
		   "controllers enabled in cgroup.subtree_control). The group starts without "
		   "limits: 'cgroup set' gives them, 'cgroup attach' moves processes in."),
	.exec = add_exec,
	.explain = add_explain,
};

/* ---- cgroup del ---- */

static int del_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	(void)ctx;
	return cg_del(a->argv[0], e);
}

static void del_explain(struct cmd_ctx *ctx, const struct args *a)
{
	char dirs[CGC_COUNT][320];
	int n = cgfs_dirs(a->argv[0], dirs, NULL, CGC_COUNT);
	explain_dirs(ctx, "rmdir", dirs, n);
}

static const struct cmd_entry cgroup_del_entry = {
	.name = "del",
	.min_args = 1, .max_args = 1, .rest_after = -1,
	.usage = N_("cgroup del NAME"),
	.summary = N_("Remove a control group aisla made"),
	.help = N_("Remove the control group NAME (only one aisla made). Load props in it "
		   "are stopped; other processes are moved out to the parent first, because "
		   "the kernel only removes an empty group (rmdir)."),
	.complete = "CGROUP",
	.exec = del_exec,
	.explain = del_explain,
};

/* ---- cgroup set ---- */

/* VALUE may come as several words: `cgroup set web cpu 50000 100000`. */
static void join_value(const struct args *a, char *buf, size_t n)
{
	buf[0] = '\0';
	for (int i = 2; i < a->argc; i++) {
		size_t l = strlen(buf);
		snprintf(buf + l, n - l, "%s%s", i > 2 ? " " : "", a->argv[i]);
	}
}

static int set_plan(const struct args *a, struct cg_plan *p, struct err *e)
{
	const char *name = a->argv[0], *key = a->argv[1];
	char value[256];
	struct cg_value v;

	join_value(a, value, sizeof value);
	if (cg_name_valid(name, e) < 0 || cgfs_setup(e) < 0)
		return -1;
	if (!cgfs_exists(name)) {
		return cg_unknown(name, e);
	}
	if (cg_parse(key, value, &v, e) < 0)
		return err_wrap(e, "%s %s: ", key, value);
	return cg_plan_set(name, &v, p, e);
}

/* The plan exec carried out, for its explanation: planned again after
 * the write, the order of v1's memory files could differ. */
static struct cg_plan last_plan;
static char last_line[512];

static void args_line(const struct args *a, char *buf, size_t n)
{
	buf[0] = '\0';
	for (int i = 0; i < a->argc; i++) {
		size_t l = strlen(buf);
		snprintf(buf + l, n - l, "%s\x1f", a->argv[i]);
	}
}

static int set_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	struct cg_plan p;

	(void)ctx;
	last_line[0] = '\0';
	if (set_plan(a, &p, e) < 0 || cg_plan_apply(&p, e) < 0)
		return -1;
	last_plan = p;
	args_line(a, last_line, sizeof last_line);
	for (int i = 0; i < p.n; i++)
		out_printf("  %s = %s\n", p.w[i].file, p.w[i].value);
	return 0;
}

static void set_explain(struct cmd_ctx *ctx, const struct args *a)
{
	struct cg_plan p;
	struct err e = ERR_INIT;
	char line[512];

	args_line(a, line, sizeof line);
	if (last_line[0] && !strcmp(line, last_line))
		explain_plan(ctx, &last_plan);
	else if (set_plan(a, &p, &e) == 0)
		explain_plan(ctx, &p);
}

static const struct cmd_entry cgroup_set_entry = {
	.name = "set",
	.min_args = 3, .max_args = -1, .rest_after = -1,
	.usage = N_("cgroup set NAME KEY VALUE"),
	.summary = N_("Set a limit of a control group"),
	.help = N_("Set a limit. Keys, the same on cgroup v1 and v2:\n"
		   "  cpu         50% of one CPU (150% = one and a half), \"QUOTA PERIOD\" in "
		   "microseconds, or max\n"
		   "  cpu.weight  1-10000 (default 100); on v1 it becomes cpu.shares as crun "
		   "translates it\n"
		   "  memory      64M, 1G, max (swap included: the limit is real)\n"
		   "  pids        how many processes and threads, or max\n"
		   "  cpuset      the CPUs it may use: 0, 0-1, 0,2\n"
		   "  io          \"MAJ:MIN rbps=N wbps=N riops=N wiops=N\" (lsblk gives MAJ:MIN)\n"
		   "Any controller file of the machine's version works as KEY too "
		   "(cpu.max, memory.high, pids.max...). aisla prints which file got which "
		   "value."),
	.complete = "CGROUP KEY",
	.exec = set_exec,
	.explain = set_explain,
};

/* ---- cgroup attach ---- */

static int attach_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	const char *name = a->argv[0];
	pid_t *pids;
	size_t n, moved = 0;
	char node[NODE_NAME_MAX + 1];

	(void)ctx;
	if (cg_name_valid(name, e) < 0 || cgfs_setup(e) < 0)
		return -1;
	if (!cgfs_exists(name)) {
		return cg_unknown(name, e);
	}
	for (int i = 1; i < a->argc; i++) {
		if (target_pids(a->argv[i], &pids, &n, node, sizeof node, e) < 0)
			return -1;
		for (size_t k = 0; k < n; k++) {
			if (cg_attach(name, pids[k], e) < 0) {
				/* A process of a node may end meanwhile: skip it. */
				if (node[0] && kill(pids[k], 0) < 0)
					continue;
				free(pids);
				return -1;
			}
			moved++;
		}
		free(pids);
		if (node[0])
			out_printf(ngettext("%zu process of node '%s' in group '%s' (its future "
					    "children too)\n",
					    "%zu processes of node '%s' in group '%s' (their future "
					    "children too)\n", (unsigned long)n), n, node, name);
	}
	(void)moved;
	return 0;
}

static void attach_explain(struct cmd_ctx *ctx, const struct args *a)
{
	char dirs[CGC_COUNT][320];
	int nd = cgfs_dirs(a->argv[0], dirs, NULL, CGC_COUNT);

	for (int i = 1; i < a->argc; i++) {
		pid_t *pids;
		size_t n;
		char node[NODE_NAME_MAX + 1];
		struct err e = ERR_INIT;
		if (target_pids(a->argv[i], &pids, &n, node, sizeof node, &e) < 0)
			continue;
		for (int d = 0; d < nd; d++) {
			if (node[0]) {
				/* Every process of the node, found by its namespaces. */
				cmd_explain(ctx, "for p in $(ip netns pids %s 2>/dev/null || "
					    "echo %d); do echo $p > %s/cgroup.procs; done",
					    node, (int)(n ? pids[0] : 0), dirs[d]);
			} else {
				cmd_explain(ctx, "echo %d > %s/cgroup.procs", (int)pids[0], dirs[d]);
			}
		}
		free(pids);
	}
}

static const struct cmd_entry cgroup_attach_entry = {
	.name = "attach",
	.min_args = 2, .max_args = -1, .rest_after = -1,
	.usage = N_("cgroup attach NAME PID|NODE ..."),
	.summary = N_("Move a process, or all of a node's, into a control group"),
	.help = N_("Move process PID, or every process of NODE, into the group (writing "
		   "its pid to cgroup.procs). The children they make later are born in the "
		   "group too."),
	.complete = "CGROUP NODE",
	.exec = attach_exec,
	.explain = attach_explain,
};

/* ---- cgroup show ---- */

static void lim(char *buf, size_t n, long long v)
{
	if (v == WCG_UNKNOWN)
		snprintf(buf, n, "-");
	else if (v == WCG_UNLIMITED)
		snprintf(buf, n, "max");
	else
		snprintf(buf, n, "%lld", v);
}

static void bytes(char *buf, size_t n, long long v)
{
	if (v == WCG_UNKNOWN)
		snprintf(buf, n, "-");
	else
		cgfs_fmt_bytes(v, buf, n);
}

/* The CPU use of a group, in % of one CPU: the model's sample when it
 * has one (live, each second); else the average since its processes
 * started (what the kernel can say from one reading: a command does not
 * wait to sample; *avg set); -1 when neither (no processes). */
static double cpu_pct(const struct cgfs_group *g, bool *avg)
{
	*avg = g->cpu_pct < 0;
	return *avg ? world_cgroups_cpu_avg(g) : g->cpu_pct;
}

static void cpu_use(const struct cgfs_group *g, char *buf, size_t n)
{
	bool avg;
	double pct = cpu_pct(g, &avg);

	if (pct < 0)
		snprintf(buf, n, _("%.2f s of CPU so far"), (double)g->cpu_usage_us / 1e6);
	else if (avg)
		snprintf(buf, n, _("%.1f%% of one CPU (average since its processes started)"), pct);
	else
		snprintf(buf, n, _("%.1f%% of one CPU"), pct);
}

static void show_one(const struct cgfs_group *g)
{
	char a[64], b[64], c[64];

	out_printf(_("group '%s' (%s): %s\n"), g->name, cgfs_mode_name(), g->path);
	world_cgroups_fmt_cpu(g, a, sizeof a);
	cpu_use(g, b, sizeof b);
	out_printf(_("  cpu         %-10s uses %s\n"), a[0] ? a : "-", b);
	lim(a, sizeof a, g->cpu_weight);
	if (cgfs_is_v1()) {
		struct err e = ERR_INIT;
		if (cg_get(g->name, "cpu.shares", b, sizeof b, &e) == 0)
			out_printf("  cpu.weight  %-10s (cpu.shares %s)\n", a, b);
	} else {
		out_printf("  cpu.weight  %s\n", a);
	}
	bytes(a, sizeof a, g->mem_max);
	bytes(b, sizeof b, g->mem_current);
	bytes(c, sizeof c, g->mem_peak);
	out_printf(_("  memory      %-10s in use %s, peak %s, OOM kills: %lld\n"), a, b, c,
		   g->oom_kills < 0 ? 0 : g->oom_kills);
	lim(a, sizeof a, g->pids_max);
	lim(b, sizeof b, g->pids_current);
	out_printf(_("  pids        %-10s in use %s, forks refused: %lld\n"), a, b,
		   g->pids_refused < 0 ? 0 : g->pids_refused);
	out_printf("  cpuset      %s\n", g->cpuset[0] ? g->cpuset : _("(all)"));
	out_printf("  io          %s\n", g->io[0] ? g->io : _("(no limit)"));
	out_printf(_("  processes   "));
	if (!g->nprocs)
		out_printf(_("(none)"));
	for (size_t i = 0; i < g->nprocs && i < sizeof g->procs / sizeof g->procs[0]; i++)
		out_printf("%s%d", i ? " " : "", (int)g->procs[i]);
	if (g->nprocs > sizeof g->procs / sizeof g->procs[0])
		out_printf(" ...");
	out_printf("\n");
}

static int show_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	(void)ctx;
	if (cgfs_setup(e) < 0)
		return -1;
	if (a->argc == 1 && cg_name_valid(a->argv[0], e) < 0)
		return -1;
	/* The model, brought up to date (a group made a moment ago is in). */
	world_cgroups_refresh();
	if (a->argc == 1) {
		const struct cgfs_group *g = world_cgroups_find(a->argv[0]);
		if (!g) {
			return cg_unknown(a->argv[0], e);
		}
		show_one(g);
		return 0;
	}
	size_t n = world_cgroups_count();
	out_printf(_("aisla's groups (%s) in %s:\n"), cgfs_mode_name(), cgfs_subtree_dir());
	if (!n)
		out_printf(_("  (none: 'cgroup add NAME' makes one)\n"));
	for (size_t i = 0; i < n; i++) {
		const struct cgfs_group *g = world_cgroups_at(i);
		char cpu[32], use[16] = "-", mem[16], cur[16], pm[16], pc[16];
		bool avg;
		double pct = cpu_pct(g, &avg);
		world_cgroups_fmt_cpu(g, cpu, sizeof cpu);
		if (pct >= 0)
			snprintf(use, sizeof use, "%.1f%%", pct);
		bytes(mem, sizeof mem, g->mem_max);
		bytes(cur, sizeof cur, g->mem_current);
		lim(pm, sizeof pm, g->pids_max);
		lim(pc, sizeof pc, g->pids_current);
		out_printf(_("  %-14s cpu %s (uses %s)  memory %s (uses %s, OOM %lld)  "
			     "pids %s (uses %s)  %zu proc.\n"),
			   g->name, cpu[0] ? cpu : "-", use, mem, cur,
			   g->oom_kills < 0 ? 0 : g->oom_kills, pm, pc, g->nprocs);
	}
	return 0;
}

/* The cgroup section of `status`, from the model. */
void cgroup_status(void)
{
	size_t n;

	if (cgfs_mode() == CGFS_NONE)
		return;
	world_cgroups_refresh();
	n = world_cgroups_count();
	out_printf(_("Control groups (%s, %s):\n"), world_cgroups_mode_name(), world_cgroups_base());
	if (!n) {
		out_printf(_("  (none)\n"));
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const struct cgfs_group *g = world_cgroups_at(i);
		char cpu[32], mem[32], cur[32];
		world_cgroups_fmt_cpu(g, cpu, sizeof cpu);
		world_cgroups_fmt_bytes(g->mem_max, mem, sizeof mem);
		world_cgroups_fmt_bytes(g->mem_current, cur, sizeof cur);
		char pids[24] = "-";
		if (g->pids_current >= 0)
			snprintf(pids, sizeof pids, "%lld", g->pids_current);
		out_printf(_("  %-12s cpu %-8s memory %-6s (uses %s)  tasks %s"), g->name,
			   cpu[0] ? cpu : "-", mem[0] ? mem : "-", cur[0] ? cur : "-", pids);
		out_printf(ngettext("  %zu process\n", "  %zu processes\n", (unsigned long)g->nprocs),
			   g->nprocs);
	}
}

static void show_explain(struct cmd_ctx *ctx, const struct args *a)
{
	char dirs[CGC_COUNT][320];
	int masks[CGC_COUNT];

	if (a->argc == 0) {
		cmd_explain(ctx, "ls %s", cgfs_subtree_dir());
		return;
	}
	int n = cgfs_dirs(a->argv[0], dirs, masks, CGC_COUNT);
	for (int i = 0; i < n; i++) {
		char files[512] = "";
		static const struct { int ctl; const char *v1, *v2; } f[] = {
			{ CGC_CPU, "cpu.cfs_quota_us cpu.cfs_period_us cpu.shares",
			  "cpu.max cpu.weight cpu.stat" },
			{ CGC_CPUACCT, "cpuacct.usage", "" },
			{ CGC_MEMORY, "memory.limit_in_bytes memory.usage_in_bytes "
				      "memory.max_usage_in_bytes memory.oom_control",
			  "memory.max memory.current memory.peak memory.events" },
			{ CGC_PIDS, "pids.max pids.current pids.events",
			  "pids.max pids.current pids.events" },
			{ CGC_CPUSET, "cpuset.cpus", "cpuset.cpus" },
			{ CGC_IO, "blkio.throttle.read_bps_device blkio.throttle.write_bps_device",
			  "io.max" },
		};
		for (size_t k = 0; k < sizeof f / sizeof f[0]; k++) {
			if (!(masks[i] & (1 << f[k].ctl)))
				continue;
			char list[256], *save = NULL;
			snprintf(list, sizeof list, "%s", cgfs_is_v1() ? f[k].v1 : f[k].v2);
			for (char *w = strtok_r(list, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
				size_t l = strlen(files);
				snprintf(files + l, sizeof files - l, " %s/%s", dirs[i], w);
			}
		}
		if (files[0])
			cmd_explain(ctx, "grep .%s", files);
		if (i == 0)
			cmd_explain(ctx, "cat %s/cgroup.procs", dirs[i]);
	}
}

static const struct cmd_entry cgroup_show_entry = {
	.name = "show",
	.alias = "list",
	.min_args = 0, .max_args = 1, .rest_after = -1,
	.usage = N_("cgroup show [NAME]"),
	.summary = N_("Limits and current usage of aisla's control groups"),
	.help = N_("Without NAME, one line per group of aisla's subtree; with NAME, its "
		   "limits and its usage: CPU (% of one CPU, measured each second while the "
		   "panes run; else the average since its processes started), memory in use and its peak, "
		   "processes killed by the OOM killer, tasks and forks refused, its "
		   "processes."),
	.complete = "CGROUP",
	.attrs = CMD_NO_RECORD,
	.exec = show_exec,
	.explain = show_explain,
};

static const struct cmd_entry *const cgroup_subs[] = {
	&cgroup_add_entry, &cgroup_attach_entry, &cgroup_del_entry, &cgroup_set_entry,
	&cgroup_show_entry, NULL,
};

/* `cgroup` alone lists the groups, as `cgroup show` does. */
static int cgroup_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	if (a->argc == 0)
		return show_exec(ctx, a, e);
	struct suggest sg;
	err_set(e, _("'%s' is not a subcommand of '%s'"), a->argv[0], "cgroup");
	suggest_init(&sg, a->argv[0], false);
	for (int i = 0; cgroup_subs[i]; i++)
		suggest_add(&sg, cgroup_subs[i]->name);
	if (suggest_found(&sg))
		return err_hint(e, _("did you mean: %s?"), suggest_found(&sg));
	return err_hint(e, _("the subcommands of '%s' are: %s"), "cgroup",
			"add, attach, del, set, show");
}

static void cgroup_explain(struct cmd_ctx *ctx, const struct args *a)
{
	if (a->argc == 0)
		show_explain(ctx, a);
}

const struct cmd_entry cmd_cgroup_entry = {
	.name = "cgroup",
	.min_args = 0, .max_args = -1, .rest_after = -1,
	.usage = N_("cgroup add|del|set|attach|show ..."),
	.summary = N_("Control groups: limits on CPU, memory, pids, cpuset, io"),
	.help = N_("Control groups (cgroups) limit and account what a group of processes "
		   "uses. aisla keeps its groups under its own subtree 'aisla/' and works "
		   "the same on cgroup v1 and v2:\n"
		   "  cgroup add NAME / cgroup del NAME\n"
		   "  cgroup set NAME KEY VALUE     (cpu, cpu.weight, memory, pids, cpuset, io)\n"
		   "  cgroup attach NAME PID|NODE\n"
		   "  cgroup show [NAME]\n"
		   "'load' starts processes that make the limits visible."),
	.complete = "SUB",
	.attrs = CMD_NO_RECORD,
	.subs = cgroup_subs,
	.exec = cgroup_exec,
	.explain = cgroup_explain,
};
