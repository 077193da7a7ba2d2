/* node-sh.c: words for the explanations (bash): quoting, and the shell
 * variable that names a node's holder pid. */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "node.h"
#include "../shell/tok.h"

/* ---- quoting for explanations (the rule: tok_quote) ---- */

const char *node_shq(const char *w)
{
	static char bufs[8][1024];
	static int next;
	char *b = bufs[next];
	char *q = tok_quote(w);

	next = (next + 1) % 8;
	snprintf(b, 1024, "%s", q ? q : "''");
	free(q);
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

