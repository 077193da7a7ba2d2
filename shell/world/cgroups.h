/* world/cgroups.h: aisla's control groups as the kernel shows them
 * (read-only model).
 *
 * The groups are the directories of aisla's own subtree (`aisla/` under
 * the v2 base, or under each v1 hierarchy it uses), found in cgroupfs, so
 * a group made by another aisla process or with a plain `mkdir` there is
 * seen too. For each group: its limits in the friendly terms of `cgroup
 * set` (the same on v1 and v2) and its live usage. When live, a 1 Hz
 * timer re-reads the figures (CPU % is the delta of the group's CPU time
 * over that second; a refresh on demand sooner than half a second after
 * the sample started keeps the last figure, -1 until there is one) and calls world_changed(WORLD_CGROUPS) when anything
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
#include "../kernel/cgroupfs.h"

#define WCG_NAME_MAX CGFS_NAME_MAX
#define WCG_UNLIMITED CGFS_MAX		/* "max": no limit */
#define WCG_UNKNOWN CGFS_UNKNOWN	/* controller absent / file unreadable */

/* A group is struct cgfs_group (kernel/cgroupfs.h): its limits and usage
 * as cgroupfs shows them; the model fills cpu_pct from two readings. */

/* The cgroup mode of the machine as detected (statfs on /sys/fs/cgroup):
 * "cgroup v2", "cgroup v1", "hybrid ..." (translated), "no cgroups". */
const char *world_cgroups_mode_name(void);
/* Where aisla's subtree is: "/sys/fs/cgroup/aisla" (v2), or
 * "/sys/fs/cgroup/<controller>/aisla" (v1: the cpu hierarchy's). */
const char *world_cgroups_base(void);

/* The groups, sorted by name. */
size_t world_cgroups_count(void);
const struct cgfs_group *world_cgroups_at(size_t i);
const struct cgfs_group *world_cgroups_find(const char *name);	/* NULL if none */

/* The aisla group a process is in (its name), or NULL if none. Reads
 * /proc/PID/cgroup (v2 line, or the v1 cpu/memory/pids lines). */
const char *world_cgroups_of_pid(pid_t pid);

/* Format a limit the way `cgroup set` takes it ("50%", "64M", "max"...),
 * for panes and checks; buf gets "" for WCG_UNKNOWN. */
void world_cgroups_fmt_cpu(const struct cgfs_group *g, char *buf, size_t n);
void world_cgroups_fmt_bytes(long long bytes, char *buf, size_t n);

/* When the model has no CPU % of g yet (cpu_pct -1: not live, or its
 * first second): the average since its processes started, read from the
 * kernel now (ps's %CPU); -1 without processes. */
double world_cgroups_cpu_avg(const struct cgfs_group *g);

/* Read the kernel now (all groups and their figures). */
void world_cgroups_refresh(void);

/* world_cgroups_init/free are declared in world.h. */

#endif
