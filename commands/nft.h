/* nft.h: nftables through libnftables (not by forking nft), inside any
 * node's network namespace, and the journal kind of aisla's own tables.
 *
 * Every table aisla makes is its own: named "aisla_..." and tagged with a
 * comment "aisla:TOKEN" (TOKEN also in the journal). Identity is the
 * table's handle plus that comment, in the namespace with the journaled
 * inode: a table made by someone else (even under the same name) is never
 * changed nor deleted.
 *
 * Journal records (kind "nft", name TABLE@NODE):
 *   node nsino family tag [vip port backends for] | handle
 */
#ifndef AISLA_NFT_H
#define AISLA_NFT_H

#include <stddef.h>
#include "../shell/err.h"

#define NFT_TABLE_MAX 64

/* Run an nft script (one atomic transaction) in NODE's network namespace
 * ("host" = aisla's own). With out non-NULL, *out gets what nft printed
 * (caller frees). A failure carries nft's own message. */
int nft_run(const char *node, const char *script, char **out, struct err *e);

/* Identity of table FAMILY NAME in NODE: 1 found (handle and comment
 * filled; comment "" if none), 0 absent, -1 error. */
int nft_table_get(const char *node, const char *family, const char *name,
		  unsigned long long *handle, char *comment, size_t csz, struct err *e);

/* Create a table tagged as aisla's, journaled (intent before, handle
 * after), with body: the script that fills it, run in the same
 * transaction ("%T" in body is replaced by "FAMILY NAME"). extra: more
 * key=value pairs for the journal (NULL-terminated, may be NULL). A table
 * of that name that already exists is refused (ours or foreign). */
int nft_table_create(const char *node, const char *family, const char *name,
		     const char *body, const char *const *extra, unsigned long *seq,
		     struct err *e);

/* Delete an aisla table whose journal record is r (identity checked) and
 * mark the record undone. */
struct jrec;
int nft_table_delete(const struct jrec *r, struct err *e);

/* Is the table of record r still ours (same namespace, handle, tag)? */
int nft_table_ours(const struct jrec *r, struct err *e);

extern const struct journal_kind nft_kind;

#endif
