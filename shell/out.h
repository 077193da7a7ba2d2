/* out.h: where command output goes.
 *
 * Commands never draw and never write to stdout/stderr directly: they call
 * out_printf() for normal output and err_print() (err.h) for errors. In
 * plain and batch mode these are stdout and stderr; when the panes own the
 * screen, the TUI installs a sink that appends to the console pane.
 */
#ifndef AISLA_OUT_H
#define AISLA_OUT_H

#include <stdarg.h>
#include <stddef.h>

enum out_stream { OUT_STDOUT, OUT_STDERR };

/* A sink receives complete text chunks (may contain several lines). */
typedef void (*out_sink_fn)(enum out_stream, const char *text, size_t len, void *arg);

void out_set_sink(out_sink_fn fn, void *arg);	/* NULL: back to stdio */
void out_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void out_vprintf(const char *fmt, va_list ap);
void out_eprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void out_write(enum out_stream s, const char *text, size_t len);
/* Print text prefixed line by line (e.g. "[rojo] "), used for child output. */
void out_prefixed(enum out_stream s, const char *prefix, const char *text, size_t len);

#endif
