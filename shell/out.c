/* out.c: console output (see out.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "out.h"

static out_sink_fn sink;
static void *sink_arg;

void out_set_sink(out_sink_fn fn, void *arg)
{
	sink = fn;
	sink_arg = arg;
}

void out_write(enum out_stream s, const char *text, size_t len)
{
	if (sink) {
		sink(s, text, len, sink_arg);
		return;
	}
	FILE *f = s == OUT_STDERR ? stderr : stdout;
	if (s == OUT_STDERR)
		fflush(stdout);
	fwrite(text, 1, len, f);
	fflush(f);
}

static void out_vstream(enum out_stream s, const char *fmt, va_list ap)
{
	char buf[4096], *big = NULL;
	va_list ap2;
	int n;

	va_copy(ap2, ap);
	n = vsnprintf(buf, sizeof buf, fmt, ap);
	if (n < 0) {
		va_end(ap2);
		return;
	}
	if ((size_t)n >= sizeof buf && (big = malloc((size_t)n + 1))) {
		vsnprintf(big, (size_t)n + 1, fmt, ap2);
		out_write(s, big, (size_t)n);
		free(big);
	} else {
		out_write(s, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
	}
	va_end(ap2);
}

void out_vprintf(const char *fmt, va_list ap)
{
	out_vstream(OUT_STDOUT, fmt, ap);
}

void out_printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	out_vstream(OUT_STDOUT, fmt, ap);
	va_end(ap);
}

void out_eprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	out_vstream(OUT_STDERR, fmt, ap);
	va_end(ap);
}

void out_prefixed(enum out_stream s, const char *prefix, const char *text, size_t len)
{
	size_t plen = prefix ? strlen(prefix) : 0;
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t l = nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);
		char *line = malloc(plen + l + 2);
		if (!line)
			return;
		memcpy(line, prefix, plen);
		memcpy(line + plen, p, l);
		if (!nl)
			line[plen + l++] = '\n';
		out_write(s, line, plen + l);
		free(line);
		p += nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);
	}
}
