/* repl.h: the interactive prompt: GNU readline through its callback
 * interface, fed by the event loop (never a blocking readline()). */
#ifndef AISLA_REPL_H
#define AISLA_REPL_H

#include <stdbool.h>
#include "err.h"

/* Install readline's callback handler, history and completion, and
 * register the keyboard with the loop. */
int repl_start(struct err *e);
/* Remove the handler, save the history, restore the terminal. */
void repl_stop(void);
/* Ask a yes/no question: "[s/N]" in Spanish, "[y/N]" in English; s and y
 * both mean yes. False without a terminal. */
bool repl_confirm(const char *question);
/* The history file (~/.aisla_history). */
const char *repl_history_path(void);

#endif
