/* journal.h: the write-ahead record of every kernel object aisla creates
 * (architecture principle 5).
 *
 * Lives in /run/aisla/journal (tmpfs: it vanishes on reboot with the
 * objects), shared by every aisla process under flock(). One record a
 * line, appended with one write():
 *
 *   SEQ intent KIND NAME key=value...   before creating
 *   SEQ step SEQ0 key=value...          half-way: identity known so far
 *   SEQ done SEQ0 key=value...          after: identity of record SEQ0
 *   SEQ undone SEQ0                     after removing it (or finding it gone)
 *
 * A torn last line (kill -9 mid-write) has no '\n' and is ignored. An
 * intent never confirmed is resolved by the kind's undo with only what
 * the intent (and its steps) knew: the object is removed only when that
 * proves it aisla's, else it is reported and left alone.
 *
 * reset undoes live records newest first. Each kind verifies identity
 * before deleting: a same-named object made by someone else is left
 * alone and reported.
 */
#ifndef AISLA_JOURNAL_H
#define AISLA_JOURNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include "err.h"

#define JOURNAL_MAX_KV 12

struct jrec {
	unsigned long seq;
	char kind[24];
	char name[256];
	bool confirmed;		/* a done record followed the intent */
	int nkv;
	char key[JOURNAL_MAX_KV][24];
	char val[JOURNAL_MAX_KV][256];	/* values: no spaces, no newlines (escaped) */
};

const char *jrec_get(const struct jrec *r, const char *key);	/* NULL if absent */
long long jrec_get_ll(const struct jrec *r, const char *key, long long dflt);

enum undo_result {
	UNDO_DONE,		/* removed */
	UNDO_GONE,		/* already gone */
	UNDO_FOREIGN,		/* exists but identity does not match: left alone */
	UNDO_FAILED,		/* could not remove (err filled) */
	UNDO_UNPROVEN,		/* never confirmed, and what exists cannot be
				 * proven aisla's: left alone */
	UNDO_PENDING,		/* not settled yet (reset's phases) */
};

/* A kind of object: listed in the explicit per-area tables of
 * commands/kinds.c (journal_kind_areas). */
struct journal_kind {
	const char *name;	/* "netns", "node", "link", "cgroup", "dir"... */
	/* Remove the object if its identity matches. */
	enum undo_result (*undo)(const struct jrec *r, struct err *e);
	/* Human description for status/reset: "netns 'rojo'" (msgid fmt). */
	const char *describe;	/* e.g. N_("network namespace '%s'") */
};

extern const struct journal_kind *const *const journal_kind_areas[];

/* A phase of reset that settles many records at once (kill every process
 * aisla started and wait for all of them, delete every namespace
 * together...), before the kinds' own undo runs, newest first, on what is
 * left. res[i] is UNDO_PENDING on entry; a phase sets what it settled.
 * The phases run in the order of journal_phases[] (commands/kinds.c). */
struct journal_phase {
	const char *name;
	void (*run)(const struct jrec *recs, size_t n, enum undo_result *res);
};
extern const struct journal_phase *const journal_phases[];
/* Look a kind up by name (NULL if unknown). */
const struct journal_kind *journal_kind_find(const char *name);

/* Directory for aisla's runtime state (default /run/aisla; AISLA_RUN_DIR
 * overrides it for tests). */
const char *journal_dir(void);

/* Write an intent; returns its seq (>0) in *seq. kv: "key=value" strings,
 * NULL-terminated (may be NULL). */
int journal_intent(const char *kind, const char *name, const char *const *kv,
		   unsigned long *seq, struct err *e);
/* Confirm with identity key=values known only after creation. */
int journal_done(unsigned long seq, const char *const *kv, struct err *e);
/* Add identity learnt half-way (before the object can be seen by anyone
 * else) to an intent, without confirming it. */
int journal_step(unsigned long seq, const char *const *kv, struct err *e);
/* Mark removed (by the command that removes it, e.g. netns del). */
int journal_undone(unsigned long seq, struct err *e);
/* Abandon an intent whose creation failed and left nothing. */
int journal_abort(unsigned long seq, struct err *e);

/* Live records (intent or done, not undone), oldest first. Caller frees
 * with free(). */
int journal_load(struct jrec **recs, size_t *n, struct err *e);
/* Find the newest live record of kind with name; 0 found, -1 not. */
int journal_find(const char *kind, const char *name, struct jrec *out);

/* Undo every live record newest first. Prints one line per object on the
 * console. *nforeign counts objects left alone. Returns -1 if something
 * could not be removed. */
int journal_reset(int *nundone, int *nforeign, struct err *e);
/* Number of live records (objects a previous session may have left);
 * 0 when the journal cannot be read. */
int journal_count(void);
/* Same, but a journal that cannot be opened (another user's, untrusted)
 * is an error, not an empty journal. */
int journal_count_err(int *n, struct err *e);

/* ---- files of the runtime directory (state files, the journal) ---- */

/* Is the open file fd (path, for messages) trustworthy: a regular file
 * owned by root or by us, not writable by group or others? */
int journal_trusted_fd(int fd, const char *path, struct err *e);
/* Open path read-only if trustworthy; -1 (errno EPERM when untrusted). */
int journal_open_trusted(const char *path);
/* mkdir 0755 whatever the umask; an existing one must be trustworthy. */
int journal_mkdir(const char *path, struct err *e);
/* Replace path atomically (tmp + rename) with text, mode exactly mode. */
int journal_write_file(const char *path, const char *text, mode_t mode, struct err *e);

/* Helpers for kv lists. */
#define JKV(...) ((const char *const[]){ __VA_ARGS__, NULL })

#endif
