/* check-verbs.h: inside the check vocabulary (check.h): a parsed check,
 * the one table of verbs (check.c: check_verbs[]) and the helpers the
 * verbs share. Each verb is one `const struct check_verb` next to its
 * parser and evaluator, grouped by area as tmux groups commands:
 *
 *   check-net.c      link, addr, route, forward, ping, bridge
 *   check-procs.c    node, pid1, pids, uid, hostname, root, nice, proc
 *   check-cgroups.c  cgroup, in-cgroup, cpu, oom, fork-refused
 *   check-files.c    file, exit, ran
 *   check.c          the table, parsing (`not` too), evaluation, hints
 */
#ifndef AISLA_CHECK_VERBS_H
#define AISLA_CHECK_VERBS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include "../err.h"
#include "../tok.h"
#include "check.h"

struct check;

struct check_verb {
	const char *name;
	const char *form;	/* shown in errors: "the form is: ..." */
	int min_args, max_args;	/* words after the verb; max -1 = any */
	bool slow;		/* runs something or measures over time */
	bool host;		/* runs a program the lesson names (exit) */
	/* Heads of other checks a failure of this one may name as its
	 * clause ("link route forward": a ping names the interface, route
	 * or router that stops it), so hint[link lo@rojo] fits it; NULL. */
	const char *names;
	/* Validate the words (and keep what eval needs); NULL when the
	 * arity is all there is to check. Fills e and returns -1. */
	int (*parse)(struct check *c, struct err *e);
	bool (*eval)(const struct check *c, struct check_result *r);
};

struct check {
	char *text;
	const struct check_verb *verb;
	int argc;
	char **argv;		/* words after the verb (owned by tl) */
	struct tok_line tl;
	int nnot;		/* how many `not` come first (the verb is what follows) */
	/* exit: */
	const char *in_node;
	int cmd_from, cmd_to;	/* argv[cmd_from..cmd_to) is the command */
	int code;
	/* pids: */
	char op[3];
	long k;
	/* cpu: */
	double lo, hi;
};

extern const struct check_verb
	check_verb_node, check_verb_link, check_verb_addr, check_verb_route,
	check_verb_forward, check_verb_ping, check_verb_pid1, check_verb_pids,
	check_verb_uid, check_verb_hostname, check_verb_root, check_verb_cgroup,
	check_verb_incgroup, check_verb_cpu, check_verb_nice, check_verb_exit,
	check_verb_file, check_verb_oom, check_verb_forkref,
	check_verb_proc, check_verb_ran, check_verb_bridge;

/* Parsing helpers: each fills e (with the verb's form as the hint) and
 * returns -1 when the word is not what the form wants. */
int check_form_hint(struct err *e, const struct check *c);
int check_need_ifnode(struct check *c, const char *w, struct err *e);
int check_need_node(struct check *c, const char *w, struct err *e);
int check_need_target(struct check *c, const char *w, struct err *e);	/* PID or node */
int check_need_cidr(struct check *c, const char *w, bool bare_ok, struct err *e);
int check_need_ip(struct check *c, const char *w, struct err *e);
bool check_all_digits(const char *s);
int check_parse_pct(const char *s, double *v);

/* Evaluation helpers. check_seen says what was found (always returns
 * false, so a failure can `return check_seen(...)`); check_fail names
 * the failing clause ("peer v-azul@azul"). */
bool check_seen(struct check_result *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
bool check_fail(struct check_result *r, const char *clause, const char *val);
void check_sleep_ms(unsigned ms);
/* A process of NODE that shows its namespaces (the holder, else its
 * first process); 0 if none. */
pid_t check_node_pid(const char *node);
/* The processes of a PID or of every process of a node (caller frees). */
int check_target_pids(const char *w, pid_t **pids, size_t *n, struct check_result *r);
/* Read /proc/PID/stat into buf; returns where its third field (the
 * state) starts, after the command name, or NULL. */
const char *check_proc_stat(pid_t pid, char *buf, size_t size);
/* Run fn in a short-lived thread that has entered namespace nsfd (the
 * main thread never changes its namespaces). 0 or an errno. */
int check_in_ns(int nsfd, int nstype, void (*fn)(void *), void *arg);

#endif
