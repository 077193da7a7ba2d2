/* needs.h: the words of a lesson's `needs:` (root, busybox, cgroups...),
 * checked against this machine before step 1. The checks are those of
 * `aisla doctor` (probe.h); probe.c defines these two functions. */
#ifndef AISLA_NEEDS_H
#define AISLA_NEEDS_H

#include <stdbool.h>
#include "err.h"

/* Is word a check's name (or one of needs:'s aliases: 2cpus, cgroup-v2)? */
bool needs_known(const char *word);
/* 0 when this machine has it; -1 with e filled (what it lacks, what the
 * check saw) and the exact fix as the hint. */
int needs_check(const char *word, struct err *e);

#endif
