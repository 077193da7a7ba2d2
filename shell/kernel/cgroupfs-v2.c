/* kernel/cgroupfs-v2.c: reading a group on cgroup v2 (one tree):
 *   cpu     cpu.max ("QUOTA PERIOD", "max PERIOD"), cpu.weight
 *           cpu.stat's usage_usec (present even without the controller)
 *   memory  memory.max, memory.current, memory.peak, memory.events'
 *           oom_kill
 *   io      io.max (the "=max" entries dropped: only real limits)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cgroupfs.h"

#pragma GCC diagnostic ignored "-Wformat-truncation"

int cgfs_v2_read(const char *name, struct cgfs_group *g)
{
	char d[320], p[400], buf[512];

	if (cgfs_group_dir(name, CGC_CPU, d, sizeof d)) {
		snprintf(p, sizeof p, "%s/cpu.max", d);
		if (cgfs_read_file(p, buf, sizeof buf) == 0) {
			char q[32];
			long long per = 0;
			if (sscanf(buf, "%31s %lld", q, &per) == 2) {
				g->cpu_period_us = per;
				g->cpu_quota_us = strcmp(q, "max") ? strtoll(q, NULL, 10)
								   : CGFS_MAX;
			}
		}
		g->cpu_weight = cgfs_read_ll_at(d, "cpu.weight");
	}
	/* cpu.stat's usage_usec exists even without the cpu controller. */
	long long us = cgfs_field_at(g->path, "cpu.stat", "usage_usec");
	if (us >= 0)
		g->cpu_usage_us = (unsigned long long)us;
	if (cgfs_group_dir(name, CGC_MEMORY, d, sizeof d)) {
		g->mem_max = cgfs_read_ll_at(d, "memory.max");
		g->mem_current = cgfs_read_ll_at(d, "memory.current");
		g->mem_peak = cgfs_read_ll_at(d, "memory.peak");
		g->oom_kills = cgfs_field_at(d, "memory.events", "oom_kill");
	}
	if (cgfs_group_dir(name, CGC_IO, d, sizeof d)) {
		char *save = NULL;
		snprintf(p, sizeof p, "%s/io.max", d);
		g->io[0] = '\0';
		if (cgfs_read_file(p, buf, sizeof buf) == 0)
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
