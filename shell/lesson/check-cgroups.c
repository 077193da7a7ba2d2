/* check-cgroups.c: the resource checks: cgroup (a limit, in the
 * friendly keys of `cgroup set` or a controller file), in-cgroup, cpu (a
 * share measured over 2 s), oom and fork-refused (the kernel's event
 * counters). They read the world's cgroup model (world/cgroups.h),
 * refreshed first, and /proc.
 */
#include <ctype.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "../i18n.h"
#include "../world/cgroups.h"
#include "../kernel/nodes.h"
#include "check-verbs.h"

/* Bytes from "64M", "1G", "4096", "512k". -1 if not a size. */
static long long parse_size(const char *s)
{
	char *end;
	double v = strtod(s, &end);
	long long mul = 1;
	if (end == s || v < 0)
		return -1;
	switch (toupper((unsigned char)*end)) {
	case 'K': mul = 1LL << 10; end++; break;
	case 'M': mul = 1LL << 20; end++; break;
	case 'G': mul = 1LL << 30; end++; break;
	case 'T': mul = 1LL << 40; end++; break;
	default: break;
	}
	if (*end == 'i' || *end == 'I')
		end++;
	if (*end == 'B' || *end == 'b')
		end++;
	if (*end)
		return -1;
	return (long long)(v * (double)mul);
}

static void fmt_ll(long long v, char *buf, size_t n)
{
	if (v == WCG_UNLIMITED)
		snprintf(buf, n, "max");
	else if (v == WCG_UNKNOWN)
		snprintf(buf, n, "?");
	else
		snprintf(buf, n, "%lld", v);
}

/* Compare a friendly limit; *got gets what the kernel shows. */
static int cgroup_cmp(const struct cgfs_group *g, const char *key, const char *val,
		      char *got, size_t n)
{
	if (!strcmp(key, "cpu")) {
		world_cgroups_fmt_cpu(g, got, n);
		if (!strcmp(val, "max"))
			return g->cpu_quota_us == WCG_UNLIMITED ? 0 : 1;
		if (strchr(val, '%')) {
			double pct;
			if (check_parse_pct(val, &pct) < 0 || g->cpu_quota_us < 0 || g->cpu_period_us <= 0)
				return 1;
			double have = 100.0 * (double)g->cpu_quota_us / (double)g->cpu_period_us;
			return (have - pct < 0.5 && pct - have < 0.5) ? 0 : 1;
		}
		long long q, p;
		if (sscanf(val, "%lld %lld", &q, &p) == 2)
			return (q == g->cpu_quota_us && p == g->cpu_period_us) ? 0 : 1;
		return 1;
	}
	if (!strcmp(key, "cpu.weight")) {
		fmt_ll(g->cpu_weight, got, n);
		return atoll(val) == g->cpu_weight ? 0 : 1;
	}
	if (!strcmp(key, "memory")) {
		world_cgroups_fmt_bytes(g->mem_max, got, n);
		if (!strcmp(val, "max"))
			return g->mem_max == WCG_UNLIMITED ? 0 : 1;
		long long want = parse_size(val);
		/* v1 rounds to pages. */
		return (want >= 0 && g->mem_max >= 0 &&
			(g->mem_max == want || (g->mem_max / 4096 == want / 4096))) ? 0 : 1;
	}
	if (!strcmp(key, "pids")) {
		fmt_ll(g->pids_max, got, n);
		if (!strcmp(val, "max"))
			return g->pids_max == WCG_UNLIMITED ? 0 : 1;
		return atoll(val) == g->pids_max ? 0 : 1;
	}
	if (!strcmp(key, "cpuset")) {
		snprintf(got, n, "%s", g->cpuset[0] ? g->cpuset : "-");
		return strcmp(val, g->cpuset) ? 1 : 0;
	}
	if (!strcmp(key, "io")) {
		snprintf(got, n, "%s", g->io[0] ? g->io : "-");
		return strstr(g->io, val) ? 0 : 1;
	}
	/* A controller file of the machine's version: read it. */
	char path[512], buf[256] = "";
	int fd;
	snprintf(path, sizeof path, "%s/%s", g->path, key);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(got, n, _("(no file '%s')"), key);
		return 1;
	}
	ssize_t len = read(fd, buf, sizeof buf - 1);
	close(fd);
	buf[len > 0 ? len : 0] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	snprintf(got, n, "%s", buf);
	return strcmp(buf, val) ? 1 : 0;
}

