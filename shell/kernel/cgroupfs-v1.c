/* kernel/cgroupfs-v1.c: reading a group on cgroup v1 (also hybrid
 * machines, whose controllers are v1). Each controller has its own
 * hierarchy; the figures come from:
 *   cpu     cpu.cfs_quota_us (-1 = max), cpu.cfs_period_us, cpu.shares
 *           (shown as a weight through crun's map)
 *   cpuacct cpuacct.usage (ns)
 *   memory  memory.limit_in_bytes (PAGE_COUNTER_MAX pages = max),
 *           memory.usage_in_bytes, memory.max_usage_in_bytes,
 *           memory.oom_control's oom_kill
 *   blkio   blkio.throttle.{read,write}_{bps,iops}_device
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cgroupfs.h"

#pragma GCC diagnostic ignored "-Wformat-truncation"

/* memory.limit_in_bytes of "no limit" is PAGE_COUNTER_MAX pages. */
#define V1_HUGE (1LL << 62)

/* "8:0 1048576" lines of a throttle file, appended to io as "8:0 KEY=N". */
static void io_lines(const char *dir, const char *file, const char *key, char *io, size_t n)
{
	char path[400], buf[512], *save = NULL;
	snprintf(path, sizeof path, "%s/%s", dir, file);
	if (cgfs_read_file(path, buf, sizeof buf) < 0)
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

int cgfs_v1_read(const char *name, struct cgfs_group *g)
{
	char d[320];

	if (cgfs_group_dir(name, CGC_CPU, d, sizeof d)) {
		g->cpu_quota_us = cgfs_read_ll_at(d, "cpu.cfs_quota_us");
		if (g->cpu_quota_us == -1)
			g->cpu_quota_us = CGFS_MAX;
		g->cpu_period_us = cgfs_read_ll_at(d, "cpu.cfs_period_us");
		long long sh = cgfs_read_ll_at(d, "cpu.shares");
		if (sh > 0)
			g->cpu_weight = (long long)cgfs_shares_to_weight((unsigned long long)sh);
	}
	if (cgfs_group_dir(name, CGC_CPUACCT, d, sizeof d)) {
		long long ns = cgfs_read_ll_at(d, "cpuacct.usage");
		if (ns >= 0)
			g->cpu_usage_us = (unsigned long long)ns / 1000;
	}
	if (cgfs_group_dir(name, CGC_MEMORY, d, sizeof d)) {
		g->mem_max = cgfs_read_ll_at(d, "memory.limit_in_bytes");
		if (g->mem_max >= V1_HUGE)
			g->mem_max = CGFS_MAX;
		g->mem_current = cgfs_read_ll_at(d, "memory.usage_in_bytes");
		g->mem_peak = cgfs_read_ll_at(d, "memory.max_usage_in_bytes");
		g->oom_kills = cgfs_field_at(d, "memory.oom_control", "oom_kill");
		if (g->oom_kills == CGFS_UNKNOWN) {
			/* Old kernels have no oom_kill line: failcnt says the
			 * limit was hit, the closest we can say. */
			g->oom_kills = cgfs_read_ll_at(d, "memory.failcnt") > 0 ? 1 : 0;
		}
	}
	if (cgfs_group_dir(name, CGC_IO, d, sizeof d)) {
		g->io[0] = '\0';
		io_lines(d, "blkio.throttle.read_bps_device", "rbps", g->io, sizeof g->io);
		io_lines(d, "blkio.throttle.write_bps_device", "wbps", g->io, sizeof g->io);
		io_lines(d, "blkio.throttle.read_iops_device", "riops", g->io, sizeof g->io);
		io_lines(d, "blkio.throttle.write_iops_device", "wiops", g->io, sizeof g->io);
	}
	return 0;
}
