/* load.h: the teaching props (`load cpu|mem|forks`).
 *
 * A prop is aisla itself re-executed (/proc/self/exe) as "aisla load-prop
 * cpu" (what ps and the panes show: no internal path) with the hidden
 * first argument LOAD_ARGV1, so it needs no other program and works in a
 * node (node_run) or a group (joined before exec). The long-lived props
 * (cpu, mem) are journaled (kind "load": pid + start time) and killed by
 * `reset`, `cgroup del` and the group's undo.
 */
#ifndef AISLA_LOAD_H
#define AISLA_LOAD_H

#include <sys/types.h>
#include "../shell/journal.h"

#define LOAD_ARGV1 "load-prop"

/* main() calls this when argv[1] is LOAD_ARGV1 (argv shifted by one:
 * argv[0] = LOAD_ARGV1, argv[1] = cpu|mem|forks, ...). Returns the exit
 * status. */
int load_main(int argc, char **argv);

/* The journal kinds of the processes aisla starts that outlive the
 * command: "load" (a prop) and "proc" (`nice CMD`...). A record carries
 * pid= and start= (field 22 of /proc/PID/stat): reset's kill phase ends
 * every such process at once; the kinds' undo is the same check and
 * kill, for a record the phase did not settle. */
extern const struct journal_kind load_kind, proc_kind;

/* In the child, after fork and before exec: write its own pid and start
 * time into record seq (a journal step), so that reset finds it even when
 * aisla dies before its own journal_done. Not in a child that entered a
 * PID namespace (getpid() is not the host's pid there). */
int proc_journal_self(unsigned long seq, struct err *e);
/* In the parent once the child runs: confirm seq with pid and start. */
int proc_journal_done(unsigned long seq, pid_t pid, struct err *e);

#endif
