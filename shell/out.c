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

static bool (*prompt_hide)(void);
static void (*prompt_show)(void);

void out_set_prompt_hooks(bool (*hide)(void), void (*show)(void))
{
	prompt_hide = hide;
	prompt_show = show;
}

void out_write(enum out_stream s, const char *text, size_t len)
{
	if (sink) {
		sink(s, text, len, sink_arg);
		return;
	}
	bool hidden = prompt_hide && prompt_hide();
	FILE *f = s == OUT_STDERR ? stderr : stdout;
	if (s == OUT_STDERR)
		fflush(stdout);
	fwrite(text, 1, len, f);
	fflush(f);
	if (hidden && prompt_show)
		prompt_show();
}

static int is_ctrl(const unsigned char *p, size_t left)
{
	if (*p == '\n' || *p == '\t')
		return 0;
	if (*p < 0x20 || *p == 0x7f)
		return 1;
	/* C1 controls, UTF-8 encoded: C2 80..C2 9F. */
	if (*p == 0xc2 && left >= 2 && p[1] >= 0x80 && p[1] <= 0x9f)
		return 2;
	return 0;
}

int out_has_ctrl(const char *text, size_t len)
{
	const unsigned char *p = (const unsigned char *)text;
	for (size_t i = 0; i < len; i++)
		if (is_ctrl(p + i, len - i))
			return 1;
	return 0;
}

const char *out_ctrl_name(unsigned char c)
{
	static char buf[3];
	buf[0] = '^';
	buf[1] = c == 0x7f ? '?' : (char)(c + 0x40);
	buf[2] = '\0';
	return buf;
}

size_t out_escape(char *dst, size_t size, const char *text, size_t len)
{
	const unsigned char *p = (const unsigned char *)text;
	size_t o = 0;

	if (!size)
		return 0;
	for (size_t i = 0; i < len; i++) {
		char vis[8];
		const char *add;
		size_t n;
		int k = is_ctrl(p + i, len - i);
		if (k == 1) {
			add = out_ctrl_name(p[i]);
		} else if (k == 2) {
			snprintf(vis, sizeof vis, "\\u%04x", p[i + 1]);
			add = vis;
			i++;
		} else {
			vis[0] = (char)p[i];
			vis[1] = '\0';
			add = vis;
		}
		n = strlen(add);
		if (o + n >= size)
			break;
		memcpy(dst + o, add, n);
		o += n;
	}
	dst[o] = '\0';
	return o;
}

/* Write formatted text with its control characters made visible. */
static void write_visible(enum out_stream s, const char *text, size_t len)
{
	char *vis;
	size_t n;

	if (!out_has_ctrl(text, len)) {
		out_write(s, text, len);
		return;
	}
	/* At most 6 bytes for each byte (a C1 control: 2 in, 6 out). */
	vis = malloc(len * 3 + 1);
	if (!vis)
		return;
	n = out_escape(vis, len * 3 + 1, text, len);
	out_write(s, vis, n);
	free(vis);
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
		write_visible(s, big, (size_t)n);
		free(big);
	} else {
		write_visible(s, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
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

void out_prose_printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	out_vstream(OUT_PROSE, fmt, ap);
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
