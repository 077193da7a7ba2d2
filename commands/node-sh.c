/* node-sh.c: words for the explanations (bash): quoting, and the shell
 * variable that names a node's holder pid. */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "node.h"

/* ---- quoting for explanations ---- */

const char *node_shq(const char *w)
{
	static char bufs[8][1024];
	static int next;
	char *b = bufs[next];
	next = (next + 1) % 8;
	bool plain = *w != 0;
	for (const char *c = w; *c; c++)
		if (!isalnum((unsigned char)*c) && !strchr("_-./:=@%+,", *c))
			plain = false;
	if (plain) {
		snprintf(b, 1024, "%s", w);
		return b;
	}
	size_t n = 0;
	b[n++] = '\'';
	for (const char *c = w; *c && n < 1016; c++) {
		if (*c == '\'') {
			memcpy(b + n, "'\\''", 4);
			n += 4;
		} else {
			b[n++] = *c;
		}
	}
	b[n++] = '\'';
	b[n] = 0;
	return b;
}

const char *node_sh_var(const char *name)
{
	static char bufs[8][32];
	static int next;
	char *b = bufs[next];
	next = (next + 1) % 8;
	snprintf(b, 32, "HOLDER_%s", name);
	for (char *c = b; *c; c++)
		if (!isalnum((unsigned char)*c) && *c != '_')
			*c = '_';
	return b;
}

const char *node_sh_holder(const char *name, pid_t pid)
{
	static char bufs[8][64];
	static int next;
	char *b = bufs[next];
	next = (next + 1) % 8;
	snprintf(b, 64, "${%s:-%d}", node_sh_var(name), (int)pid);
	return b;
}

char *node_sh_join(int argc, char *const *argv)
{
	size_t cap = 1, len = 0;
	char *s = malloc(cap);
	if (!s)
		return NULL;
	s[0] = 0;
	for (int i = 0; i < argc; i++) {
		const char *q = node_shq(argv[i]);
		size_t ql = strlen(q);
		char *ns = realloc(s, cap + ql + 1);
		if (!ns) {
			free(s);
			return NULL;
		}
		s = ns;
		cap += ql + 1;
		if (len)
			s[len++] = ' ';
		memcpy(s + len, q, ql);
		len += ql;
		s[len] = 0;
	}
	return s;
}

