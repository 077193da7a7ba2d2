/* run.h: running a child process the three ways commands need.
 *
 *  RUN_FOREGROUND  the child gets the terminal (its own process group,
 *                  tcsetpgrp), the panes step aside (tty hooks) and come
 *                  back when it exits. Without a terminal (batch) this
 *                  degrades to RUN_CAPTURE; with the panes up, a child
 *                  that is not interactive runs on a pty into the
 *                  console instead (run_set_console).
 *  RUN_CAPTURE     stdout/stderr stream to the console (optionally
 *                  prefixed) while a nested event loop keeps the panes
 *                  live; stdin is /dev/null; Ctrl-C interrupts the child.
 *  RUN_BACKGROUND  returns at once; output reaches the console prefixed
 *                  "[LABEL] "; the exit is reported when it happens.
 *
 * The setup callback runs in the child after fork and before exec (setns,
 * chroot, nice, cgroup...). If it fails, its error travels back to the
 * parent over a close-on-exec pipe and run_child returns it, as does a
 * failed exec (command not found...). The shell process itself never
 * changes namespace or root.
 */
#ifndef AISLA_RUN_H
#define AISLA_RUN_H

#include <stdbool.h>
#include <sys/types.h>
#include "err.h"

enum run_mode { RUN_FOREGROUND, RUN_CAPTURE, RUN_BACKGROUND };

struct run_spec {
	char *const *argv;	/* argv[0] looked up in PATH after setup */
	enum run_mode mode;
	const char *label;	/* "rojo": prefix "[rojo] " on output and exit report; NULL: none */
	int (*setup)(void *arg, struct err *e);	/* in the child; may be NULL */
	void *setup_arg;
	bool report_exit;	/* print "[label] CMD terminó con estado N" (background) */
	bool keep_pdeathsig;	/* die with aisla (PR_SET_PDEATHSIG), default for capture */
	bool hidden;		/* aisla's own helper (a lesson's check): the panes
				 * show neither it nor what it starts */
	/* Called in the parent when a background child exits (may be NULL). */
	void (*on_exit)(pid_t pid, int status, void *arg);
	void *on_exit_arg;
};

/* Start (and for FOREGROUND/CAPTURE, wait for) a child. *status gets the
 * wait status (FOREGROUND/CAPTURE), *pid the child's pid. Returns -1 if
 * the child could not be started or its setup/exec failed. A child that
 * ran and exited non-zero is not an error here: look at *status. */
int run_child(const struct run_spec *s, int *status, pid_t *pid, struct err *e);

/* Describe a wait status in Spanish: "terminó con estado 1", "muerto por
 * la señal 9 (SIGKILL)" (static buffer). */
const char *run_status_str(int status);

/* Watch a child of ours: fn runs (in the loop) when it exits, after it
 * was reaped. */
int run_watch_pid(pid_t pid, void (*fn)(pid_t, int status, void *), void *arg);
void run_unwatch_pid(pid_t pid);

/* Hooks the TUI sets so a foreground child gets the whole terminal:
 * suspend = def_prog_mode()+endwin(), resume = reset_prog_mode()+redraw. */
void run_set_tty_hooks(void (*suspend)(void), void (*resume)(void));
/* The console pane's size (rows and columns of text), set by the TUI
 * while it shows one; 0, 0: none. While there is a console, a foreground
 * child that is not interactive (run_is_interactive) does not get the
 * terminal: it runs on a pseudo-terminal of that size whose output,
 * stderr included, goes to the console, the keyboard goes to it, and
 * Ctrl-C reaches it through its terminal as on a real one. */
void run_set_console(int rows, int cols);
/* Does argv want a terminal of its own: a shell or an interpreter with
 * no script or command (`sh`, `bash -l`, `python3`), or a full-screen
 * program (vi, less, top)? `sh -c CMD`, `ip link` do not. */
bool run_is_interactive(char *const *argv);
/* Is a terminal available for a foreground child? */
bool run_have_tty(void);

/* Was the process pid (started at start, /proc/PID/stat field 22) run
 * hidden (run_spec.hidden)? True while it runs and a few seconds after,
 * so its exit does not linger on screen either. */
bool run_is_hidden(pid_t pid, unsigned long long start);

/* Background children still running (for status and exit). */
int run_count_background(void);
/* Kill and reap every background child (on quit: they die with aisla
 * unless journaled as longer-lived, like node holders and load). */
void run_kill_background(void);

/* Is a captured child running (Ctrl-C goes to it, not to the prompt)? */
bool run_busy(void);

/* Reset signal mask and dispositions in a freshly forked child. */
void run_child_signals(void);

#endif
