/* complete.h: tab completion, driven by the command table.
 *
 * The `complete` string of a cmd_entry names the kind of each positional
 * ("NODE IFNODE", "SUB", "FILE", "CMD"...). Modules register a provider
 * for the kinds they know in their init function.
 */
#ifndef AISLA_COMPLETE_H
#define AISLA_COMPLETE_H

/* A provider calls add(word, ctx) for every candidate starting with prefix. */
typedef void (*complete_add_fn)(const char *word, void *ctx);
typedef void (*complete_fn)(const char *prefix, complete_add_fn add, void *ctx);

/* Register the provider of a kind ("NODE", "IFNODE", "CGROUP", "KEY"...). */
void complete_register(const char *kind, complete_fn fn);

/* Candidates for the word being typed. line = text before the cursor up
 * to the start of the word; returns a NULL-terminated malloc'ed array of
 * malloc'ed strings, or NULL. */
char **complete_words(const char *line, const char *word);

#endif
