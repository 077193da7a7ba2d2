/* world/procs.h: the process side of the model (read-only).
 *
 * A table of every process of the machine, read from /proc and kept up to
 * date by the proc connector (fork/exec/exit events, which arrive with
 * global pids) plus a 1 Hz refresh of CPU and memory figures. Only the
 * processes an event names are re-read; the whole of /proc is rescanned at
 * start and after the connector overflows (ENOBUFS). Without the connector
 * (not root, or batch mode) the table is rescanned on demand
 * (procs_refresh(), world_sync()).
 *
 * Panes, `ps`, `node list`, `status` and lesson checks read it through the
 * functions below. Pointers returned are borrowed and valid until the next
 * loop turn (the next event may move or free them): copy what you keep.
 *
 * Namespace types are indexed in the order of shell/kernel/ns.h's NS_* bits
 * (bit i = 1 << i): net, pid, user, mnt, uts, ipc, cgroup.
 */
#ifndef AISLA_WORLD_PROCS_H
#define AISLA_WORLD_PROCS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

enum procs_ns {
	PNS_NET, PNS_PID, PNS_USER, PNS_MNT, PNS_UTS, PNS_IPC, PNS_CGROUP,
	PNS_COUNT
};

#define PROCS_NSPID_MAX 8
#define PROCS_UID_UNMAPPED ((uid_t)65534)	/* the overflow user */

struct proc {
	pid_t pid;		/* as the host sees it */
	pid_t ppid;		/* as the host sees it (0 for the roots) */
	int nnspid;		/* entries in nspid */
	pid_t nspid[PROCS_NSPID_MAX];	/* NSpid: [0] = host pid ... [nnspid-1] = pid
				 * inside its own (innermost) PID namespace */
	unsigned long ns[PNS_COUNT];	/* namespace inodes; 0 when unreadable */
	uid_t uid;		/* real uid as the host sees it */
	uid_t uid_inside;	/* the same uid inside the process's user
				 * namespace (PROCS_UID_UNMAPPED if unmapped) */
	char root[128];		/* its / as a host path ("/" normally; a chroot
				 * dir; "?" when in another mount ns and unknown) */
	char cgroup[128];	/* v2 path, or the v1 cpu (else first) hierarchy path */
	int nice;
	double cpu;		/* percent of one CPU over the last second */
	unsigned long rss_kb;
	unsigned long long start;	/* start time, clock ticks since boot:
				 * (pid, start) identifies a process */
	char comm[16];
	char cmdline[160];	/* argv joined by spaces; "[comm]" for kernel threads */
	bool kthread;
	bool dead;		/* exited: lingers a moment, highlighted */
	uint64_t born_ms;	/* loop_now_ms() when first seen (0: at the initial scan) */
	uint64_t changed_ms;	/* last exec/exit/change seen (for highlighting) */
};

/* The table, sorted by pid. Includes dead processes still lingering
 * (p->dead). */
size_t procs_count(void);
const struct proc *procs_at(size_t i);
/* A process by host pid (NULL if unknown). */
const struct proc *procs_find(pid_t pid);

/* Name of a namespace type: "net", "pid", "user", "mnt", "uts", "ipc", "cgroup". */
const char *procs_ns_name(int type);
/* The node owning namespace inode of that type (its name), or NULL when
 * the namespace is not a node's ("host" for aisla's own namespaces). */
const char *procs_node_of_ns(int type, unsigned long inode);
/* The node a process belongs to (the node of its innermost non-host
 * namespace), or NULL if it runs in the host's namespaces. */
const char *procs_node_of(const struct proc *p);

/* The tree builder (pure: unit-tested on synthetic data). Orders n
 * processes depth-first by parent (children by pid); a process whose
 * parent is not in the set is a root. For each it gives its depth and a
 * prefix to draw before the name ("│  ├─ "), UTF-8, at most
 * PROCS_PREFIX_MAX bytes (deeper levels are elided with "…"). */
#define PROCS_PREFIX_MAX 64
struct proc_row {
	const struct proc *p;
	int depth;
	bool last;		/* last child of its parent */
	char prefix[PROCS_PREFIX_MAX];
};
/* rows must hold n entries. Returns the number of rows (== n). */
size_t procs_tree(const struct proc *const *procs, size_t n, struct proc_row *rows);

/* Processes matching a filter, tree-ordered: every process (node NULL),
 * or those of one node (by namespace inode). hide_kthreads drops kernel
 * threads. *rows is malloc'ed; the caller frees it. Returns the count. */
size_t procs_tree_rows(const char *node, bool hide_kthreads, struct proc_row **rows);

/* Read the kernel now (rescan /proc; drains the connector when live). */
void procs_refresh(void);
/* Bring the table current for a one-shot reader (`status`): a fresh
 * read when not live; live, the events keep it current. */
void procs_sync(void);
/* Read one process from /proc into p (pure reader, used by the model and
 * by the lesson checks). Returns 0, or -1 if the process is gone. */
int procs_read(pid_t pid, struct proc *p);

/* Has the live connector been started (root and initial netns)? */
bool procs_live(void);
/* How many full rescans the connector's overflow (ENOBUFS) caused. */
unsigned procs_resyncs(void);
/* The 1 Hz refresh of CPU, nice and memory (and of what no event
 * announces) runs only while on (default on). The TUI turns it off while
 * no pane shows processes: then only events wake the model up. Turning it
 * on brings the table up to date at once. Watchers are told
 * (WORLD_PROCS) only when something visible changed. */
void procs_set_figures(bool on);
/* Whose figures the tick refreshes: only the processes that matter (the
 * default), or every process (a pane showing them all). */
void procs_set_figures_all(bool all);
/* Does p matter: in a node, or a descendant of aisla (not aisla itself). */
bool procs_matters(const struct proc *p);

#endif
