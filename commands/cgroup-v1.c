/* cgroup-v1.c: the write side of cgroup v1 (also hybrid machines, whose
 * controllers are v1): preparing a new directory, and the plan (pure) of
 * what a friendly key writes. Reading is shell/kernel/cgroupfs-v1.c.
 * Each controller has its own hierarchy, so a friendly key becomes
 * writes to that hierarchy's files, and aisla says which file got which
 * value:
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

#pragma GCC diagnostic ignored "-Wformat-truncation"

/* A new cpuset group has no CPUs and no memory nodes: copy the parent's,
 * or no process could join it. */
static int copy_from_parent(const char *dir, const char *file, struct err *e)
{
	char parent[320], path[400], val[256];
	const char *sl = strrchr(dir, '/');
	struct cg_plan p = { 0 };

	snprintf(parent, sizeof parent, "%.*s", (int)(sl - dir), dir);
	snprintf(path, sizeof path, "%s/%s", parent, file);
	if (cgfs_read_file(path, val, sizeof val) < 0)
		return 0;
	val[strcspn(val, "\n")] = '\0';
	snprintf(path, sizeof path, "%s/%s", dir, file);
	char cur[256];
	if (cgfs_read_file(path, cur, sizeof cur) == 0 && cur[0] != '\n' && cur[0])
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

/* The writes of v to the group directory d (pure: what the kernel has
 * comes in f). */
static int v1_plan(const char *d, const struct cg_value *v, const struct cg_facts *f,
		   struct cg_plan *p, struct err *e)
{
	switch (v->key) {
	case CGK_CPU:
		if (v->quota == CG_MAX)
			return cg_plan_add(p, d, "cpu.cfs_quota_us", "-1");
		cg_plan_add(p, d, "cpu.cfs_period_us", "%lld", v->period);
		return cg_plan_add(p, d, "cpu.cfs_quota_us", "%lld", v->quota);
	case CGK_WEIGHT:
		return cg_plan_add(p, d, "cpu.shares", "%llu",
				   cgfs_weight_to_shares((unsigned long long)v->num));
	case CGK_MEMORY: {
		bool memsw = f->memsw;
		bool raising = v->num == CG_MAX || f->mem_limit < 0 || v->num > f->mem_limit;
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

static int v1_init_subtree(const char *dir, int mask, struct err *e)
{
	return v1_init_dir(dir, mask, e);
}

const struct cg_backend cg_backend_v1 = {
	.name = "v1",
	.init_subtree = v1_init_subtree,
	.init_group = v1_init_dir,
	.plan = v1_plan,
	};
