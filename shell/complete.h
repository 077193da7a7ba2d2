/* complete.h: tab completion, driven by the command table.
 *
 * The `complete` string of a cmd_entry names the kind of each positional
 * ("NODE IFNODE", "SUB", "FILE", "CMD"...); the providers of the kinds
 * are listed in one static table, complete_kinds[].
 */
#ifndef AISLA_COMPLETE_H
#define AISLA_COMPLETE_H

#include <stddef.h>

/* A provider calls add(word, ctx) for every candidate starting with prefix. */
typedef void (*complete_add_fn)(const char *word, void *ctx);
typedef void (*complete_fn)(const char *prefix, complete_add_fn add, void *ctx);

struct err;

/* One argument kind: how to complete it and, for a kind with a syntax of
 * its own, how to check a word before anything runs (the dispatcher
 * does it for every positional of that kind, also under --check and
 * before the first command of a line runs; a kind's check never asks
 * whether an object exists, since an earlier command may make it). */
struct complete_kind {
	const char *name;		/* "NODE", "IFNODE", "CIDR"... */
	complete_fn complete;		/* NULL: nothing to offer */
	int (*check)(const char *word, struct err *e);	/* NULL: any word */
};
/* The static table of kinds, next to cmd_table (commands/cmd-table.c),
 * terminated by { NULL }. */
extern const struct complete_kind complete_kinds[];
/* The kind called name, NULL if none. */
const struct complete_kind *complete_kind_find(const char *name);
/* The kind of positional number pos in a "KIND KIND *" string ("*"
 * repeats the last one); "" when there is none. */
void complete_kind_at(const char *spec, int pos, char *out, size_t osz);

/* Candidates for the word being typed. line = text before the cursor up
 * to the start of the word; returns a NULL-terminated malloc'ed array of
 * malloc'ed strings, or NULL. */
char **complete_words(const char *line, const char *word);

#endif
