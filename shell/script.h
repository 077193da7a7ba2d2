/* script.h: running and checking files of commands: `aisla FILE`,
 * `source FILE`, `aisla --check FILE`. */
#ifndef AISLA_SCRIPT_H
#define AISLA_SCRIPT_H

#include <stdbool.h>
#include "err.h"

/* Run every line of path; stop at the first failing line (e->where says
 * FILE:LINE). interactive: a person is watching (prefix matching...). */
int script_run_file(const char *path, bool interactive, struct err *e);
/* Validate every line against the command table without running
 * anything. Prints every bad line; returns -1 if any. */
int script_check_file(const char *path, struct err *e);

#endif
