/* cgroup-v1.c: the cgroup v1 backend (also hybrid machines, whose
 * controllers are v1). Each controller has its own hierarchy, so a
 * friendly key becomes writes to that hierarchy's files, and aisla says
 * which file got which value:
 *   cpu 50%      -> cpu.cfs_period_us = 100000, cpu.cfs_quota_us = 50000
 *   cpu.weight W -> cpu.shares (crun's linear map 1..10000 -> 2..262144)
 *   memory 64M   -> memory.limit_in_bytes (+ memory.memsw.limit_in_bytes,
 *                   so that swap does not hide the limit, as on v2)
 *   pids N       -> pids.max
 *   cpuset L     -> cpuset.cpus
 *   io ...       -> blkio.throttle.{read,write}_{bps,iops}_device
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cgroup.h"
#include "../shell/i18n.h"
#include "../shell/world/cgroups.h"

#pragma GCC diagnostic ignored "-Wformat-truncation"

/* memory.limit_in_bytes of "no limit" is PAGE_COUNTER_MAX pages. */
#define V1_HUGE (1LL << 62)

/* A new cpuset group has no CPUs and no memory nodes: copy the parent's,
 * or no process could join it. */
static int copy_from_parent(const char *dir, const char *file, struct err *e)
{
	char parent[320], path[400], val[256];
	const char *sl = strrchr(dir, '/');
	struct cg_plan p = { 0 };

	snprintf(parent, sizeof parent, "%.*s", (int)(sl - dir), dir);
	snprintf(path, sizeof path, "%s/%s", parent, file);
	if (cg_read_file(path, val, sizeof val) < 0)
		return 0;
	val[strcspn(val, "\n")] = '\0';
	snprintf(path, sizeof path, "%s/%s", dir, file);
	char cur[256];
	if (cg_read_file(path, cur, sizeof cur) == 0 && cur[0] != '\n' && cur[0])
		return 0;
	cg_plan_add(&p, dir, file, "%s", val);
	return cg_plan_apply(&p, e);
}

static int v1_init_dir(const char *dir, int mask, struct err *e)
{
	if (mask & (1 << CGC_CPUSET)) {
		if (copy_from_parent(dir, "cpuset.cpus", e) < 0 ||
		    copy_from_parent(dir, "cpuset.mems", e) < 0)
			return -1;
	}
	return 0;
}

static int v1_plan(const char *name, const struct cg_value *v, struct cg_plan *p,
		   struct err *e)
{
	char d[320];

	if (!cg_group_dir(name, v->ctl, d, sizeof d))
		return err_set(e, _("the controller '%s' is not available on this machine"),
			       cg_ctl_name(v->ctl));
	switch (v->key) {
	case CGK_CPU:
		if (v->quota == CG_MAX)
			return cg_plan_add(p, d, "cpu.cfs_quota_us", "-1");
		cg_plan_add(p, d, "cpu.cfs_period_us", "%lld", v->period);
		return cg_plan_add(p, d, "cpu.cfs_quota_us", "%lld", v->quota);
	case CGK_WEIGHT:
		return cg_plan_add(p, d, "cpu.shares", "%llu",
				   cg_weight_to_shares((unsigned long long)v->num));
	case CGK_MEMORY: {
		char path[400];
		long long cur;
		bool memsw, raising;
		snprintf(path, sizeof path, "%s/memory.memsw.limit_in_bytes", d);
		memsw = access(path, F_OK) == 0;
		snprintf(path, sizeof path, "%s/memory.limit_in_bytes", d);
		cur = cg_read_ll(path);
		raising = v->num == CG_MAX || cur < 0 || v->num > cur;
		/* memsw (memory + swap) may never be below the memory limit. */
		if (memsw && raising)
			cg_plan_add(p, d, "memory.memsw.limit_in_bytes", "%lld", v->num);
		cg_plan_add(p, d, "memory.limit_in_bytes", "%lld", v->num);
		if (memsw && !raising)
			cg_plan_add(p, d, "memory.memsw.limit_in_bytes", "%lld", v->num);
		return 0;
	}
	case CGK_PIDS:
		if (v->num == CG_MAX)
			return cg_plan_add(p, d, "pids.max", "max");
		return cg_plan_add(p, d, "pids.max", "%lld", v->num);
	case CGK_CPUSET:
		return cg_plan_add(p, d, "cpuset.cpus", "%s", v->str);
	case CGK_IO: {
		static const char *const files[4] = {
			"blkio.throttle.read_bps_device", "blkio.throttle.write_bps_device",
			"blkio.throttle.read_iops_device", "blkio.throttle.write_iops_device",
		};
		const long long vals[4] = { v->io.rbps, v->io.wbps, v->io.riops, v->io.wiops };
		for (int i = 0; i < 4; i++)
			if (vals[i] != CG_UNSET)
				cg_plan_add(p, d, files[i], "%u:%u %lld", v->io.maj, v->io.min,
					    vals[i] == CG_MAX ? 0 : vals[i]);
		return 0;
	}
	case CGK_RAW:
		break;
	}
	return err_set(e, _("unknown key"));
}

