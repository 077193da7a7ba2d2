/* enter.h: entering a node from a forked child, and running a command
 * there (node_run): the engine of `exec`, `ping`, `load -n`, nsenter,
 * unshare's foreground mode and the lesson checks' `in NODE`. Kernel
 * access with no aisla policy; uses nodes.h, ns.h and run.h. */
#ifndef AISLA_KERNEL_ENTER_H
#define AISLA_KERNEL_ENTER_H

#include <stdbool.h>
#include <sys/types.h>
#include "../err.h"

/* Run argv inside NODE (all its namespaces, its root, its cgroup): the
 * engine of `exec`, `ping`, `load -n`. Mode as in run.h. */
struct run_spec;
int node_run(const char *node, const struct run_spec *spec, int *status, pid_t *pid,
	     struct err *e);

/* Fill e for a failed unshare()/setns() with a hint that teaches (which
 * capability, which sysctl). clone_flags as given to unshare. Returns -1. */
int node_ns_errno(struct err *e, int errnum, int clone_flags, const char *what);

/* Entering a node or a process from a forked child (used by node_run,
 * nsenter and unshare's foreground mode). Prepare in the parent (opens
 * fds), apply in the child. mask: namespaces to enter (0 = all of the
 * target's that differ from ours). */
struct node_enter {
	pid_t target;		/* process whose namespaces we join (0: netns only) */
	int pidfd;		/* pidfd_open(target) or -1 */
	int nsfd[7];		/* per-namespace fds (fallback), -1 if unused */
	int rootfd;		/* target's root (O_PATH), -1: keep ours */
	int cwdfd;		/* target's cwd, -1: / after the root change */
	unsigned mask;
	char cgroup_procs[8][640];	/* cgroup.procs files to join (host paths) */
	int ncgroup;
	bool fork_for_pid;	/* joined a PID ns: fork once more after setns */
};
int node_enter_prepare(struct node_enter *ne, const char *node, pid_t target,
		       unsigned mask, bool with_root, bool with_cgroup, struct err *e);
/* In the child: join everything; with fork_for_pid, forks and the
 * calling process becomes a waiter that exits as the real child does. */
int node_enter_apply(struct node_enter *ne, struct err *e);
void node_enter_release(struct node_enter *ne);

/* In a forked child that just joined or made a PID namespace: the real
 * work must happen in a child of it. Called with that child's pid, the
 * caller becomes a waiter (closes its close-on-exec fds, forwards
 * termination, exits as the child does). Never returns. */
void node_wait_child(pid_t child) __attribute__((noreturn));
/* In that child: if the terminal is ours, become its own process group
 * and take the terminal (see enter.c). */
void node_take_tty(void);

/* Rewrite the process's command line as seen in /proc (setproctitle).
 * Call proc_title_prepare() before changing namespaces: it reads the
 * bounds of the argv area from /proc/self/stat. */
void proc_title_prepare(void);
void proc_set_title(const char *title);

#endif
