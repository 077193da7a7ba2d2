/* tok.h: the tokenizer. Quotes '...' and "..." group words (backslash
 * escapes inside "..." and outside quotes), ';' separates commands, '#'
 * starts a comment at the start of a word. A command that starts with
 * '!' is ["!", the rest of the line as it is] (for /bin/sh). No globbing,
 * no variables, no command substitution.
 */
#ifndef AISLA_TOK_H
#define AISLA_TOK_H

#include "err.h"

/* One command: its words. */
struct tok_cmd {
	int argc;
	char **argv;	/* owned, NULL-terminated */
};

/* A whole line: one or more commands. */
struct tok_line {
	int ncmds;
	struct tok_cmd *cmds;	/* owned */
};

/* Split line into commands. Empty commands are dropped. */
int tok_split(const char *line, struct tok_line *out, struct err *e);
void tok_line_free(struct tok_line *t);
/* Quote a word so that tok_split gives it back unchanged (caller frees). */
char *tok_quote(const char *word);
/* Join argv into one re-quoted line (caller frees). */
char *tok_join(int argc, char *const *argv);

#endif
