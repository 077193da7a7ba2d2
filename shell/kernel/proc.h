/* proc.h: readers and scans of /proc: a process's start time (its
 * identity with the pid), whether it still lives, and the processes that
 * are in given namespaces. No aisla policy here.
 */
#ifndef AISLA_KERNEL_PROC_H
#define AISLA_KERNEL_PROC_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* Start time of pid (field 22 of /proc/PID/stat, clock ticks since
 * boot); 0 if there is no such process. */
unsigned long long proc_starttime(pid_t pid);
/* The same, read through procfd (a /proc opened earlier, e.g. before a
 * change of root); procfd -1: our /proc. */
unsigned long long proc_starttime_at(int procfd, pid_t pid);
/* Is pid a live process (not a zombie) started at start (0: any)? */
bool proc_alive(pid_t pid, unsigned long long start);

/* Processes (not aisla itself) whose namespace i has inode ns[i] for
 * some i (0 = skip). *out is malloc'ed; the caller frees it. -1 when
 * /proc cannot be read. */
int proc_scan_by_ns(const unsigned long ns[7], pid_t **out, size_t *n);

#endif
