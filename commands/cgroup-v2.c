/* cgroup-v2.c: the cgroup v2 backend. One tree; aisla/ (no processes)
 * hands the controllers to its groups through cgroup.subtree_control, and
 * the groups are leaves. Friendly keys:
 *   cpu 50%      -> cpu.max = "50000 100000"     (max -> "max 100000")
 *   cpu.weight W -> cpu.weight = W
 *   memory 64M   -> memory.max = 67108864, memory.swap.max = 0 (so that
 *                   swap does not hide the limit; max -> max)
 *   pids N       -> pids.max
 *   cpuset L     -> cpuset.cpus
 *   io ...       -> io.max = "MAJ:MIN rbps=N wbps=N riops=N wiops=N"
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cgroup.h"
#include "../shell/i18n.h"
#include "../shell/world/cgroups.h"

#pragma GCC diagnostic ignored "-Wformat-truncation"

/* Enable every controller aisla uses in dir's cgroup.subtree_control
 * (each on its own, so one refused does not block the others). */
static int v2_init_subtree(const char *dir, int mask, struct err *e)
{
	char cur[256] = "", path[400];

	snprintf(path, sizeof path, "%s/cgroup.subtree_control", dir);
	cg_read_file(path, cur, sizeof cur);
	for (int c = 0; c < CGC_COUNT; c++) {
		struct cg_plan p = { 0 };
		char word[32], padded[270];
		if (!(mask & (1 << c)) || c == CGC_CPUACCT)
			continue;
		snprintf(word, sizeof word, " %s ", cg_ctl_name(c));
		snprintf(padded, sizeof padded, " %s ", cur);
		padded[strcspn(padded, "\n")] = ' ';
		if (strstr(padded, word))
			continue;
		cg_plan_add(&p, dir, "cgroup.subtree_control", "+%s", cg_ctl_name(c));
		if (cg_plan_apply(&p, e) < 0)
			return err_hint(e, _("cgroup v2 hands a controller to children only from a "
					     "group without processes (no internal processes rule)"));
	}
	return 0;
}

static int v2_init_group(const char *dir, int mask, struct err *e)
{
	(void)dir; (void)mask; (void)e;
	return 0;
}

static void fmt_io_val(char *buf, size_t n, const char *key, long long v)
{
	size_t l = strlen(buf);
	if (v == CG_UNSET)
		return;
	if (v == CG_MAX)
		snprintf(buf + l, n - l, " %s=max", key);
	else
		snprintf(buf + l, n - l, " %s=%lld", key, v);
}

static int v2_plan(const char *name, const struct cg_value *v, struct cg_plan *p,
		   struct err *e)
{
	char d[320];

	if (!cg_group_dir(name, v->ctl, d, sizeof d))
		return err_set(e, _("the controller '%s' is not available on this machine"),
			       cg_ctl_name(v->ctl));
	switch (v->key) {
	case CGK_CPU:
		if (v->quota == CG_MAX)
			return cg_plan_add(p, d, "cpu.max", "max %lld", v->period);
		return cg_plan_add(p, d, "cpu.max", "%lld %lld", v->quota, v->period);
	case CGK_WEIGHT:
		return cg_plan_add(p, d, "cpu.weight", "%lld", v->num);
	case CGK_MEMORY: {
		char path[400];
		if (v->num == CG_MAX)
			cg_plan_add(p, d, "memory.max", "max");
		else
			cg_plan_add(p, d, "memory.max", "%lld", v->num);
		snprintf(path, sizeof path, "%s/memory.swap.max", d);
		if (access(path, F_OK) == 0)
			cg_plan_add(p, d, "memory.swap.max", "%s", v->num == CG_MAX ? "max" : "0");
		return 0;
	}
	case CGK_PIDS:
		if (v->num == CG_MAX)
			return cg_plan_add(p, d, "pids.max", "max");
		return cg_plan_add(p, d, "pids.max", "%lld", v->num);
	case CGK_CPUSET:
		return cg_plan_add(p, d, "cpuset.cpus", "%s", v->str);
	case CGK_IO: {
		char val[160];
		snprintf(val, sizeof val, "%u:%u", v->io.maj, v->io.min);
		fmt_io_val(val, sizeof val, "rbps", v->io.rbps);
		fmt_io_val(val, sizeof val, "wbps", v->io.wbps);
		fmt_io_val(val, sizeof val, "riops", v->io.riops);
		fmt_io_val(val, sizeof val, "wiops", v->io.wiops);
		return cg_plan_add(p, d, "io.max", "%s", val);
	}
	case CGK_RAW:
		break;
	}
	return err_set(e, _("unknown key"));
}


static int v2_read(const char *name, struct wcg_group *g)
{
	char d[320], p[400], buf[512];

	if (cg_group_dir(name, CGC_CPU, d, sizeof d)) {
		snprintf(p, sizeof p, "%s/cpu.max", d);
		if (cg_read_file(p, buf, sizeof buf) == 0) {
			char q[32];
			long long per = 0;
			if (sscanf(buf, "%31s %lld", q, &per) == 2) {
				g->cpu_period_us = per;
				g->cpu_quota_us = strcmp(q, "max") ? strtoll(q, NULL, 10)
								   : WCG_UNLIMITED;
			}
		}
		snprintf(p, sizeof p, "%s/cpu.weight", d);
		g->cpu_weight = cg_read_ll(p);
	}
	/* cpu.stat's usage_usec exists even without the cpu controller. */
	snprintf(p, sizeof p, "%s/cpu.stat", g->path);
	long long us = cg_field_of(p, "usage_usec");
	if (us >= 0)
		g->cpu_usage_us = (unsigned long long)us;
	if (cg_group_dir(name, CGC_MEMORY, d, sizeof d)) {
		snprintf(p, sizeof p, "%s/memory.max", d);
		g->mem_max = cg_read_ll(p);
		snprintf(p, sizeof p, "%s/memory.current", d);
		g->mem_current = cg_read_ll(p);
		snprintf(p, sizeof p, "%s/memory.peak", d);
		g->mem_peak = cg_read_ll(p);
		if (g->mem_peak == CG_UNSET)
			g->mem_peak = WCG_UNKNOWN;
		snprintf(p, sizeof p, "%s/memory.events", d);
		g->oom_kills = cg_field_of(p, "oom_kill");
	}
	if (cg_group_dir(name, CGC_IO, d, sizeof d)) {
		char *save = NULL;
		snprintf(p, sizeof p, "%s/io.max", d);
		g->io[0] = '\0';
		if (cg_read_file(p, buf, sizeof buf) == 0)
			for (char *l = strtok_r(buf, "\n", &save); l;
			     l = strtok_r(NULL, "\n", &save)) {
				/* Drop the "=max" entries: only real limits. */
				char out[160] = "", *s2 = NULL;
				for (char *w = strtok_r(l, " ", &s2); w; w = strtok_r(NULL, " ", &s2)) {
					if (strstr(w, "=max"))
						continue;
					size_t ol = strlen(out);
					snprintf(out + ol, sizeof out - ol, "%s%s", ol ? " " : "", w);
				}
				size_t len = strlen(g->io);
				snprintf(g->io + len, sizeof g->io - len, "%s%s", len ? "; " : "", out);
			}
	}
	return 0;
}

const struct cg_backend cg_backend_v2 = {
	.name = "v2",
	.init_subtree = v2_init_subtree,
	.init_group = v2_init_group,
	.plan = v2_plan,
	.read = v2_read,
};
