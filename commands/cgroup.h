/* cgroup.h: aisla's control groups, the side that changes the kernel
 * (crun's split by job):
 *   shell/kernel/cgroupfs*.c  mode, hierarchies, reading (no policy)
 *   cgroup-parse.c            the friendly keys and their values (pure)
 *   cgroup-v1.c, cgroup-v2.c  which files a value becomes per version
 *                             (pure plans) and preparing new directories
 *   cgroup.c                  aisla's subtree and groups: add, del,
 *                             attach, join, writing plans, journal kinds
 *
 * aisla keeps its groups under its own subtree `aisla/` (see
 * cgroupfs.h for where it is on v1 and v2). On v2, aisla/ never holds
 * processes (the no-internal-processes rule), so controllers can be
 * enabled in its cgroup.subtree_control; the groups are leaves.
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
#include "../shell/complete.h"
#include "../shell/err.h"
#include "../shell/kernel/cgroupfs.h"

#define CG_NAME_MAX 63

#define CG_MAX CGFS_MAX		/* "max" */
#define CG_UNSET CGFS_UNKNOWN	/* not given */

/* A group name: 1-63 of [A-Za-z0-9_.-], not starting with - or . */
int cg_name_valid(const char *name, struct err *e);

/* Create / remove a group (journaled). cg_del refuses a group aisla's
 * journal does not know, and one with processes unless they are load
 * props (which it kills). */
/* "the group NAME does not exist", with the nearest existing names as a
 * hint ("did you mean 'web'?"), else how to make it. Returns -1. */
int cg_unknown(const char *name, struct err *e);
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

/* ---- limits: friendly keys and their values (cgroup-parse.c) ---- */

/* Friendly keys (the same on both versions). */
enum cg_key { CGK_CPU, CGK_WEIGHT, CGK_MEMORY, CGK_PIDS, CGK_CPUSET, CGK_IO, CGK_RAW };

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

/* The current value of a key in the form `cgroup set` takes ("50%",
 * "20000 100000", "64M", "max", "0-1"), or a raw controller file's. */
int cg_get(const char *name, const char *key, char *buf, size_t n, struct err *e);

/* Pure parsers (unit-tested). */
/* "64M", "1G", "512K", "1048576", "max" (CG_MAX when allow_max). */
int cg_parse_size(const char *s, bool allow_max, long long *out, struct err *e);
/* "50%", "QUOTA PERIOD" (µs), "QUOTA", "max". */
int cg_parse_cpu(const char *s, long long *quota, long long *period, struct err *e);
/* "0-1,3" against CPUs 0..ncpu-1 (online list in online, may be NULL);
 * canonical form in out. */
int cg_parse_cpuset(const char *s, const char *online, char *out, size_t n, struct err *e);
/* "MAJ:MIN rbps=N wbps=N riops=N wiops=N" or "/dev/X ..." into v->io.
 * resolve checks the device (a path or "MAJ:MIN" as written) and gives
 * its numbers: the kernel's answer, kept out so the parser stays pure. */
typedef int (*cg_dev_resolve_fn)(const char *dev, unsigned *maj, unsigned *min, struct err *e);
int cg_parse_io(const char *s, cg_dev_resolve_fn resolve, struct cg_value *v, struct err *e);
/* The key names, for messages and completion. */
extern const char *const cg_friendly_keys[];

/* ---- plans: the writes a value becomes ---- */

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
int cg_plan_add(struct cg_plan *p, const char *dir, const char *file, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* What a plan depends on beyond the value: the files the kernel has. */
struct cg_facts {
	bool memsw;		/* v1: memory.memsw.limit_in_bytes exists */
	long long mem_limit;	/* v1: memory.limit_in_bytes now (CG_UNSET if unknown) */
	bool swap;		/* v2: memory.swap.max exists */
};
/* Translate a parsed value into the writes of the running version. */
int cg_plan_set(const char *name, const struct cg_value *v, struct cg_plan *p, struct err *e);
/* Do the writes in order; on a failure restore what was already
 * written (old values read first) and report the kernel's errno. */
int cg_plan_apply(const struct cg_plan *p, struct err *e);

/* ---- the write side of each version (cgroup-v1.c, cgroup-v2.c) ---- */

struct cg_backend {
	const char *name;
	/* Prepare a fresh subtree directory (v2: enable controllers). */
	int (*init_subtree)(const char *dir, int ctl_mask, struct err *e);
	/* Initialise a new group's directory in the hierarchy of ctl_mask
	 * (v1 cpuset: copy cpus and mems from the parent). */
	int (*init_group)(const char *dir, int ctl_mask, struct err *e);
	/* The writes of v to the group directory dir (pure). */
	int (*plan)(const char *dir, const struct cg_value *v, const struct cg_facts *f,
		    struct cg_plan *p, struct err *e);
};
extern const struct cg_backend cg_backend_v1, cg_backend_v2;
const struct cg_backend *cg_backend(void);

/* The cgroup section of `status` (cmd-cgroup.c). */
void cgroup_status(void);

/* Completion kinds (cmd_kinds[]): CGROUP (aisla's groups), KEY
 * (the friendly keys, and the controller files after a '.'), LOAD
 * (cpu, mem, forks). */
void complete_cgroup(const char *prefix, complete_add_fn add, void *ctx);
void complete_key(const char *prefix, complete_add_fn add, void *ctx);
void complete_load(const char *prefix, complete_add_fn add, void *ctx);

#endif
