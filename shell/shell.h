/* shell.h: the state of the running shell that several modules read. */
#ifndef AISLA_SHELL_H
#define AISLA_SHELL_H

#include <stdbool.h>

struct shell_state {
	bool interactive;	/* a person at a terminal types the commands */
	bool plain;		/* --plain: no panes */
	const char *script_file;/* the script being run (errors say FILE:LINE:) */
	int script_line;
	bool quit;		/* quit/exit asked */
	int exit_status;
	bool interrupted;	/* Ctrl-C seen since the last command started */
	const char *argv0;	/* /proc/self/exe resolved, for re-exec */
};

extern struct shell_state shell;

#endif
