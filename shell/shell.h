/* shell.h: the state of the running shell that several modules read. */
#ifndef AISLA_SHELL_H
#define AISLA_SHELL_H

#include <stdbool.h>

struct shell_state {
	bool interactive;	/* a person at a terminal types the commands */
	bool plain;		/* --plain: no panes */
	bool quit;		/* quit/exit asked */
	int exit_status;
	bool interrupted;	/* Ctrl-C seen since the last command started */
};

extern struct shell_state shell;

#endif
