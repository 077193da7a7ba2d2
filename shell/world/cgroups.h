/* world/cgroups.h: aisla's control groups as the kernel shows them
 * (read-only model).
 *
 * The groups are the directories of aisla's own subtree (`aisla/` under
 * the v2 base, or under each v1 hierarchy it uses), found in cgroupfs, so
 * a group made by another aisla process or with a plain `mkdir` there is
 * seen too. For each group: its limits in the friendly terms of `cgroup
 * set` (the same on v1 and v2) and its live usage. When live, a 1 Hz
 * timer re-reads the figures (CPU % is the delta of the group's CPU time
 * over that second) and calls world_changed(WORLD_CGROUPS) when anything
 * changed; otherwise world_cgroups_refresh() reads them on demand.
 *
 * Panes (pane-cgroups), `status`, `cgroup show` and lesson checks
 * (`cgroup G KEY VALUE`, `in-cgroup N|PID G`, `cpu G between A% B%`)
 * read it. Pointers returned are borrowed, valid until the next refresh
 * (the next loop turn): copy what you keep.
 */
#ifndef AISLA_WORLD_CGROUPS_H
#define AISLA_WORLD_CGROUPS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define WCG_NAME_MAX 64
#define WCG_UNLIMITED (-1LL)	/* "max": no limit */
#define WCG_UNKNOWN   (-2LL)	/* controller absent / file unreadable */

struct wcg_group {
	char name[WCG_NAME_MAX];	/* "web": the directory under aisla/ */
	char path[256];		/* v2: its directory; v1: the cpu hierarchy's
				 * (else the first found) */

	/* Limits (WCG_UNLIMITED = max, WCG_UNKNOWN = no such controller). */
	long long cpu_quota_us;	/* with cpu_period_us; WCG_UNLIMITED: max */
	long long cpu_period_us;
	long long cpu_weight;	/* 1-10000 (v1: cpu.shares translated as crun does) */
	long long mem_max;	/* bytes */
	long long pids_max;
	char cpuset[64];	/* "0-1"; "" = not restricted (inherits) */
	char io[128];		/* v2 io.max lines / v1 throttle entries,
				 * as "8:0 rbps=N wbps=N; ..."; "" if none */

	/* Usage. */
	double cpu_pct;		/* % of ONE CPU over the last interval
				 * (100 = one CPU busy); -1 until two samples */
	unsigned long long cpu_usage_us;	/* cumulative CPU time */
	long long mem_current;	/* bytes (WCG_UNKNOWN if unreadable) */
	long long mem_peak;	/* bytes, highest seen by the kernel */
	long long pids_current;	/* tasks in the group (pids controller) */
	long long pids_refused;	/* forks the pids limit refused (pids.events max) */
	long long oom_kills;	/* processes the OOM killer killed in it */
	size_t nprocs;		/* processes (cgroup.procs) */
	pid_t procs[32];	/* the first of them, sorted */

	bool changed;		/* something changed at the last refresh */
};

/* The cgroup mode of the machine as detected (statfs on /sys/fs/cgroup). */
enum wcg_mode { WCG_NONE, WCG_V1, WCG_HYBRID, WCG_V2 };
enum wcg_mode world_cgroups_mode(void);
/* "v2", "v1", "híbrido (controladores v1)" (translated), "ninguno". */
const char *world_cgroups_mode_name(void);
/* Where aisla's subtree is: "/sys/fs/cgroup/aisla" (v2), or
 * "/sys/fs/cgroup/<controller>/aisla" (v1: the cpu hierarchy's). */
const char *world_cgroups_base(void);

/* The groups, sorted by name. */
size_t world_cgroups_count(void);
const struct wcg_group *world_cgroups_at(size_t i);
const struct wcg_group *world_cgroups_find(const char *name);	/* NULL if none */

/* The aisla group a process is in (its name), or NULL if none. Reads
 * /proc/PID/cgroup (v2 line, or the v1 cpu/memory/pids lines). */
const char *world_cgroups_of_pid(pid_t pid);

/* Format a limit the way `cgroup set` takes it ("50%", "64M", "max"...),
 * for panes and checks; buf gets "" for WCG_UNKNOWN. */
void world_cgroups_fmt_cpu(const struct wcg_group *g, char *buf, size_t n);
void world_cgroups_fmt_bytes(long long bytes, char *buf, size_t n);

/* Read the kernel now (all groups and their figures). */
void world_cgroups_refresh(void);

/* world_cgroups_init/free/status are declared in world.h. */

#endif