static bool eval_cgroup(const struct check *c, struct check_result *r)
{
	const struct cgfs_group *g;
	char got[256];

	world_cgroups_refresh();
	g = world_cgroups_find(c->argv[0]);
	if (!g) {
		check_fail(r, "cgroup", c->argv[0]);
		return check_seen(r, _("there is no cgroup '%s'"), c->argv[0]);
	}
	if (cgroup_cmp(g, c->argv[1], c->argv[2], got, sizeof got)) {
		check_fail(r, c->argv[1], c->argv[2]);
		return check_seen(r, _("cgroup '%s' has %s = %s, not %s"), c->argv[0], c->argv[1], got,
			    c->argv[2]);
	}
	check_seen(r, _("cgroup '%s' has %s = %s"), c->argv[0], c->argv[1], got);
	return true;
}

const struct check_verb check_verb_cgroup = {
	.name = "cgroup",
	.form = N_("cgroup G KEY VALUE"),
	.min_args = 3, .max_args = 3,
	.parse = NULL,
	.eval = eval_cgroup,
};

/* in-cgroup: the first word is a PID or a node. */
static int parse_target_first(struct check *c, struct err *e)
{
	return check_need_target(c, c->argv[0], e);
}

static bool eval_incgroup(const struct check *c, struct check_result *r)
{
	pid_t *pids;
	size_t n;

	if (check_target_pids(c->argv[0], &pids, &n, r) < 0)
		return check_fail(r, "in-cgroup", c->argv[0]);
	for (size_t i = 0; i < n; i++) {
		const char *g = world_cgroups_of_pid(pids[i]);
		if (!g || strcmp(g, c->argv[1])) {
			check_fail(r, "in-cgroup", c->argv[0]);
			check_seen(r, _("process %d is in cgroup '%s', not '%s'"), (int)pids[i],
			     g ? g : "-", c->argv[1]);
			free(pids);
			return false;
		}
	}
	check_seen(r, ngettext("%zu process is in '%s'", "%zu processes are in '%s'", n), n, c->argv[1]);
	free(pids);
	return true;
}

const struct check_verb check_verb_incgroup = {
	.name = "in-cgroup",
	.form = N_("in-cgroup N|PID G"),
	.min_args = 2, .max_args = 2,
	.parse = parse_target_first,
	.eval = eval_incgroup,
};

static unsigned long long pid_cpu_ticks(pid_t pid)
{
	char buf[1024];
	const char *p = check_proc_stat(pid, buf, sizeof buf);
	unsigned long long ut = 0, st = 0;

	/* From the state (field 3): utime is field 14, stime 15. */
	if (!p || sscanf(p, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &ut, &st) != 2)
		return 0;
	return ut + st;
}

static int parse_cpu(struct check *c, struct err *e)
{
	if (strcmp(c->argv[1], "between") || check_parse_pct(c->argv[2], &c->lo) < 0 ||
	    check_parse_pct(c->argv[3], &c->hi) < 0 || c->lo > c->hi) {
		err_set(e, _("check '%s': expected 'between A%% B%%'"), c->text);
		return check_form_hint(e, c);
	}
	return 0;
}

