/* shell.c: the state of the running shell (see shell.h). */
#include "shell.h"

struct shell_state shell;
