/* holder.h: the process that keeps a node's namespaces alive.
 *
 * holder_start() forks a short-lived "maker" that leaves aisla's session
 * (setsid), creates the namespaces (user first, mapping root with -r after
 * writing "deny" to setgroups), and forks the holder itself: with a PID
 * namespace the holder is its PID 1, a tiny init that mounts a fresh /proc,
 * reaps orphans and forwards SIGTERM/SIGINT/SIGHUP to every process of the
 * namespace before exiting. The maker writes the node's state file (holder
 * pid and start time) before it reports back, so a node is findable even
 * if aisla is killed right after the fork. Holders have no PDEATHSIG: they
 * outlive aisla by design, until `node del` or `reset`.
 */
#ifndef AISLA_HOLDER_H
#define AISLA_HOLDER_H

#include <stdbool.h>
#include <sys/types.h>
#include "../shell/err.h"

struct holder_spec {
	const char *name;	/* node name */
	unsigned mask;		/* NS_* (PID implies MNT: the caller adds it) */
	bool map_root;		/* -r: uid/gid 0 inside = caller's euid/egid */
	const char *hostname;	/* NULL: keep */
	const char *root;	/* absolute directory, NULL: keep / */
	const char *state_path;	/* state file written by the maker */
	const char *id;		/* identity token, also in the journal */
};

/* Make the namespaces and start the holder. On success *pid and *start
 * identify it (host pid, start time in clock ticks). */
int holder_start(const struct holder_spec *s, pid_t *pid, unsigned long long *start,
		 struct err *e);


/* In a process that just made a user namespace: map uid and gid (as
 * seen outside) to root inside, writing setgroups "deny" first. */
int holder_map_root(uid_t uid, gid_t gid, struct err *e);

#endif
