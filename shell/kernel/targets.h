/* kernel/targets.h: the processes a word names, "PID" or "NODE" (every
 * process in the node's namespaces), as `cgroup attach`, `renice`,
 * `ionice` and the lesson checks (`nice`, `in-cgroup`, `cpu`) take it.
 * One place, so that a word means the same processes everywhere.
 */
#ifndef AISLA_KERNEL_TARGETS_H
#define AISLA_KERNEL_TARGETS_H

#include <stddef.h>
#include <sys/types.h>
#include "../err.h"

/* *pids is malloc'ed (caller frees; NULL on error); node gets the node's
 * name, or "" for a PID. Fails, with a message and a hint, when the pid
 * does not exist, the node does not exist or its holder died, or the node
 * has no process (a netns-only node). */
int target_pids(const char *word, pid_t **pids, size_t *n, char *node, size_t nsz,
		struct err *e);

#endif