/* "8:0 1048576" lines of a throttle file, appended to io as "8:0 KEY=N". */
static void io_lines(const char *dir, const char *file, const char *key, char *io, size_t n)
{
	char path[400], buf[512], *save = NULL;
	snprintf(path, sizeof path, "%s/%s", dir, file);
	if (cg_read_file(path, buf, sizeof buf) < 0)
		return;
	for (char *l = strtok_r(buf, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		char dev[32];
		long long val;
		if (sscanf(l, "%31s %lld", dev, &val) != 2)
			continue;
		size_t len = strlen(io);
		snprintf(io + len, n - len, "%s%s %s=%lld", len ? "; " : "", dev, key, val);
	}
}

static int v1_read(const char *name, struct wcg_group *g)
{
	char d[320], p[400];

	if (cg_group_dir(name, CGC_CPU, d, sizeof d)) {
		snprintf(p, sizeof p, "%s/cpu.cfs_quota_us", d);
		g->cpu_quota_us = cg_read_ll(p);
		if (g->cpu_quota_us == -1)
			g->cpu_quota_us = WCG_UNLIMITED;
		snprintf(p, sizeof p, "%s/cpu.cfs_period_us", d);
		g->cpu_period_us = cg_read_ll(p);
		snprintf(p, sizeof p, "%s/cpu.shares", d);
		long long sh = cg_read_ll(p);
		if (sh > 0)
			g->cpu_weight = (long long)cg_shares_to_weight((unsigned long long)sh);
	}
	if (cg_group_dir(name, CGC_CPUACCT, d, sizeof d)) {
		snprintf(p, sizeof p, "%s/cpuacct.usage", d);
		long long ns = cg_read_ll(p);
		if (ns >= 0)
			g->cpu_usage_us = (unsigned long long)ns / 1000;
	}
	if (cg_group_dir(name, CGC_MEMORY, d, sizeof d)) {
		snprintf(p, sizeof p, "%s/memory.limit_in_bytes", d);
		g->mem_max = cg_read_ll(p);
		if (g->mem_max >= V1_HUGE)
			g->mem_max = WCG_UNLIMITED;
		snprintf(p, sizeof p, "%s/memory.usage_in_bytes", d);
		g->mem_current = cg_read_ll(p);
		snprintf(p, sizeof p, "%s/memory.max_usage_in_bytes", d);
		g->mem_peak = cg_read_ll(p);
		snprintf(p, sizeof p, "%s/memory.oom_control", d);
		g->oom_kills = cg_field_of(p, "oom_kill");
		if (g->oom_kills == WCG_UNKNOWN) {
			/* Old kernels have no oom_kill line: failcnt says the
			 * limit was hit, the closest we can say. */
			snprintf(p, sizeof p, "%s/memory.failcnt", d);
			g->oom_kills = cg_read_ll(p) > 0 ? 1 : 0;
		}
	}
	if (cg_group_dir(name, CGC_IO, d, sizeof d)) {
		g->io[0] = '\0';
		io_lines(d, "blkio.throttle.read_bps_device", "rbps", g->io, sizeof g->io);
		io_lines(d, "blkio.throttle.write_bps_device", "wbps", g->io, sizeof g->io);
		io_lines(d, "blkio.throttle.read_iops_device", "riops", g->io, sizeof g->io);
		io_lines(d, "blkio.throttle.write_iops_device", "wiops", g->io, sizeof g->io);
	}
	return 0;
}

static int v1_init_subtree(const char *dir, int mask, struct err *e)
{
	return v1_init_dir(dir, mask, e);
}

const struct cg_backend cg_backend_v1 = {
	.name = "v1",
	.init_subtree = v1_init_subtree,
	.init_group = v1_init_dir,
	.plan = v1_plan,
	.read = v1_read,
};
