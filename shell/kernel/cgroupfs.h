/* kernel/cgroupfs.h: cgroupfs as the kernel shows it, v1 and v2 (crun's
 * shape), with no aisla policy: where the hierarchies are, which
 * controllers each has, what a group's files say. Nothing here makes,
 * removes or writes a group: commands/cgroup*.c do (with the journal).
 *
 * The mode is detected once (statfs on /sys/fs/cgroup): cgroup2 magic is
 * v2; a tmpfs whose `unified` is cgroup2 is hybrid (the controllers are
 * v1, the v2 tree is empty: v1 is used); any other tmpfs is v1. The
 * figures of a group are read by the backend of the running version
 * (cgroupfs-v1.c, cgroupfs-v2.c); this file holds what both share.
 *
 * aisla's groups live under one subtree `aisla/` (CGFS_SUBTREE):
 *  - v1: in each hierarchy used (cpu, cpuacct, cpuset, memory, pids,
 *    blkio), at the hierarchy's root: /sys/fs/cgroup/memory/aisla/NAME.
 *  - v2: under a base where the caller may create groups: the root
 *    (/sys/fs/cgroup) for root, else the nearest delegated ancestor of
 *    our own cgroup.
 *
 * AISLA_CGROUP_ROOT (tests only) replaces /sys/fs/cgroup for the
 * detection and the v2 base: pointed at a hybrid machine's empty
 * `unified` tree it exercises the v2 paths without controllers.
 *
 * Uses only libc and shell/err.h, shell/i18n.h.
 */
#ifndef AISLA_KERNEL_CGROUPFS_H
#define AISLA_KERNEL_CGROUPFS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include "../err.h"

#define CGFS_ROOT "/sys/fs/cgroup"
#define CGFS_SUBTREE "aisla"
#define CGFS_NAME_MAX 64	/* a group name's buffer (names are 1-63) */

#define CGFS_MAX (-1LL)		/* "max": no limit */
#define CGFS_UNKNOWN (-2LL)	/* controller absent / file unreadable */

enum cgfs_mode { CGFS_NONE, CGFS_V1, CGFS_HYBRID, CGFS_V2 };

/* Controllers aisla uses, v2 names (v1: io is "blkio"; cpuacct is v1 only). */
enum cg_ctl { CGC_CPU, CGC_CPUACCT, CGC_CPUSET, CGC_MEMORY, CGC_PIDS, CGC_IO, CGC_COUNT };

/* The detected mode (cached). */
enum cgfs_mode cgfs_mode(void);
const char *cgfs_mode_name(void);		/* translated */
/* Is v1 in effect (v1 or hybrid)? */
bool cgfs_is_v1(void);
/* Name of a controller as the running version spells it. */
const char *cgfs_ctl_name(int ctl);

/* Find the hierarchies (v1 mounts, or the v2 base) and the available
 * controllers. Cached; fails when there is no cgroupfs at all. */
int cgfs_setup(struct err *e);
bool cgfs_have(int ctl);
/* "cpu, memory, pids ..." controllers available, for messages. */
void cgfs_have_list(char *buf, size_t n);

/* One hierarchy: a v1 mount (one or more controllers), or the v2 base. */
struct cgfs_hier {
	char mnt[192];		/* where aisla/ is (v1: the mount; v2: the base) */
	int mask;		/* 1 << CGC_* */
};
/* The hierarchies (borrowed array; count returned, 0 before setup). */
int cgfs_hiers(const struct cgfs_hier **h);
/* The hierarchy whose aisla/ names a group (the cpu one, else the first). */
int cgfs_main_hier(void);
/* The directory of NAME in hierarchy h (NULL or "": aisla/ itself). */
void cgfs_hier_dir(int h, const char *name, char *buf, size_t n);

/* Where aisla's subtree is (v2: "/sys/fs/cgroup/aisla"; v1: the cpu
 * hierarchy's, else the first). Borrowed; "" without cgroups. */
const char *cgfs_subtree_dir(void);
/* The directory of group NAME in the hierarchy of ctl (false if that
 * controller is absent). */