static bool eval_cpu(const struct check *c, struct check_result *r)
{
	const char *w = c->argv[0];
	double pct;
	long hz = sysconf(_SC_CLK_TCK);

	if (!check_all_digits(w) && !node_exists(w)) {
		/* A cgroup: its own cumulative CPU time. */
		const struct cgfs_group *g;
		unsigned long long u0, u1;
		world_cgroups_refresh();
		g = world_cgroups_find(w);
		if (!g) {
			check_fail(r, "cpu", w);
			return check_seen(r, _("'%s' is neither a process, a node nor a cgroup"), w);
		}
		u0 = g->cpu_usage_us;
		check_sleep_ms(2000);
		world_cgroups_refresh();
		g = world_cgroups_find(w);
		if (!g) {
			check_fail(r, "cpu", w);
			return check_seen(r, _("there is no cgroup '%s'"), w);
		}
		u1 = g->cpu_usage_us;
		pct = (double)(u1 - u0) / 20000.0;
	} else {
		pid_t *pids;
		size_t n;
		unsigned long long t0 = 0, t1 = 0;
		if (check_target_pids(w, &pids, &n, r) < 0)
			return check_fail(r, "cpu", w);
		for (size_t i = 0; i < n; i++)
			t0 += pid_cpu_ticks(pids[i]);
		check_sleep_ms(2000);
		for (size_t i = 0; i < n; i++)
			t1 += pid_cpu_ticks(pids[i]);
		free(pids);
		pct = 100.0 * (double)(t1 - t0) / (2.0 * (double)hz);
	}
	if (pct < c->lo || pct > c->hi) {
		check_fail(r, "cpu", w);
		return check_seen(r, _("'%s' used %.0f%% of a CPU, not between %.0f%% and %.0f%%"), w, pct,
			    c->lo, c->hi);
	}
	check_seen(r, _("'%s' used %.0f%% of a CPU"), w, pct);
	return true;
}

const struct check_verb check_verb_cpu = {
	.name = "cpu",
	.form = N_("cpu PID|N|G between A% B%"),
	.min_args = 4, .max_args = 4,
	.slow = true,
	.parse = parse_cpu,
	.eval = eval_cpu,
};

static bool eval_cgcount(const struct check *c, struct check_result *r)
{
	const struct cgfs_group *g;
	long long v;

	world_cgroups_refresh();
	g = world_cgroups_find(c->argv[0]);
	if (!g) {
		check_fail(r, c->verb->name, c->argv[0]);
		return check_seen(r, _("there is no cgroup '%s'"), c->argv[0]);
	}
	v = c->verb == &check_verb_oom ? g->oom_kills : g->pids_refused;
	if (v == WCG_UNKNOWN) {
		check_fail(r, c->verb->name, c->argv[0]);
		return check_seen(r, c->verb == &check_verb_oom ? _("cgroup '%s' has no memory controller here")
					     : _("cgroup '%s' has no pids controller here"), c->argv[0]);
	}
	if (v <= 0) {
		check_fail(r, c->verb->name, c->argv[0]);
		return check_seen(r, c->verb == &check_verb_oom ? _("the OOM killer has killed nothing in '%s'")
					     : _("the pids limit has refused no fork in '%s'"), c->argv[0]);
	}
	check_seen(r, c->verb == &check_verb_oom
		   ? ngettext("the OOM killer killed %lld process in '%s'",
			      "the OOM killer killed %lld processes in '%s'", (unsigned long)v)
		   : ngettext("the pids limit refused %lld fork in '%s'",
			      "the pids limit refused %lld forks in '%s'", (unsigned long)v),
		   v, c->argv[0]);
	return true;
}

const struct check_verb check_verb_oom = {
	.name = "oom",
	.form = N_("oom G"),
	.min_args = 1, .max_args = 1,
	.parse = NULL,
	.eval = eval_cgcount,
};

const struct check_verb check_verb_forkref = {
	.name = "fork-refused",
	.form = N_("fork-refused G"),
	.min_args = 1, .max_args = 1,
	.parse = NULL,
	.eval = eval_cgcount,
};
