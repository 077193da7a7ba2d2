/* teardown.h: reset's phases for processes and namespaces (issue 11).
 *
 * Reset does not undo a node at a time. It runs, before the kinds' own
 * undo (journal.h, struct journal_phase):
 *
 *   1. kill     every holder and process in the journal (records with
 *               holder= or pid= plus start=) and every process inside a
 *               namespace about to go, all at once, then wait for all of
 *               them on their pidfds (readable at exit, before the reap:
 *               a zombie is dead; nobody waits for PID 1 to reap);
 *   2. netns    unmount and delete every network namespace proven
 *               aisla's (netns cookie, see nsid.h) together, after
 *               putting back the interfaces moved into them;
 *   3. links    wait, on link events, with a bound, for the host ends of
 *               the veths that die with those namespaces.
 *
 * What a phase could not settle is left to the kind's undo, newest
 * first, which deletes it on its own or reports it.
 */
#ifndef AISLA_TEARDOWN_H
#define AISLA_TEARDOWN_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include "../shell/journal.h"

/* Did this reset delete the network namespace with this identity
 * ("c:COOKIE")? Records of things inside it went with it. */
bool teardown_nsid_gone(const char *nsid);

/* pidfd_open(pid, 0) and pidfd_send_signal(fd, SIGKILL): -1 + errno. */
int pidfd_open_pid(pid_t pid);
int pidfd_kill(int pidfd);

/* The identity of a /run/netns placeholder file, "INO.BTIME" (birth
 * time in ns; the change time where there is none), read at dirfd/name
 * (name "": dirfd itself), without following a mount on top of it. */
int netns_placeholder_id(int dirfd, const char *name, char *id, size_t sz);

/* Is the file under the bind mount at /run/netns/NAME the placeholder
 * with identity want (netns_placeholder_id)? */
bool netns_placeholder_is(const char *name, const char *want);

extern const struct journal_phase teardown_phase_kill;
extern const struct journal_phase teardown_phase_netns;
extern const struct journal_phase teardown_phase_links;

#endif
