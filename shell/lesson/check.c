/* check.c: the lesson check vocabulary (check.h): the one table of
 * verbs, parsing a check into words, evaluating it, and matching hints to
 * a failure. Each check is evaluated as a query on the world model
 * (world/net.h, world/procs.h, world/cgroups.h), which reads the kernel;
 * the few facts the model does not hold (a ping, a hostname, a uid map, a
 * command's exit status) are read from the kernel directly. Never from
 * aisla's journal. The verbs themselves live in check-net.c,
 * check-procs.c, check-cgroups.c and check-files.c (check-verbs.h).
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "../i18n.h"
#include "../suggest.h"
#include "../tok.h"
#include "../kernel/nodes.h"
#include "../kernel/targets.h"
#include "../kernel/valid.h"
#include "check.h"
#include "check-verbs.h"

/* The vocabulary, in the order the docs list it. */
static const struct check_verb *const check_verbs[] = {
	&check_verb_node, &check_verb_link, &check_verb_addr, &check_verb_route,
	&check_verb_forward, &check_verb_ping, &check_verb_pid1, &check_verb_pids,
	&check_verb_uid, &check_verb_hostname, &check_verb_root, &check_verb_cgroup,
	&check_verb_incgroup, &check_verb_cpu, &check_verb_nice, &check_verb_exit,
	&check_verb_file, &check_verb_oom, &check_verb_forkref,
	&check_verb_proc, &check_verb_ran, &check_verb_bridge,
	NULL,
};

const char *check_text(const struct check *c) { return c->text; }

const char *check_verb(const struct check *c) { return c->nnot ? "not" : c->verb->name; }

bool check_is_slow(const struct check *c) { return c->verb->slow; }

bool check_runs_host(const struct check *c) { return c->verb->host; }

void check_free(struct check *c)
{
	if (!c)
		return;
	tok_line_free(&c->tl);
	free(c->text);
	free(c);
}

/* ---- parsing ---- */

int check_form_hint(struct err *e, const struct check *c)
{
	return err_hint(e, _("the form is: %s"), _(c->verb->form));
}

static int check_want_args(struct check *c, int min, int max, struct err *e)
{
	if (c->argc < min) {
		err_set(e, _("check '%s': missing words"), c->text);
		return check_form_hint(e, c);
	}
	if (max >= 0 && c->argc > max) {
		err_set(e, _("check '%s': '%s' is left over"), c->text, c->argv[max]);
		return check_form_hint(e, c);
	}
	return 0;
}

/* The validators are the kernel layer's (shell/kernel/valid.h), the
 * same the commands use; here only the form is checked, not that the node
 * exists (it will when the step's commands have run). */
static bool valid_node(const char *n)
{
	struct err e = ERR_INIT;
	return node_name_valid(n, &e) == 0;
}

int check_need_ifnode(struct check *c, const char *w, struct err *e)
{
	struct err e2 = ERR_INIT;

	if (net_ifnode_check(w, &e2) < 0) {
		err_set(e, _("check '%s': '%s' is not IF@NODE"), c->text, w);
		return check_form_hint(e, c);
	}
	return 0;
}

int check_need_node(struct check *c, const char *w, struct err *e)
{
	if (!valid_node(w)) {
		err_set(e, _("check '%s': '%s' is not a valid node name"), c->text, w);
		return check_form_hint(e, c);
	}
	return 0;
}

bool check_all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

int check_need_target(struct check *c, const char *w, struct err *e)
{
	if (check_all_digits(w))
		return 0;
	return check_need_node(c, w, e);
}

int check_need_cidr(struct check *c, const char *w, bool bare_ok, struct err *e)
{
	struct net_cidr cidr;
	struct err ce = ERR_INIT;
	if (net_parse_cidr(w, &cidr, &ce) < 0 || (!bare_ok && !cidr.has_prefix)) {
		err_set(e, _("check '%s': '%s' is not an address%s"), c->text, w,
			bare_ok ? "" : _(" with its prefix (10.0.0.1/24)"));
		return check_form_hint(e, c);
	}
	return 0;
}