bool cgfs_group_dir(const char *name, int ctl, char *buf, size_t n);
/* The directories of NAME, one per hierarchy (NAME NULL: aisla/
 * itself); masks[i] gets the controllers of each. Returns how many. */
int cgfs_dirs(const char *name, char (*dirs)[320], int *masks, int max);

/* Does group NAME exist (in every hierarchy)? */
bool cgfs_exists(const char *name);
/* Call fn for each group found under aisla/ (sorted by name). */
void cgfs_foreach(void (*fn)(const char *name, void *arg), void *arg);

/* ---- files ---- */

int cgfs_read_file(const char *path, char *buf, size_t n);	/* -1 on error */
/* "max" -> CGFS_MAX; unreadable -> CGFS_UNKNOWN. */
long long cgfs_read_ll(const char *path);
/* The same for DIR/FILE. */
long long cgfs_read_ll_at(const char *dir, const char *file);
/* The value of "KEY N" in a flat keyed file (cpu.stat, memory.events,
 * pids.events); CGFS_UNKNOWN if absent. */
long long cgfs_field_of(const char *path, const char *key);
long long cgfs_field_at(const char *dir, const char *file, const char *key);
/* Write value to dir/file through openat (one write, as echo does);
 * -1 with errno. */
int cgfs_write_at(const char *dir, const char *file, const char *value);
int cgfs_write_path(const char *path, const char *value);
/* The pids in DIR/cgroup.procs (*pids malloc'ed, caller frees, also on
 * error). */
int cgfs_procs(const char *dir, pid_t **pids, size_t *n);

/* ---- one group's figures ---- */

struct cgfs_group {
	char name[CGFS_NAME_MAX];	/* "web": the directory under aisla/ */
	char path[256];		/* v2: its directory; v1: the cpu hierarchy's
				 * (else the first found) */

	/* Limits (CGFS_MAX = max, CGFS_UNKNOWN = no such controller). */
	long long cpu_quota_us;	/* with cpu_period_us */
	long long cpu_period_us;
	long long cpu_weight;	/* 1-10000 (v1: cpu.shares translated as crun does) */
	long long mem_max;	/* bytes */
	long long pids_max;
	char cpuset[64];	/* "0-1"; "" = not restricted (inherits) */
	char io[128];		/* v2 io.max lines / v1 throttle entries,
				 * as "8:0 rbps=N wbps=N; ..."; "" if none */

	/* Usage. */
	double cpu_pct;		/* % of ONE CPU over an interval (100 = one
				 * CPU busy): one reading cannot tell, the
				 * reader leaves -1; who samples twice fills it */
	unsigned long long cpu_usage_us;	/* cumulative CPU time */
	long long mem_current;	/* bytes */
	long long mem_peak;	/* bytes, highest seen by the kernel */
	long long pids_current;	/* tasks in the group (pids controller) */
	long long pids_refused;	/* forks the pids limit refused (pids.events max) */
	long long oom_kills;	/* processes the OOM killer killed in it */
	size_t nprocs;		/* processes (cgroup.procs) */
	pid_t procs[32];	/* the first of them, sorted */
};

/* Read a group's limits and usage; -1 if it does not exist. */
int cgfs_read(const char *name, struct cgfs_group *g);
/* The CPU the processes now in DIR used, as ps's %CPU: each one's CPU
 * time over its lifetime (/proc/PID/stat), summed; % of one CPU. What
 * the kernel can say of a rate from one reading; -1 without processes. */
double cgfs_cpu_avg(const char *dir);

/* The version backends (cgroupfs-v1.c, cgroupfs-v2.c): fill what only
 * that version spells (g is pre-set to unknown values). */
int cgfs_v1_read(const char *name, struct cgfs_group *g);
int cgfs_v2_read(const char *name, struct cgfs_group *g);

/* ---- units (pure, unit-tested) ---- */

/* 67108864 -> "64M" (exact binary units, else one decimal); CGFS_MAX -> "max". */
void cgfs_fmt_bytes(long long b, char *buf, size_t n);
/* crun's linear maps: shares 2..262144 <-> weight 1..10000. */
unsigned long long cgfs_shares_to_weight(unsigned long long shares);
unsigned long long cgfs_weight_to_shares(unsigned long long weight);

#endif
