/* cgroup-v2.c: the write side of cgroup v2: enabling controllers in a
 * new directory, and the plan (pure) of what a friendly key writes.
 * Reading is shell/kernel/cgroupfs-v2.c. One tree; aisla/ (no processes)
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

#pragma GCC diagnostic ignored "-Wformat-truncation"

/* Enable every controller aisla uses in dir's cgroup.subtree_control
 * (each on its own, so one refused does not block the others). */
static int v2_init_subtree(const char *dir, int mask, struct err *e)
{
	char cur[256] = "", path[400];

	snprintf(path, sizeof path, "%s/cgroup.subtree_control", dir);
	cgfs_read_file(path, cur, sizeof cur);
	for (int c = 0; c < CGC_COUNT; c++) {
		struct cg_plan p = { 0 };
		char word[32], padded[270];
		if (!(mask & (1 << c)) || c == CGC_CPUACCT)
			continue;
		snprintf(word, sizeof word, " %s ", cgfs_ctl_name(c));
		snprintf(padded, sizeof padded, " %s ", cur);
		padded[strcspn(padded, "\n")] = ' ';
		if (strstr(padded, word))
			continue;
		cg_plan_add(&p, dir, "cgroup.subtree_control", "+%s", cgfs_ctl_name(c));
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

/* The writes of v to the group directory d (pure: what the kernel has
 * comes in f). */
static int v2_plan(const char *d, const struct cg_value *v, const struct cg_facts *f,
		   struct cg_plan *p, struct err *e)
{
	switch (v->key) {
	case CGK_CPU:
		if (v->quota == CG_MAX)
			return cg_plan_add(p, d, "cpu.max", "max %lld", v->period);
		return cg_plan_add(p, d, "cpu.max", "%lld %lld", v->quota, v->period);
	case CGK_WEIGHT:
		return cg_plan_add(p, d, "cpu.weight", "%lld", v->num);
	case CGK_MEMORY:
		if (v->num == CG_MAX)
			cg_plan_add(p, d, "memory.max", "max");
		else
			cg_plan_add(p, d, "memory.max", "%lld", v->num);
		if (f->swap)
			cg_plan_add(p, d, "memory.swap.max", "%s", v->num == CG_MAX ? "max" : "0");
		return 0;
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


const struct cg_backend cg_backend_v2 = {
	.name = "v2",
	.init_subtree = v2_init_subtree,
	.init_group = v2_init_group,
	.plan = v2_plan,
	};
