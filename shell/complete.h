/* complete.h: tab completion, driven by the command table.
 *
 * The `complete` string of a cmd_entry names the kind of each positional
 * ("NODE IFNODE", "SUB", "FILE", "CMD"...); the providers of the kinds
 * are listed in one static table, cmd_kinds[] (cmd.h).
 */
#ifndef AISLA_COMPLETE_H
#define AISLA_COMPLETE_H

#include <stddef.h>
#include "cmd.h"

/* Candidates for the word being typed. line = text before the cursor up
 * to the start of the word; returns a NULL-terminated malloc'ed array of
 * malloc'ed strings, or NULL. */
char **complete_words(const char *line, const char *word);

#endif
