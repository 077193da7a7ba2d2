/* cgroup.h: aisla's control groups on cgroup v1 and v2 (crun's shape).
 *
 * The mode is detected once (statfs on /sys/fs/cgroup): cgroup2 magic is
 * v2; a tmpfs whose `unified` is cgroup2 is hybrid (the controllers are
 * v1, the v2 tree is empty: we use v1); any other tmpfs is v1. Each
 * version has a backend (cgroup-v1.c, cgroup-v2.c) behind struct
 * cg_backend; everything else here is shared.
 *
 * aisla keeps its groups under its own subtree `aisla/`:
 *  - v1: in each hierarchy it uses (cpu, cpuacct, cpuset, memory, pids,
 *    blkio), at the hierarchy's root: /sys/fs/cgroup/memory/aisla/NAME.
 *  - v2: under a base where the caller may create groups: the root
 *    (/sys/fs/cgroup) for root, else the nearest delegated ancestor of
 *    aisla's own cgroup. aisla/ never holds processes (the v2
 *    no-internal-processes rule), so controllers can be enabled in its
 *    cgroup.subtree_control; the groups are leaves.
 *
 * AISLA_CGROUP_ROOT (tests only) replaces /sys/fs/cgroup for the
 * detection and the v2 base: pointed at a hybrid machine's empty
 * `unified` tree it exercises the v2 paths without controllers.
 *
 * Every directory aisla makes is journaled (intent before mkdir, done
 * with path and inode); so are the controllers it enables in a parent
 * and the load props. Undo moves remaining processes to the base (load
 * props are killed) and removes only a directory whose inode matches.
 */
#ifndef AISLA_CGROUP_H
#define AISLA_CGROUP_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include "../shell/err.h"

struct wcg_group;

#define CG_ROOT "/sys/fs/cgroup"
#define CG_SUBTREE "aisla"
#define CG_NAME_MAX 63

enum cg_mode { CG_NONE, CG_V1, CG_HYBRID, CG_V2 };

/* Controllers aisla uses, v2 names (v1: io is "blkio"; cpuacct is v1 only). */
enum cg_ctl { CGC_CPU, CGC_CPUACCT, CGC_CPUSET, CGC_MEMORY, CGC_PIDS, CGC_IO, CGC_COUNT };

/* The detected mode (cached). */
enum cg_mode cg_mode(void);
const char *cg_mode_name(void);		/* translated */
/* Is v1 in effect (v1 or hybrid)? */
bool cg_is_v1(void);
/* Name of a controller as the running version spells it. */
const char *cg_ctl_name(int ctl);
/* Find the hierarchies (v1 mounts, or the v2 base) and the available
 * controllers. Cached; fails when there is no cgroupfs at all. */
int cg_setup(struct err *e);
bool cg_have(int ctl);
/* "cpu memory pids ..." controllers available, for messages. */
void cg_have_list(char *buf, size_t n);

/* Where aisla's subtree is (v2: "/sys/fs/cgroup/aisla"; v1: the cpu
 * hierarchy's, else the first). Borrowed; "" before cg_setup. */
const char *cg_subtree_dir(void);
/* The directory of group NAME in the hierarchy of ctl (false if that
 * controller is absent). */
bool cg_group_dir(const char *name, int ctl, char *buf, size_t n);

/* The directories of NAME, one per hierarchy (NAME NULL: aisla/
 * itself); masks[i] gets the controllers (1 << CGC_*) of each. Returns
 * how many (0 without cgroups). */
int cg_dirs(const char *name, char (*dirs)[320], int *masks, int max);

/* "PID" or "NODE" -> the processes (a node: every process in its
 * namespaces). *pids is malloc'ed (caller frees); node gets the node's
 * name, or "" for a PID. */
int cg_targets(const char *word, pid_t **pids, size_t *n, char *node, size_t nsz,
	       struct err *e);

/* A group name: 1-63 of [A-Za-z0-9_.-], not starting with - or . */
int cg_name_valid(const char *name, struct err *e);
/* Does group NAME exist (in every hierarchy aisla uses)? */
bool cg_exists(const char *name);
/* Call fn for each group found under aisla/ (sorted by name). */
void cg_foreach(void (*fn)(const char *name, void *arg), void *arg);

/* Create / remove a group (journaled). cg_del refuses a group aisla's
 * journal does not know, and one with processes unless they are load
 * props (which it kills). */
int cg_add(const char *name, struct err *e);
int cg_del(const char *name, struct err *e);
/* Move one process (and so its future children) into the group. */
int cg_attach(const char *name, pid_t pid, struct err *e);

/* For a child that must start inside a group: open the group's
 * cgroup.procs in every hierarchy (O_WRONLY|O_CLOEXEC) in the parent,
 * then in the child (after fork, before exec; any namespace)
 * cg_join_fds() writes "0" to each. */
