/* suggest.h: "did you mean": the names nearest to a mistyped one.
 *
 * One edit distance for every "¿querías decir ...?" (commands, lesson
 * directives, nodes, interfaces, cgroups):
 *
 *   struct suggest s;
 *   suggest_init(&s, word, true);
 *   for (each known name) suggest_add(&s, name);
 *   if (suggest_found(&s)) err_hint(e, _("did you mean %s?"), suggest_found(&s));
 */
#ifndef AISLA_SUGGEST_H
#define AISLA_SUGGEST_H

#include <stdbool.h>
#include <stddef.h>

/* Edit distance between a and b (a swap of two neighbouring letters
 * counts as one); 99 when either is longer than 30 bytes. */
int suggest_distance(const char *a, const char *b);

/* How far a word of that length may be from a name and still be a typo
 * of it: 1 up to 3 letters, 2 up to 5, 3 beyond. */
int suggest_max_distance(size_t len);

struct suggest {
	const char *word;
	int best;		/* distance of the names in list */
	int max;		/* farther than this is not a typo */
	bool quote;		/* 'rojo', 'roja' instead of rojo, roja */
	char list[256];
};

/* Start looking for the names nearest to word (borrowed until done). */
void suggest_init(struct suggest *s, const char *word, bool quote);
/* Consider one name. A name that starts with word counts as distance 1;
 * the word itself is never suggested. */
void suggest_add(struct suggest *s, const char *name);
/* The nearest names, joined with ", " ("" would mean none: NULL then). */
const char *suggest_found(const struct suggest *s);

#endif
