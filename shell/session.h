/* session.h: the live interactive sessions of a journal.
 *
 * A session (the prompt, with or without panes) leaves a file
 * JOURNAL_DIR/sessions/PID saying who it is (pid, start time, terminal,
 * since when) and holds an exclusive flock on it while it runs. Another
 * aisla process using the same journal (`aisla reset` from a second
 * terminal) asks session_others() before undoing what that session
 * shows: a file whose lock is free, or whose pid is gone or is another
 * process now, is a stale one and is removed.
 */
#ifndef AISLA_SESSION_H
#define AISLA_SESSION_H

#include <stddef.h>
#include <sys/types.h>
#include <time.h>
#include "err.h"

struct session_info {
	pid_t pid;
	char tty[64];		/* "/dev/pts/3", or "" without a terminal */
	time_t since;
};

/* Announce this process as a live session (idempotent). */
int session_begin(struct err *e);
/* Remove the announcement (also safe if none). */
void session_end(void);
/* The other live sessions on this journal, up to max in out; returns how
 * many there are (may exceed max). */
int session_others(struct session_info *out, int max);
/* "pid 1234 en /dev/pts/3, desde las 08:12" (static buffer). */
const char *session_describe(const struct session_info *s);

#endif
