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
#include <stdbool.h>
#include <stddef.h>

/* OUT_PROSE: our own text with `code` spans (a lesson's prose): stdout
 * with its backticks in plain mode; the console pane shows the spans as
 * code (styled, no backticks). */
enum out_stream { OUT_STDOUT, OUT_STDERR, OUT_PROSE };

/* A sink receives complete text chunks (may contain several lines). */
typedef void (*out_sink_fn)(enum out_stream, const char *text, size_t len, void *arg);

void out_set_sink(out_sink_fn fn, void *arg);	/* NULL: back to stdio */
/* Output that arrives while the REPL's prompt waits (a background
 * child's line, its exit): hide() clears the prompt and the typed text
 * when they are on screen (true if it did), show() draws them again
 * after the text. Only without a sink; NULLs remove them. */
void out_set_prompt_hooks(bool (*hide)(void), void (*show)(void));
void out_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void out_vprintf(const char *fmt, va_list ap);
void out_eprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void out_prose_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void out_write(enum out_stream s, const char *text, size_t len);
/* Control characters from input (a typed name, a file's contents) must
 * never reach the terminal raw: `\e[2J` would clear a projected screen.
 * out_printf and out_eprintf (and so err_print) show them visibly: C0
 * bytes other than newline and tab as ^X (ESC as ^[), DEL as ^?, and the
 * C1 controls U+0080..U+009F as \u0080..\u009f. out_write is raw (the
 * output of children). */
/* Does text hold a byte out_printf would escape? */
int out_has_ctrl(const char *text, size_t len);
/* Escape text into dst (always NUL-terminated; cut when dst is full).
 * Returns the length written. */
size_t out_escape(char *dst, size_t size, const char *text, size_t len);
/* The visible form of one control byte c ("^[", "^?"). */
const char *out_ctrl_name(unsigned char c);
/* Print text prefixed line by line (e.g. "[rojo] "), used for child output. */
void out_prefixed(enum out_stream s, const char *prefix, const char *text, size_t len);

#endif
