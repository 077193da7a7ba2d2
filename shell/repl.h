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
/* Wait for the teacher's key at a pause (a demo, a lesson): Space or
 * Enter return ' ', q or Ctrl-C 'q'; the screen's keys (F1-F5, Tab,
 * Alt-arrows, PgUp/PgDn) act on the panes and the wait goes on; any other
 * key is ignored. stop (NULL: Ctrl-C or quitting) ends the wait with 'q'.
 * The panes stay live meanwhile. 0 without a terminal. */
int repl_wait_key(bool (*stop)(void));
/* Called when the user presses Enter on an empty line (a lesson waiting
 * for "go on"); NULL: nothing. */
void repl_on_empty_line(void (*fn)(void));
/* Is a typed line being run now (its text is no longer the prompt's)? */
bool repl_line_running(void);
/* The history file (~/.aisla_history). */
const char *repl_history_path(void);

#endif