int check_need_ip(struct check *c, const char *w, struct err *e)
{
	unsigned char bin[16];
	if (inet_pton(AF_INET, w, bin) != 1 && inet_pton(AF_INET6, w, bin) != 1) {
		err_set(e, _("check '%s': '%s' is not an IP address"), c->text, w);
		return check_form_hint(e, c);
	}
	return 0;
}

int check_parse_pct(const char *s, double *v)
{
	char *end;
	*v = strtod(s, &end);
	if (end == s || (*end && strcmp(end, "%")) || *v < 0)
		return -1;
	return 0;
}

int check_parse(const char *text, struct check **out, struct err *e)
{
	struct check *c = calloc(1, sizeof *c);
	char **words;
	const char *head;
	int nwords;
	size_t i;

	*out = NULL;
	if (!c)
		return err_errno(e, ENOMEM, _("out of memory"));
	while (isspace((unsigned char)*text))
		text++;
	c->text = strdup(text);
	if (!c->text) {
		free(c);
		return err_errno(e, ENOMEM, _("out of memory"));
	}
	/* Trim the end. */
	for (size_t n = strlen(c->text); n && isspace((unsigned char)c->text[n - 1]); n--)
		c->text[n - 1] = '\0';
	if (tok_split(c->text, &c->tl, e) < 0) {
		err_wrap(e, _("check '%s': "), c->text);
		check_free(c);
		return -1;
	}
	if (c->tl.ncmds != 1) {
		err_set(e, _("check '%s': one check per line, without ';'"), c->text);
		check_free(c);
		return -1;
	}
	/* `not not ... CHECK`: the leading `not`s are counted, not parsed
	 * again one by one (that was quadratic), and bounded. */
	words = c->tl.cmds[0].argv;
	nwords = c->tl.cmds[0].argc;
	while (c->nnot < nwords && !strcmp(words[c->nnot], "not"))
		c->nnot++;
	if (c->nnot > CHECK_NOT_MAX) {
		err_set(e, _("check '%.40s...': %d 'not' in a row; at most %d"), c->text, c->nnot,
			CHECK_NOT_MAX);
		err_hint(e, _("two 'not' cancel out: 'not not X' is 'X'"));
		check_free(c);
		return -1;
	}
	if (c->nnot == nwords) {
		err_set(e, _("check '%s': 'not' needs a check"), c->text);
		err_hint(e, _("the form is: %s"), "not CHECK");
		check_free(c);
		return -1;
	}
	head = words[c->nnot];
	for (i = 0; check_verbs[i]; i++)
		if (!strcmp(head, check_verbs[i]->name))
			break;
	if (!check_verbs[i]) {
		struct suggest sg;
		suggest_init(&sg, head, false);
		for (size_t k = 0; check_verbs[k]; k++)
			suggest_add(&sg, check_verbs[k]->name);
		const char *best = suggest_found(&sg);
		err_set(e, _("unknown check '%s'"), head);
		if (best)
			err_hint(e, _("did you mean '%s'? The checks are listed in docs/lesson-format.es.md"), best);
		else
			err_hint(e, _("the checks are listed in docs/lesson-format.es.md"));
		check_free(c);
		return -1;
	}
	c->verb = check_verbs[i];
	c->argc = nwords - c->nnot - 1;
	c->argv = words + c->nnot + 1;
	if (check_want_args(c, c->verb->min_args, c->verb->max_args, e) < 0 ||
	    (c->verb->parse && c->verb->parse(c, e) < 0)) {
		check_free(c);
		return -1;
	}
	*out = c;
	return 0;
}

/* ---- evaluation helpers ---- */

__attribute__((format(printf, 2, 3)))
bool check_seen(struct check_result *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->seen, sizeof r->seen, fmt, ap);
	va_end(ap);
	return false;
}

bool check_fail(struct check_result *r, const char *clause, const char *val)
{
	if (val)
		snprintf(r->clause, sizeof r->clause, "%s %s", clause, val);
	else
		snprintf(r->clause, sizeof r->clause, "%s", clause);
	r->ok = false;
	return false;
}