#define CG_MAX_FDS 8
struct cg_join {
	int n;
	int fd[CG_MAX_FDS];
};
int cg_join_open(const char *name, struct cg_join *j, struct err *e);
int cg_join_fds(const struct cg_join *j, struct err *e);
void cg_join_close(struct cg_join *j);

/* ---- limits ---- */

/* Friendly keys (the same on both versions). */
enum cg_key { CGK_CPU, CGK_WEIGHT, CGK_MEMORY, CGK_PIDS, CGK_CPUSET, CGK_IO, CGK_RAW };

#define CG_MAX (-1LL)	/* "max" */
#define CG_UNSET (-2LL)

struct cg_value {
	enum cg_key key;
	int ctl;		/* controller the key needs */
	long long quota, period;	/* cpu: quota us (CG_MAX) and period us */
	long long num;		/* cpu.weight, memory bytes (CG_MAX), pids (CG_MAX) */
	char str[128];		/* cpuset (canonical list), raw value */
	char raw_file[64];	/* CGK_RAW: the controller file */
	struct {		/* io: one device */
		unsigned maj, min;
		long long rbps, wbps, riops, wiops;	/* CG_UNSET / CG_MAX / N */
	} io;
};

/* Parse KEY VALUE into v: every check that needs no kernel write (the
 * key exists, the controller is here, the value is well formed and in
 * range: CPUs exist, the block device exists). */
int cg_parse(const char *key, const char *value, struct cg_value *v, struct err *e);

/* One file write of a plan. */
#define CG_PLAN_MAX 8
struct cg_write {
	char path[256];		/* full path of the controller file */
	char file[64];		/* its name ("cpu.cfs_quota_us") */
	char value[160];
};
struct cg_plan {
	int n;
	struct cg_write w[CG_PLAN_MAX];
};
/* Translate a parsed value into the writes of the running version. */
int cg_plan_set(const char *name, const struct cg_value *v, struct cg_plan *p, struct err *e);
/* Do the writes in order; on a failure restore what was already
 * written (old values read first) and report the kernel's errno. */
int cg_plan_apply(const struct cg_plan *p, struct err *e);

/* Read a group's limits and usage (no CPU % here: world computes it). */
int cg_read(const char *name, struct wcg_group *g);
/* The current value of a friendly key in the form `cgroup set` takes
 * ("50%", "20000 100000", "64M", "max", "0-1"), for lesson checks. */
int cg_get(const char *name, const char *key, char *buf, size_t n, struct err *e);

/* ---- pure helpers (unit-tested) ---- */

/* "64M", "1G", "512K", "1048576", "max" (CG_MAX when allow_max). */
int cg_parse_size(const char *s, bool allow_max, long long *out, struct err *e);
/* "50%", "QUOTA PERIOD" (µs), "QUOTA", "max". */
int cg_parse_cpu(const char *s, long long *quota, long long *period, struct err *e);
/* "0-1,3" against CPUs 0..ncpu-1 (online list in online, may be NULL);
 * canonical form in out. */
int cg_parse_cpuset(const char *s, const char *online, char *out, size_t n, struct err *e);
/* crun's linear maps: shares 2..262144 <-> weight 1..10000. */
unsigned long long cg_shares_to_weight(unsigned long long shares);
unsigned long long cg_weight_to_shares(unsigned long long weight);
/* 67108864 -> "64M" (exact binary units, else bytes). */
void cg_fmt_bytes(long long b, char *buf, size_t n);

/* ---- backends ---- */

struct cg_backend {
	const char *name;
	/* Prepare a fresh subtree directory (v2: enable controllers). */
	int (*init_subtree)(const char *dir, int ctl_mask, struct err *e);
	/* Initialise a new group's directory in the hierarchy of ctl_mask
	 * (v1 cpuset: copy cpus and mems from the parent). */
	int (*init_group)(const char *dir, int ctl_mask, struct err *e);
	int (*plan)(const char *name, const struct cg_value *v, struct cg_plan *p, struct err *e);
	/* Fill g's limits and usage (g is pre-set to unknown values). */
	int (*read)(const char *name, struct wcg_group *g);
};
extern const struct cg_backend cg_backend_v1, cg_backend_v2;
const struct cg_backend *cg_backend(void);

/* Shared helpers for the backends. */
int cg_read_file(const char *path, char *buf, size_t n);	/* -1 on error */
/* The value of "KEY N" in a flat keyed file (cpu.stat, memory.events,
 * pids.events); WCG_UNKNOWN if absent. */
long long cg_field_of(const char *path, const char *key);
long long cg_read_ll(const char *path);			/* "max" -> CG_MAX; error -> CG_UNSET */
int cg_plan_add(struct cg_plan *p, const char *dir, const char *file, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* The key names, for messages and completion. */
extern const char *const cg_friendly_keys[];

/* Register completion providers ("CGROUP", "KEY", "LOAD"). Call once at start. */
void cgroup_init(void);

#endif
