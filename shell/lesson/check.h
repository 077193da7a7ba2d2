/* check.h: the lesson check vocabulary. A check is one line of a lesson
 * ("link v-rojo@rojo up kind veth") parsed once and evaluated as a query
 * on the kernel's state (netlink in the node's netns, /proc, cgroupfs),
 * never on aisla's bookkeeping: a change made with the real `ip` in
 * another terminal satisfies a check exactly like one made in aisla.
 *
 * A failing check says, in Spanish, what it saw ("'v-rojo@rojo' existe
 * pero está DOWN") and which clause failed ("up"), so the lesson can pick
 * the hint written for that clause.
 */
#ifndef AISLA_CHECK_H
#define AISLA_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include "../err.h"

struct check;

/* Parse one check. Errors say what is wrong in Spanish, with a hint
 * showing the form expected. */
int check_parse(const char *text, struct check **out, struct err *e);
void check_free(struct check *c);
const char *check_text(const struct check *c);	/* borrowed */
const char *check_verb(const struct check *c);	/* "link", "addr"... */
/* Is this check slow to evaluate (ping, cpu, exit: it runs something or
 * measures over time)? */
bool check_is_slow(const struct check *c);
/* Does this check run a program on the host (exit)? */
bool check_runs_host(const struct check *c);

/* How many `not` may nest: "not not not X" is legal up to this. */
#define CHECK_NOT_MAX 8

#define CHECK_SEEN_MAX 512
#define CHECK_CLAUSE_MAX 128

struct check_result {
	bool ok;
	char seen[CHECK_SEEN_MAX];	/* what was found (Spanish) */
	char clause[CHECK_CLAUSE_MAX];	/* the failing clause: "peer v-azul@azul", or the head */
};

/* Evaluate against the kernel now. Returns true when the check holds;
 * r (may be NULL) says what it saw either way. */
bool check_eval(const struct check *c, struct check_result *r);

/* Does hint[prefix] apply to this failure? Match on the failing clause
 * first (returns 2), then on the check's text (returns 1); 0 = no. */
int check_hint_match(const char *prefix, const struct check *c, const struct check_result *r);
/* Does hint[prefix] name some part of this check (for --check)? */
bool check_hint_plausible(const char *prefix, const struct check *c);

/* `ran WORDS...` holds when a command starting with WORDS ran in the
 * current step: the runner resets the list at each step and adds every
 * command that succeeded. */
void check_ran_reset(void);
void check_ran_add(const char *line);

#endif