void check_sleep_ms(unsigned ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

pid_t check_node_pid(const char *node)
{
	struct err e = ERR_INIT;
	pid_t pid = 0, *pids = NULL;
	size_t n = 0;

	if (!strcmp(node, "host"))
		return getpid();
	if (node_holder(node, &pid, &e) == 0 && pid > 0)
		return pid;
	if (node_pids(node, &pids, &n, &e) == 0 && n > 0)
		pid = pids[0];
	free(pids);
	return pid;
}

int check_target_pids(const char *w, pid_t **pids, size_t *n, struct check_result *r)
{
	char node[NODE_NAME_MAX + 1];
	struct err e = ERR_INIT;

	*n = 0;
	if (target_pids(w, pids, n, node, sizeof node, &e) < 0) {
		check_seen(r, "%s", e.msg);
		return -1;
	}
	return 0;
}

const char *check_proc_stat(pid_t pid, char *buf, size_t size)
{
	char path[64];
	const char *p;
	ssize_t n;
	int fd;

	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	/* The name may hold ") ": the last ')' ends it. */
	p = strrchr(buf, ')');
	return p && p[1] == ' ' ? p + 2 : NULL;
}

struct ns_job {
	int nsfd, nstype;
	void (*fn)(void *);
	void *arg;
	int err;
};

static void *ns_thread(void *p)
{
	struct ns_job *j = p;
	if (setns(j->nsfd, j->nstype) < 0) {
		j->err = errno;
		return NULL;
	}
	j->fn(j->arg);
	return NULL;
}

int check_in_ns(int nsfd, int nstype, void (*fn)(void *), void *arg)
{
	struct ns_job j = { nsfd, nstype, fn, arg, 0 };
	pthread_t t;
	int rc = pthread_create(&t, NULL, ns_thread, &j);
	if (rc)
		return rc;
	pthread_join(t, NULL);
	return j.err;
}

/* ---- evaluation and hints ---- */

bool check_eval(const struct check *c, struct check_result *res)
{
	struct check_result local;
	struct check_result *r = res ? res : &local;
	bool ok = false;

	memset(r, 0, sizeof *r);
	ok = c->verb->eval(c, r);
	r->ok = ok;
	if (!ok && !r->clause[0])
		snprintf(r->clause, sizeof r->clause, "%s", c->verb->name);
	/* Each `not`, innermost first, turns the result over. */
	for (int n = 0; n < c->nnot; n++) {
		struct check_result in = *r;
		memset(r, 0, sizeof *r);
		ok = !in.ok;
		if (in.ok) {
			snprintf(r->clause, sizeof r->clause, "not");
			check_seen(r, _("it should not hold, but it does: %s"), in.seen);
		} else {
			snprintf(r->seen, sizeof r->seen, "%s", in.seen);
		}
		r->ok = ok;
		if (!ok && !r->clause[0])
			snprintf(r->clause, sizeof r->clause, "not");
	}
	return ok;
}

/* Does s start with prefix? ("route frontend" starts "route frontend1 ...") */
static bool starts_words(const char *s, const char *prefix)
{
	size_t n = strlen(prefix);
	return n && !strncmp(s, prefix, n);
}

int check_hint_match(const char *prefix, const struct check *c, const struct check_result *r)
{
	if (r && r->clause[0] && starts_words(r->clause, prefix))
		return 2;
	if (starts_words(c->text, prefix))
		return 1;
	return 0;
}

bool check_hint_plausible(const char *prefix, const struct check *c)
{
	const char *t = c->text;
	if (!*prefix)
		return false;	/* "" is in every text: it names nothing */
	if (starts_words(t, prefix))
		return true;
	/* A clause: the prefix appears at a word start inside the check. */
	for (const char *p = t; (p = strstr(p, prefix)); p++)
		if ((p == t || p[-1] == ' ') && starts_words(p, prefix))
			return true;
	/* The head of a check ("link", "addr"...) also names its failure,
	 * and so may the heads of what the verb names when it fails. */
	size_t n = strcspn(prefix, " ");
	if (c->verb->names && n > 0 && n < 32) {
		char head[32];
		snprintf(head, sizeof head, "%.*s", (int)n, prefix);
		for (const char *p = c->verb->names; (p = strstr(p, head)); p++)
			if ((p == c->verb->names || p[-1] == ' ') && (p[n] == ' ' || !p[n]))
				return true;
	}
	return !strcmp(prefix, check_verb(c));
}
