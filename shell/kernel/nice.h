/* kernel/nice.h: the niceness of a process as the kernel takes it
 * (setpriority: -20, the most favoured, to 19), parsed in one place for
 * `nice`, `renice`, `load --nice` and the lesson check `nice`.
 */
#ifndef AISLA_KERNEL_NICE_H
#define AISLA_KERNEL_NICE_H

#include <stdbool.h>
#include "../err.h"

#define NICE_MIN (-20)
#define NICE_MAX 19

/* "N" (a whole number in NICE_MIN..NICE_MAX, nothing after it) -> *out.
 * Pure; false if s is not one. */
bool nice_parse(const char *s, int *out);

/* nice_parse with the error a user reads. for_start: the value is for a
 * process aisla starts (nice, load), where a negative one needs root,
 * said before anything starts; renice reports the kernel's EPERM
 * instead, for it depends on the process's current value. */
int nice_value(const char *s, bool for_start, int *out, struct err *e);

#endif
