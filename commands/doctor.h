/* doctor.h: the report of `doctor` and `aisla doctor` (cmd-doctor.c). */
#ifndef AISLA_DOCTOR_H
#define AISLA_DOCTOR_H

/* Run the checks named in names (all when n is 0) and print the report;
 * *worst gets the worst level (enum probe_level). Returns -1, or the
 * index of a name that is no check (nothing run then). */
int doctor_report(int n, char **names, int *worst);

#endif
