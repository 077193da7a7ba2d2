/* err.h: the error value every fallible function fills (git's model).
 *
 * A function that can fail returns int (0 or -1) and takes `struct err *`
 * last. It fills the error when, and only when, it returns -1. The error
 * lives on the caller's stack: a fixed buffer, nothing to free.
 *
 *   struct err e = ERR_INIT;
 *   if (netns_open(name, &fd, &e) < 0) { err_print(&e); ... }
 *
 * Messages are Spanish sentences through gettext (msgids in English):
 * what failed first, the object in quotes, the cause. The hint is a
 * separate line printed as "pista: ..." that says what to try.
 */
#ifndef AISLA_ERR_H
#define AISLA_ERR_H

#include <stdarg.h>

#define ERR_MSG_MAX  1024
#define ERR_HINT_MAX 512

struct err {
	char msg[ERR_MSG_MAX];
	char hint[ERR_HINT_MAX];
	int errnum;	/* errno that caused it, 0 if none */
	char where[300];	/* "FILE:LINE" of a script line, set by the runner */
};

#define ERR_INIT { .msg = "", .hint = "", .errnum = 0, .where = "" }

/* Set the message (printf-style, already translated fmt). Returns -1. */
int err_set(struct err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Set the message and append ": <Spanish text of errnum>". Returns -1. */
int err_errno(struct err *e, int errnum, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Set (replace) the hint line. Returns -1. */
int err_hint(struct err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Prefix context to the message: "veth: " + old. Returns -1. */
int err_wrap(struct err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Reset to empty. */
void err_clear(struct err *e);
/* Is the error set? */
int err_isset(const struct err *e);

/* Translated text for an errno value (borrowed; Spanish by default). */
const char *err_strerror(int errnum);

/* Print to the console's error stream: "[FILE:LINE: ]error: msg\npista: hint". */
/* Record where a script line failed (kept if already set by a nested script). */
void err_where(struct err *e, const char *file, int line);
void err_print(const struct err *e);

#endif
