/* load.h: the teaching props (`load cpu|mem|forks`).
 *
 * A prop is aisla itself re-executed (/proc/self/exe) with the hidden
 * first argument LOAD_ARGV1, so it needs no other program and works in a
 * node (node_run) or a group (joined before exec). The long-lived props
 * (cpu, mem) are journaled (kind "load": pid + start time) and killed by
 * `reset`, `cgroup del` and the group's undo.
 */
#ifndef AISLA_LOAD_H
#define AISLA_LOAD_H

#include <sys/types.h>
#include "../shell/journal.h"

#define LOAD_ARGV1 "__aisla-load"

/* main() calls this when argv[1] is LOAD_ARGV1 (argv shifted by one:
 * argv[0] = LOAD_ARGV1, argv[1] = cpu|mem|forks, ...). Returns the exit
 * status. */
int load_main(int argc, char **argv);

/* The journal kind of a prop. */
extern const struct journal_kind load_kind;

/* Start time of a process (clock ticks since boot, field 22 of
 * /proc/PID/stat); 0 if it does not exist. */
unsigned long long load_starttime(pid_t pid);

#endif
