/* rootless.h: aisla without root. Started by a user (or with --rootless),
 * aisla re-enters itself in namespaces of its own before anything else
 * runs:
 *
 *   user      the user is root inside (uid and gid mapped to 0)
 *   mount     private: a tmpfs on /run (the old entries bound back, except
 *             netns/ and aisla/), so /run/netns and the journal are the
 *             session's own; a /proc of the new PID namespace
 *   network   a fresh one, lo up: the session's "host"
 *   PID       a small init (PID 1) reaps orphans, runs `aisla reset -y`
 *             after aisla (PID 2) exits, and its exit ends every process
 *             left (holders too): nothing outlives the session
 *
 * Everything aisla makes lives and dies with the session; nothing is
 * visible on the real host. cgroups work only where the user may write
 * (a v2 subtree delegated by systemd).
 */
#ifndef AISLA_ROOTLESS_H
#define AISLA_ROOTLESS_H

#include <stdbool.h>
#include "err.h"

/* Enter the rootless session. Returns 0 in the aisla process inside it
 * (the callers above it never return: they exit with aisla's status);
 * -1 with e filled (why, and the fix as the hint) when user namespaces
 * are not allowed. Must run before any thread or loop exists. */
int rootless_enter(struct err *e);
/* unshare(CLONE_NEWUSER) and map this process's uid and gid to root
 * inside; wide: the user's subordinate ids too (1..N), through newuidmap
 * and newgidmap, when the user has ranges. Single-threaded callers only. */
int rootless_userns(bool wide, struct err *e);
/* Is this aisla the one inside a rootless session? */
bool rootless_active(void);

#endif
