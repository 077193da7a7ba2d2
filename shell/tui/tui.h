/* tui.h: the live panes (ncurses) beside the readline prompt.
 * Owned by the panes engineer; main.c calls only these. */
#ifndef AISLA_TUI_H
#define AISLA_TUI_H

#include <stdbool.h>
#include "../err.h"

enum tui_mode { TUI_FULL, TUI_WATCH };

/* Can the panes run here (a terminal, large enough)? */
bool tui_possible(void);
/* Take the screen: panes + console + prompt (or panes only for WATCH).
 * Installs the out sink, the run tty hooks and readline's redisplay. */
int tui_start(enum tui_mode mode, struct err *e);
/* Give the screen back (also on every fatal path). */
void tui_stop(void);
bool tui_active(void);

/* For the prompt (repl.c) while the panes are up: put "PROMPT LINE" in
 * the console (a line typed, or one abandoned with Ctrl-C), and draw
 * everything now (before a blocking read of a key). */
void tui_echo(const char *prompt, const char *line);
void tui_flush(void);
/* A key sequence read while readline is not reading (a demo's pause):
 * if it is one of the screen's keys (F1-F5, Tab, Alt-arrows, PgUp/PgDn,
 * Ctrl-L, ?), do what it does and return true. */
bool tui_key_seq(const char *seq, size_t len);
/* Keep a line pinned atop the console (a lesson's current step, so it is
 * always in sight); NULL or "" removes it. While a line is pinned on a
 * compact screen the console takes most of it (the lesson view; F6
 * switches it on any screen). */
void tui_pin(const char *text);

#endif
