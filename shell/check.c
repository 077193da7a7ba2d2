/* check.c: the lesson check vocabulary (see check.h and
 * docs/lesson-format.es.md). Each check is parsed once into words and
 * evaluated as a query on the world model (world/net.h, world/procs.h,
 * world/cgroups.h), which reads the kernel; the few facts the model does
 * not hold (a ping, a hostname, a uid map, a command's exit status) are
 * read from the kernel directly. Never from aisla's journal.
 *
 * The world functions are referenced weakly: while a part of the model is
 * not linked in yet, the checks that need it say so instead of breaking
 * the build.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/icmp6.h>
#include <netinet/ip.h>
#include <netinet/ip_icmp.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "check.h"
#include "i18n.h"
#include "run.h"
#include "tok.h"
#include "world/world.h"
#include "world/net.h"
#include "world/procs.h"
#include "world/cgroups.h"
#include "../commands/node.h"

/* Weak references to the model: NULL until its part is linked in. */
#pragma weak world_net_link
#pragma weak world_net_ns
#pragma weak world_net_has_addr
#pragma weak world_net_has_route
#pragma weak world_net_forwarding
#pragma weak world_net_peer
#pragma weak world_net_refresh
#pragma weak procs_count
#pragma weak procs_at
#pragma weak procs_find
#pragma weak procs_refresh
#pragma weak procs_read
#pragma weak world_cgroups_find
#pragma weak world_cgroups_refresh
#pragma weak world_cgroups_of_pid
#pragma weak world_cgroups_fmt_cpu
#pragma weak world_cgroups_fmt_bytes
#pragma weak node_exists
#pragma weak node_holder
#pragma weak node_pids
#pragma weak node_netns_fd
#pragma weak node_run
#pragma weak node_name_valid

enum verb {
	V_NODE, V_LINK, V_ADDR, V_ROUTE, V_FORWARD, V_PING, V_PID1, V_PIDS,
	V_UID, V_HOSTNAME, V_ROOT, V_CGROUP, V_INCGROUP, V_CPU, V_NICE,
	V_EXIT, V_NOT, V_FILE, V_OOM, V_FORKREF, V_PROC, V_RAN, V_BRIDGE,
};

static const struct {
	const char *name;
	enum verb v;
	const char *form;
} verbs[] = {
	{ "node", V_NODE, "node N [net] [pid] [user] [mount] [uts] [ipc] [cgroup]" },
	{ "link", V_LINK, "link IF@N [up|down] [kind K] [peer IF2@N2] [master BR|nomaster]" },
	{ "addr", V_ADDR, "addr IF@N CIDR" },
	{ "route", V_ROUTE, "route N DEST|default [via GW] [dev IF]" },
	{ "forward", V_FORWARD, "forward N on|off" },
	{ "ping", V_PING, "ping N DEST" },
	{ "pid1", V_PID1, "pid1 N CMD" },
	{ "pids", V_PIDS, "pids N < K   (también <=, >, >=, ==)" },
	{ "uid", V_UID, "uid N 0 -> UID" },
	{ "hostname", V_HOSTNAME, "hostname N NAME" },
	{ "root", V_ROOT, "root PID|N DIR" },
	{ "cgroup", V_CGROUP, "cgroup G KEY VALUE" },
	{ "in-cgroup", V_INCGROUP, "in-cgroup N|PID G" },
	{ "cpu", V_CPU, "cpu PID|N|G between A% B%" },
	{ "nice", V_NICE, "nice PID|N VALUE" },
	{ "exit", V_EXIT, "exit [in N] CMD... == CODE" },
	{ "not", V_NOT, "not CHECK" },
	{ "file", V_FILE, "file PATH" },
	{ "oom", V_OOM, "oom G" },
	{ "fork-refused", V_FORKREF, "fork-refused G" },
	{ "proc", V_PROC, "proc CMD..." },
	{ "ran", V_RAN, "ran WORDS..." },
	{ "bridge", V_BRIDGE, "bridge BR@N [IF...]" },
};
#define NVERBS (sizeof verbs / sizeof verbs[0])

const char *const check_forms[] = {
	"node N [net] [pid] [user] [mount] [uts] [ipc] [cgroup]",
	"link IF@N [up|down] [kind K] [peer IF2@N2] [master BR|nomaster]",
	"addr IF@N CIDR",
	"route N DEST|default [via GW] [dev IF]",
	"forward N on|off",
	"ping N DEST",
	"pid1 N CMD",
	"pids N < K",
	"uid N 0 -> UID",
	"hostname N NAME",
	"root PID|N DIR",
	"cgroup G KEY VALUE",
	"in-cgroup N|PID G",
	"cpu PID|N|G between A% B%",
	"nice PID|N VALUE",
	"exit [in N] CMD... == CODE",
	"not CHECK",
	"file PATH",
	"oom G",
	"fork-refused G",
	"proc CMD...",
	"ran WORDS...",
	"bridge BR@N [IF...]",
	NULL,
};

static const char *const ns_words[] = { "net", "pid", "user", "mount", "uts", "ipc", "cgroup" };

struct check {
	char *text;
	enum verb v;
	int argc;
	char **argv;		/* words after the verb (owned, from tok) */
	struct tok_line tl;
	struct check *inner;	/* not CHECK */
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

const char *check_text(const struct check *c) { return c->text; }

const char *check_verb(const struct check *c) { return verbs[c->v].name; }

bool check_is_slow(const struct check *c)
{
	if (c->v == V_NOT)
		return check_is_slow(c->inner);
	return c->v == V_PING || c->v == V_CPU || c->v == V_EXIT;
}

void check_free(struct check *c)
{
	if (!c)
		return;
	check_free(c->inner);
	tok_line_free(&c->tl);
	free(c->text);
	free(c);
}

/* ---- parsing ---- */

static int form_hint(struct err *e, enum verb v)
{
	return err_hint(e, _("the form is: %s"), verbs[v].form);
}

static int want_args(struct check *c, int min, int max, struct err *e)
{
	if (c->argc < min) {
		err_set(e, _("check '%s': missing words"), c->text);
		return form_hint(e, c->v);
	}
	if (max >= 0 && c->argc > max) {
		err_set(e, _("check '%s': '%s' is left over"), c->text, c->argv[max]);
		return form_hint(e, c->v);
	}
	return 0;
}

static bool valid_node(const char *n)
{
	struct err e = ERR_INIT;
	size_t len = strlen(n);

	if (node_name_valid)
		return node_name_valid(n, &e) == 0;
	if (len == 0 || len > 15 || n[0] == '-' || n[0] == '.')
		return false;
	return strspn(n, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-") == len;
}

static bool valid_ifname(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n >= IFNAMSIZ || !strcmp(s, ".") || !strcmp(s, ".."))
		return false;
	for (; *s; s++)
		if (*s == '/' || isspace((unsigned char)*s) || *s == '@')
			return false;
	return true;
}

/* Split "IF@NODE" (bare IF: "host"). */
static int split_ifnode(const char *w, char *ifn, char *node)
{
	const char *at = strrchr(w, '@');
	size_t n = at ? (size_t)(at - w) : strlen(w);

	if (n >= IFNAMSIZ)
		return -1;
	memcpy(ifn, w, n);
	ifn[n] = '\0';
	snprintf(node, NODE_NAME_MAX + 1, "%s", at ? at + 1 : "host");
	if (!valid_ifname(ifn) || !valid_node(node))
		return -1;
	return 0;
}

static int need_ifnode(struct check *c, const char *w, struct err *e)
{
	char ifn[IFNAMSIZ], node[NODE_NAME_MAX + 1];
	if (split_ifnode(w, ifn, node) < 0) {
		err_set(e, _("check '%s': '%s' is not IF@NODE"), c->text, w);
		return form_hint(e, c->v);
	}
	return 0;
}

static int need_node(struct check *c, const char *w, struct err *e)
{
	if (!valid_node(w)) {
		err_set(e, _("check '%s': '%s' is not a valid node name"), c->text, w);
		return form_hint(e, c->v);
	}
	return 0;
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

static int need_target(struct check *c, const char *w, struct err *e)
{
	if (all_digits(w))
		return 0;
	return need_node(c, w, e);
}

/* Parse "10.0.0.1/24" or "fd00::1/64" (prefix optional when bare_ok). */
static int parse_cidr(const char *s, int *family, unsigned char *bin, int *plen, bool bare_ok)
{
	char buf[64];
	const char *slash = strchr(s, '/');
	size_t n = slash ? (size_t)(slash - s) : strlen(s);

	if (n >= sizeof buf)
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (inet_pton(AF_INET, buf, bin) == 1)
		*family = AF_INET;
	else if (inet_pton(AF_INET6, buf, bin) == 1)
		*family = AF_INET6;
	else
		return -1;
	if (!slash) {
		if (!bare_ok)
			return -1;
		*plen = -1;
		return 0;
	}
	char *end;
	long p = strtol(slash + 1, &end, 10);
	if (*end || end == slash + 1 || p < 0 || p > (*family == AF_INET ? 32 : 128))
		return -1;
	*plen = (int)p;
	return 0;
}

static int need_cidr(struct check *c, const char *w, bool bare_ok, struct err *e)
{
	int fam, plen;
	unsigned char bin[16];
	if (parse_cidr(w, &fam, bin, &plen, bare_ok) < 0) {
		err_set(e, _("check '%s': '%s' is not an address%s"), c->text, w,
			bare_ok ? "" : _(" with its prefix (10.0.0.1/24)"));
		return form_hint(e, c->v);
	}
	return 0;
}

static int need_ip(struct check *c, const char *w, struct err *e)
{
	unsigned char bin[16];
	if (inet_pton(AF_INET, w, bin) != 1 && inet_pton(AF_INET6, w, bin) != 1) {
		err_set(e, _("check '%s': '%s' is not an IP address"), c->text, w);
		return form_hint(e, c->v);
	}
	return 0;
}

static int parse_pct(const char *s, double *v)
{
	char *end;
	*v = strtod(s, &end);
	if (end == s || (*end && strcmp(end, "%")) || *v < 0)
		return -1;
	return 0;
}

static int parse_body(struct check *c, struct err *e)
{
	int i;

	switch (c->v) {
	case V_NODE:
		if (want_args(c, 1, 8, e) < 0 || need_node(c, c->argv[0], e) < 0)
			return -1;
		for (i = 1; i < c->argc; i++) {
			size_t k;
			for (k = 0; k < 7; k++)
				if (!strcmp(c->argv[i], ns_words[k]))
					break;
			if (k == 7) {
				err_set(e, _("check '%s': '%s' is not a namespace type"), c->text, c->argv[i]);
				return form_hint(e, c->v);
			}
		}
		return 0;
	case V_LINK:
		if (want_args(c, 1, -1, e) < 0 || need_ifnode(c, c->argv[0], e) < 0)
			return -1;
		for (i = 1; i < c->argc; i++) {
			const char *w = c->argv[i];
			if (!strcmp(w, "up") || !strcmp(w, "down") || !strcmp(w, "nomaster"))
				continue;
			if (!strcmp(w, "kind") || !strcmp(w, "master") || !strcmp(w, "peer")) {
				if (i + 1 >= c->argc) {
					err_set(e, _("check '%s': '%s' needs a value"), c->text, w);
					return form_hint(e, c->v);
				}
				if (!strcmp(w, "peer") && need_ifnode(c, c->argv[i + 1], e) < 0)
					return -1;
				if (!strcmp(w, "master") && !valid_ifname(c->argv[i + 1])) {
					err_set(e, _("check '%s': '%s' is not an interface name"),
						c->text, c->argv[i + 1]);
					return form_hint(e, c->v);
				}
				i++;
				continue;
			}
			err_set(e, _("check '%s': unknown word '%s'"), c->text, w);
			return form_hint(e, c->v);
		}
		return 0;
	case V_ADDR:
		if (want_args(c, 2, 2, e) < 0 || need_ifnode(c, c->argv[0], e) < 0)
			return -1;
		return need_cidr(c, c->argv[1], true, e);
	case V_ROUTE:
		if (want_args(c, 2, 6, e) < 0 || need_node(c, c->argv[0], e) < 0)
			return -1;
		if (strcmp(c->argv[1], "default") && need_cidr(c, c->argv[1], true, e) < 0)
			return -1;
		for (i = 2; i < c->argc; i += 2) {
			if (i + 1 >= c->argc || (strcmp(c->argv[i], "via") && strcmp(c->argv[i], "dev"))) {
				err_set(e, _("check '%s': unknown word '%s'"), c->text, c->argv[i]);
				return form_hint(e, c->v);
			}
			if (!strcmp(c->argv[i], "via") && need_ip(c, c->argv[i + 1], e) < 0)
				return -1;
			if (!strcmp(c->argv[i], "dev") && !valid_ifname(c->argv[i + 1])) {
				err_set(e, _("check '%s': '%s' is not an interface name"), c->text, c->argv[i + 1]);
				return form_hint(e, c->v);
			}
		}
		return 0;
	case V_FORWARD:
		if (want_args(c, 2, 2, e) < 0 || need_node(c, c->argv[0], e) < 0)
			return -1;
		if (strcmp(c->argv[1], "on") && strcmp(c->argv[1], "off")) {
			err_set(e, _("check '%s': say 'on' or 'off', not '%s'"), c->text, c->argv[1]);
			return form_hint(e, c->v);
		}
		return 0;
	case V_PING:
		if (want_args(c, 2, 2, e) < 0 || need_node(c, c->argv[0], e) < 0)
			return -1;
		return need_ip(c, c->argv[1], e);
	case V_PID1:
		if (want_args(c, 2, 2, e) < 0)
			return -1;
		return need_node(c, c->argv[0], e);
	case V_PIDS: {
		static const char *const ops[] = { "<", "<=", ">", ">=", "==" };
		char *end;
		size_t k;
		if (want_args(c, 3, 3, e) < 0 || need_node(c, c->argv[0], e) < 0)
			return -1;
		for (k = 0; k < 5; k++)
			if (!strcmp(c->argv[1], ops[k]))
				break;
		c->k = strtol(c->argv[2], &end, 10);
		if (k == 5 || *end || end == c->argv[2]) {
			err_set(e, _("check '%s': expected a comparison and a number"), c->text);
			return form_hint(e, c->v);
		}
		snprintf(c->op, sizeof c->op, "%s", ops[k]);
		return 0;
	}
	case V_UID:
		if (want_args(c, 4, 4, e) < 0 || need_node(c, c->argv[0], e) < 0)
			return -1;
		if (!all_digits(c->argv[1]) || strcmp(c->argv[2], "->") || !all_digits(c->argv[3])) {
			err_set(e, _("check '%s': expected 'UID -> UID'"), c->text);
			return form_hint(e, c->v);
		}
		return 0;
	case V_HOSTNAME:
		if (want_args(c, 2, 2, e) < 0)
			return -1;
		return need_node(c, c->argv[0], e);
	case V_ROOT:
		if (want_args(c, 2, 2, e) < 0 || need_target(c, c->argv[0], e) < 0)
			return -1;
		if (c->argv[1][0] != '/') {
			err_set(e, _("check '%s': '%s' is not an absolute path"), c->text, c->argv[1]);
			return form_hint(e, c->v);
		}
		return 0;
	case V_CGROUP:
		return want_args(c, 3, 3, e);
	case V_INCGROUP:
		if (want_args(c, 2, 2, e) < 0)
			return -1;
		return need_target(c, c->argv[0], e);
	case V_CPU:
		if (want_args(c, 4, 4, e) < 0)
			return -1;
		if (strcmp(c->argv[1], "between") || parse_pct(c->argv[2], &c->lo) < 0 ||
		    parse_pct(c->argv[3], &c->hi) < 0 || c->lo > c->hi) {
			err_set(e, _("check '%s': expected 'between A%% B%%'"), c->text);
			return form_hint(e, c->v);
		}
		return 0;
	case V_NICE: {
		char *end;
		if (want_args(c, 2, 2, e) < 0 || need_target(c, c->argv[0], e) < 0)
			return -1;
		long n = strtol(c->argv[1], &end, 10);
		if (*end || end == c->argv[1] || n < -20 || n > 19) {
			err_set(e, _("check '%s': a niceness is a number from -20 to 19"), c->text);
			return form_hint(e, c->v);
		}
		return 0;
	}
	case V_EXIT: {
		char *end;
		int from = 0;
		if (c->argc >= 2 && !strcmp(c->argv[0], "in")) {
			if (need_node(c, c->argv[1], e) < 0)
				return -1;
			c->in_node = c->argv[1];
			from = 2;
		}
		if (c->argc - from < 3 || strcmp(c->argv[c->argc - 2], "==")) {
			err_set(e, _("check '%s': expected a command, '==' and a status"), c->text);
			return form_hint(e, c->v);
		}
		c->code = (int)strtol(c->argv[c->argc - 1], &end, 10);
		if (*end || end == c->argv[c->argc - 1]) {
			err_set(e, _("check '%s': expected a command, '==' and a status"), c->text);
			return form_hint(e, c->v);
		}
		c->cmd_from = from;
		c->cmd_to = c->argc - 2;
		return 0;
	}
	case V_FILE:
	case V_OOM:
	case V_FORKREF:
		return want_args(c, 1, 1, e);
	case V_PROC:
	case V_RAN:
		return want_args(c, 1, -1, e);
	case V_BRIDGE:
		if (want_args(c, 1, -1, e) < 0 || need_ifnode(c, c->argv[0], e) < 0)
			return -1;
		for (i = 1; i < c->argc; i++)
			if (!valid_ifname(c->argv[i])) {
				err_set(e, _("check '%s': '%s' is not an interface name"), c->text, c->argv[i]);
				return form_hint(e, c->v);
			}
		return 0;
	case V_NOT:
		return 0;
	}
	return 0;
}

int check_parse(const char *text, struct check **out, struct err *e)
{
	struct check *c = calloc(1, sizeof *c);
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
	for (i = 0; i < NVERBS; i++)
		if (!strcmp(c->tl.cmds[0].argv[0], verbs[i].name))
			break;
	if (i == NVERBS) {
		const char *best = NULL;
		int bd = 99;
		for (size_t k = 0; k < NVERBS; k++) {
			int d = 0;
			/* A cheap distance: common prefix mismatch count. */
			const char *a = c->tl.cmds[0].argv[0], *b = verbs[k].name;
			while (*a || *b) {
				if (*a != *b)
					d++;
				if (*a)
					a++;
				if (*b)
					b++;
			}
			if (d < bd) {
				bd = d;
				best = verbs[k].name;
			}
		}
		err_set(e, _("unknown check '%s'"), c->tl.cmds[0].argv[0]);
		if (best && bd <= 2)
			err_hint(e, _("did you mean '%s'? The checks are listed in docs/lesson-format.es.md"), best);
		else
			err_hint(e, _("the checks are listed in docs/lesson-format.es.md"));
		check_free(c);
		return -1;
	}
	c->v = verbs[i].v;
	c->argc = c->tl.cmds[0].argc - 1;
	c->argv = c->tl.cmds[0].argv + 1;
	if (c->v == V_NOT) {
		const char *rest = c->text + 3;
		if (c->argc < 1) {
			err_set(e, _("check '%s': 'not' needs a check"), c->text);
			check_free(c);
			return form_hint(e, V_NOT);
		}
		if (check_parse(rest, &c->inner, e) < 0) {
			check_free(c);
			return -1;
		}
	} else if (parse_body(c, e) < 0) {
		check_free(c);
		return -1;
	}
	*out = c;
	return 0;
}

/* ---- evaluation helpers ---- */

__attribute__((format(printf, 2, 3)))
static bool seen(struct check_result *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->seen, sizeof r->seen, fmt, ap);
	va_end(ap);
	return false;
}

static bool fail_clause(struct check_result *r, const char *clause, const char *val)
{
	if (val)
		snprintf(r->clause, sizeof r->clause, "%s %s", clause, val);
	else
		snprintf(r->clause, sizeof r->clause, "%s", clause);
	r->ok = false;
	return false;
}

static bool model_missing(struct check_result *r, const char *part)
{
	seen(r, _("this check cannot run yet: the model part '%s' is not built in"), part);
	return false;
}

static void sleep_ms(unsigned ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* A process of NODE that shows its namespaces: the holder, else its
 * first process. 0 if none (a netns-only node). */
static pid_t node_pid(const char *node)
{
	struct err e = ERR_INIT;
	pid_t pid = 0, *pids = NULL;
	size_t n = 0;

	if (!strcmp(node, "host"))
		return getpid();
	if (node_holder && node_holder(node, &pid, &e) == 0 && pid > 0)
		return pid;
	if (node_pids && node_pids(node, &pids, &n, &e) == 0 && n > 0)
		pid = pids[0];
	free(pids);
	return pid;
}

/* The processes of target: a PID, or every process of a node. */
static int target_pids(const char *w, pid_t **pids, size_t *n, struct check_result *r)
{
	struct err e = ERR_INIT;

	*pids = NULL;
	*n = 0;
	if (all_digits(w)) {
		char p[64];
		pid_t pid = (pid_t)atol(w);
		snprintf(p, sizeof p, "/proc/%d", (int)pid);
		if (access(p, F_OK) < 0) {
			seen(r, _("there is no process %d"), (int)pid);
			return -1;
		}
		*pids = malloc(sizeof **pids);
		if (!*pids)
			return -1;
		(*pids)[0] = pid;
		*n = 1;
		return 0;
	}
	if (!node_exists || !node_exists(w)) {
		seen(r, _("node '%s' does not exist"), w);
		return -1;
	}
	if (!node_pids || node_pids(w, pids, n, &e) < 0 || *n == 0) {
		free(*pids);
		*pids = NULL;
		seen(r, _("node '%s' has no processes"), w);
		return -1;
	}
	return 0;
}

static unsigned long ns_inode(pid_t pid, const char *type)
{
	char p[64];
	struct stat st;
	snprintf(p, sizeof p, "/proc/%d/ns/%s", (int)pid, type);
	if (stat(p, &st) < 0)
		return 0;
	return (unsigned long)st.st_ino;
}

/* Run fn in a short-lived thread that has entered namespace nsfd (the
 * main thread never changes its namespaces). */
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

static int in_ns(int nsfd, int nstype, void (*fn)(void *), void *arg)
{
	struct ns_job j = { nsfd, nstype, fn, arg, 0 };
	pthread_t t;
	int rc = pthread_create(&t, NULL, ns_thread, &j);
	if (rc)
		return rc;
	pthread_join(t, NULL);
	return j.err;
}

/* ---- the checks ---- */

static bool eval_node(const struct check *c, struct check_result *r)
{
	const char *n = c->argv[0];
	pid_t pid;

	if (!node_exists)
		return model_missing(r, "node");
	if (!node_exists(n)) {
		fail_clause(r, "node", n);
		return seen(r, _("node '%s' does not exist"), n);
	}
	if (c->argc == 1) {
		seen(r, _("node '%s' exists"), n);
		return true;
	}
	pid = node_pid(n);
	for (int i = 1; i < c->argc; i++) {
		const char *w = c->argv[i];
		const char *file = !strcmp(w, "mount") ? "mnt" : w;
		bool own;

		if (!strcmp(w, "net") && strcmp(n, "host")) {
			char p[64];
			snprintf(p, sizeof p, "/run/netns/%s", n);
			own = access(p, F_OK) == 0 ||
			      (pid > 0 && ns_inode(pid, "net") != ns_inode(getpid(), "net"));
		} else if (pid <= 0) {
			own = false;
		} else {
			own = ns_inode(pid, file) != ns_inode(getpid(), file);
		}
		if (!own) {
			fail_clause(r, w, NULL);
			return seen(r, _("node '%s' exists but has no %s namespace of its own"), n, w);
		}
	}
	seen(r, _("node '%s' exists with those namespaces"), n);
	return true;
}

/* Read a namespace again before asking about it: the command that just
 * ran changed it, and its events may still be queued. */
static void net_refresh(const char *node)
{
	if (world_net_refresh)
		world_net_refresh(node);
}

static bool eval_link(const struct check *c, struct check_result *r)
{
	char ifn[IFNAMSIZ], node[NODE_NAME_MAX + 1];
	const struct net_link *lp;
	struct net_link lk, *l = &lk;	/* a copy: the next query may re-read */

	split_ifnode(c->argv[0], ifn, node);
	if (!world_net_link)
		return model_missing(r, "net");
	net_refresh(node);
	lp = world_net_link(node, ifn);
	if (!lp) {
		fail_clause(r, "link", c->argv[0]);
		if (strcmp(node, "host") && node_exists && !node_exists(node))
			return seen(r, _("node '%s' does not exist"), node);
		return seen(r, _("there is no interface '%s' in '%s'"), ifn, node);
	}
	lk = *lp;
	for (int i = 1; i < c->argc; i++) {
		const char *w = c->argv[i];
		if (!strcmp(w, "up") && !l->up) {
			fail_clause(r, "up", NULL);
			return seen(r, _("'%s' exists but is DOWN"), c->argv[0]);
		}
		if (!strcmp(w, "down") && l->up) {
			fail_clause(r, "down", NULL);
			return seen(r, _("'%s' is UP"), c->argv[0]);
		}
		if (!strcmp(w, "nomaster") && l->master) {
			fail_clause(r, "nomaster", NULL);
			return seen(r, _("'%s' is a port of the bridge '%s'"), c->argv[0], l->master_name);
		}
		if (!strcmp(w, "kind")) {
			const char *want = c->argv[++i];
			if (strcmp(l->kind, want)) {
				fail_clause(r, "kind", want);
				return seen(r, _("'%s' is of kind '%s', not '%s'"), c->argv[0],
					    l->kind[0] ? l->kind : "device", want);
			}
		}
		if (!strcmp(w, "master")) {
			const char *want = c->argv[++i];
			if (strcmp(l->master_name, want)) {
				fail_clause(r, "master", want);
				if (!l->master)
					return seen(r, _("'%s' is not a port of any bridge"), c->argv[0]);
				return seen(r, _("'%s' is a port of '%s', not of '%s'"), c->argv[0],
					    l->master_name, want);
			}
		}
		if (!strcmp(w, "peer")) {
			const char *want = c->argv[++i];
			char wif[IFNAMSIZ], wnode[NODE_NAME_MAX + 1];
			char peer[IFNAMSIZ] = "", peer_ns[NET_NS_NAME_MAX] = "";
			split_ifnode(want, wif, wnode);
			if (strcmp(wnode, node))
				net_refresh(wnode);
			if (strcmp(l->kind, "veth")) {
				fail_clause(r, "peer", want);
				return seen(r, _("'%s' is not a veth: it has no peer"), c->argv[0]);
			}
			if (world_net_peer && world_net_peer(node, ifn, peer, peer_ns) == 0) {
				if (strcmp(peer, wif) || strcmp(peer_ns, wnode)) {
					fail_clause(r, "peer", want);
					return seen(r, _("the other end of '%s' is '%s@%s'"), c->argv[0],
						    peer, peer_ns);
				}
			} else {
				/* Fall back: both ends name each other by index. */
				const struct net_link *p = world_net_link(wnode, wif);
				int my_index = l->index, peer_of_mine = l->peer_index;
				if (!p || p->index != peer_of_mine || p->peer_index != my_index) {
					fail_clause(r, "peer", want);
					return seen(r, _("the other end of '%s' is not '%s'"), c->argv[0], want);
				}
			}
		}
	}
	seen(r, _("'%s' exists (%s, %s)"), c->argv[0], l->kind[0] ? l->kind : "device",
	     l->up ? "UP" : "DOWN");
	return true;
}

static bool eval_addr(const struct check *c, struct check_result *r)
{
	char ifn[IFNAMSIZ], node[NODE_NAME_MAX + 1];
	const struct net_ns *ns;

	split_ifnode(c->argv[0], ifn, node);
	if (!world_net_link || !world_net_has_addr)
		return model_missing(r, "net");
	net_refresh(node);
	if (!world_net_link(node, ifn)) {
		fail_clause(r, "addr", c->argv[0]);
		return seen(r, _("there is no interface '%s' in '%s'"), ifn, node);
	}
	if (world_net_has_addr(node, ifn, c->argv[1])) {
		seen(r, _("'%s' has %s"), c->argv[0], c->argv[1]);
		return true;
	}
	fail_clause(r, "addr", c->argv[0]);
	/* Say which addresses it does have. */
	ns = world_net_ns ? world_net_ns(node) : NULL;
	if (ns) {
		char list[256] = "";
		size_t len = 0;
		for (int i = 0; i < ns->naddrs; i++) {
			if (strcmp(ns->addrs[i].ifname, ifn) || !strcmp(ns->addrs[i].scope, "link"))
				continue;
			len += (size_t)snprintf(list + len, len < sizeof list ? sizeof list - len : 0,
						"%s%s", len ? ", " : "", ns->addrs[i].cidr);
			if (len >= sizeof list)
				break;
		}
		if (list[0])
			return seen(r, _("'%s' has %s, not %s"), c->argv[0], list, c->argv[1]);
	}
	return seen(r, _("'%s' has no address %s (it has no address)"), c->argv[0], c->argv[1]);
}

static bool eval_route(const struct check *c, struct check_result *r)
{
	const char *node = c->argv[0], *gw = NULL, *dev = NULL;

	if (!world_net_has_route)
		return model_missing(r, "net");
	net_refresh(node);
	for (int i = 2; i + 1 < c->argc; i += 2) {
		if (!strcmp(c->argv[i], "via"))
			gw = c->argv[i + 1];
		else
			dev = c->argv[i + 1];
	}
	if (strcmp(node, "host") && node_exists && !node_exists(node)) {
		fail_clause(r, "route", node);
		return seen(r, _("node '%s' does not exist"), node);
	}
	if (world_net_has_route(node, c->argv[1], gw, dev)) {
		seen(r, _("'%s' has a route to %s"), node, c->argv[1]);
		return true;
	}
	if ((gw || dev) && world_net_has_route(node, c->argv[1], NULL, NULL)) {
		fail_clause(r, gw ? "via" : "dev", gw ? gw : dev);
		return seen(r, _("'%s' has a route to %s, but not %s %s"), node, c->argv[1],
			    gw ? "via" : "dev", gw ? gw : dev);
	}
	fail_clause(r, "route", node);
	return seen(r, _("'%s' has no route to %s"), node, c->argv[1]);
}

static bool eval_forward(const struct check *c, struct check_result *r)
{
	const char *node = c->argv[0];
	bool want = !strcmp(c->argv[1], "on");
	int v;

	if (!world_net_forwarding)
		return model_missing(r, "net");
	v = world_net_forwarding(node, AF_INET);
	if (v < 0) {
		fail_clause(r, "forward", node);
		return seen(r, _("node '%s' does not exist"), node);
	}
	if ((v == 1) != want) {
		fail_clause(r, want ? "on" : "off", NULL);
		return seen(r, _("IP forwarding in '%s' is %s"), node, v ? _("on") : _("off"));
	}
	seen(r, _("IP forwarding in '%s' is %s"), node, v ? _("on") : _("off"));
	return true;
}

/* ping: a raw ICMP socket opened inside the node's netns by a helper
 * thread; the main thread sends one echo request and waits 2 s. */
struct sock_open {
	int family, fd, err;
};

static void open_icmp(void *p)
{
	struct sock_open *s = p;
	s->fd = socket(s->family, SOCK_RAW | SOCK_CLOEXEC,
		       s->family == AF_INET ? IPPROTO_ICMP : IPPROTO_ICMPV6);
	if (s->fd < 0)
		s->err = errno;
}

static uint16_t in_cksum(const void *data, size_t len)
{
	const uint16_t *w = data;
	uint32_t sum = 0;
	for (; len > 1; len -= 2)
		sum += *w++;
	if (len)
		sum += *(const uint8_t *)w;
	sum = (sum >> 16) + (sum & 0xffff);
	sum += sum >> 16;
	return (uint16_t)~sum;
}

static bool eval_ping(const struct check *c, struct check_result *r)
{
	const char *node = c->argv[0], *dest = c->argv[1];
	struct sock_open so = { AF_INET, -1, 0 };
	struct sockaddr_storage sa;
	socklen_t salen;
	unsigned char pkt[64], buf[1500];
	uint16_t id = (uint16_t)(getpid() ^ (rand() & 0xffff));
	struct err e = ERR_INIT;
	int nsfd = -1;

	memset(&sa, 0, sizeof sa);
	if (inet_pton(AF_INET, dest, &((struct sockaddr_in *)&sa)->sin_addr) == 1) {
		sa.ss_family = AF_INET;
		salen = sizeof(struct sockaddr_in);
	} else {
		inet_pton(AF_INET6, dest, &((struct sockaddr_in6 *)&sa)->sin6_addr);
		sa.ss_family = AF_INET6;
		salen = sizeof(struct sockaddr_in6);
		so.family = AF_INET6;
	}
	if (!strcmp(node, "host")) {
		open_icmp(&so);
	} else {
		if (!node_netns_fd || node_netns_fd(node, &nsfd, &e) < 0) {
			fail_clause(r, "ping", node);
			return seen(r, _("node '%s' does not exist"), node);
		}
		int rc = in_ns(nsfd, CLONE_NEWNET, open_icmp, &so);
		close(nsfd);
		if (rc) {
			fail_clause(r, "ping", node);
			return seen(r, _("cannot enter the network of '%s': %s"), node, err_strerror(rc));
		}
	}
	if (so.fd < 0) {
		fail_clause(r, "ping", node);
		return seen(r, _("cannot send a ping from '%s': %s"), node, err_strerror(so.err));
	}
	memset(pkt, 0, sizeof pkt);
	if (so.family == AF_INET) {
		struct icmphdr *h = (struct icmphdr *)pkt;
		h->type = ICMP_ECHO;
		h->un.echo.id = htons(id);
		h->un.echo.sequence = htons(1);
		h->checksum = in_cksum(pkt, sizeof pkt);
	} else {
		struct icmp6_hdr *h = (struct icmp6_hdr *)pkt;
		h->icmp6_type = ICMP6_ECHO_REQUEST;
		h->icmp6_id = htons(id);
		h->icmp6_seq = htons(1);	/* the kernel computes the checksum */
	}
	if (sendto(so.fd, pkt, sizeof pkt, 0, (struct sockaddr *)&sa, salen) < 0) {
		int err = errno;
		close(so.fd);
		fail_clause(r, "ping", node);
		return seen(r, _("ping from '%s' to %s: %s"), node, dest, err_strerror(err));
	}
	uint64_t deadline;
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	deadline = (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000 + 2000;
	for (;;) {
		struct pollfd pfd = { so.fd, POLLIN, 0 };
		uint64_t now;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		now = (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
		if (now >= deadline)
			break;
		if (poll(&pfd, 1, (int)(deadline - now)) <= 0)
			continue;
		ssize_t n = recv(so.fd, buf, sizeof buf, 0);
		if (n <= 0)
			continue;
		if (so.family == AF_INET) {
			const struct iphdr *ip = (const struct iphdr *)buf;
			size_t hl = (size_t)ip->ihl * 4;
			if ((size_t)n < hl + sizeof(struct icmphdr))
				continue;
			const struct icmphdr *h = (const struct icmphdr *)(buf + hl);
			if (h->type == ICMP_ECHOREPLY && ntohs(h->un.echo.id) == id)
				goto answered;
		} else {
			const struct icmp6_hdr *h = (const struct icmp6_hdr *)buf;
			if ((size_t)n >= sizeof *h && h->icmp6_type == ICMP6_ECHO_REPLY &&
			    ntohs(h->icmp6_id) == id)
				goto answered;
		}
	}
	close(so.fd);
	fail_clause(r, "ping", node);
	return seen(r, _("a ping from '%s' to %s got no answer within 2 s"), node, dest);
answered:
	close(so.fd);
	seen(r, _("'%s' reaches %s"), node, dest);
	return true;
}

/* The pid namespace inode of a node (0 if it has none of its own). */
static unsigned long node_pidns(const char *node)
{
	pid_t pid = node_pid(node);
	unsigned long ino;
	if (pid <= 0)
		return 0;
	ino = ns_inode(pid, "pid");
	return ino == ns_inode(getpid(), "pid") ? 0 : ino;
}

static bool eval_pid1(const struct check *c, struct check_result *r)
{
	const char *node = c->argv[0], *want = c->argv[1];
	unsigned long ino;

	if (!procs_count || !procs_at)
		return model_missing(r, "procs");
	if (node_exists && !node_exists(node)) {
		fail_clause(r, "pid1", node);
		return seen(r, _("node '%s' does not exist"), node);
	}
	ino = node_pidns(node);
	if (!ino) {
		fail_clause(r, "pid1", node);
		return seen(r, _("node '%s' has no PID namespace of its own"), node);
	}
	if (procs_refresh)
		procs_refresh();
	for (size_t i = 0; i < procs_count(); i++) {
		const struct proc *p = procs_at(i);
		if (p->dead || p->ns[PNS_PID] != ino || p->nnspid < 1 || p->nspid[p->nnspid - 1] != 1)
			continue;
		char first[160];
		const char *base;
		snprintf(first, sizeof first, "%s", p->cmdline);
		first[strcspn(first, " ")] = '\0';
		base = strrchr(first, '/') ? strrchr(first, '/') + 1 : first;
		if (!strcmp(p->comm, want) || !strcmp(base, want) || !strcmp(first, want) ||
		    !strcmp(p->cmdline, want)) {
			seen(r, _("PID 1 of '%s' is %s (%d outside)"), node, p->comm, (int)p->pid);
			return true;
		}
		fail_clause(r, "pid1", node);
		return seen(r, _("PID 1 of '%s' is '%s' (%d outside), not '%s'"), node,
			    p->cmdline[0] ? p->cmdline : p->comm, (int)p->pid, want);
	}
	fail_clause(r, "pid1", node);
	return seen(r, _("no process is PID 1 in '%s'"), node);
}

static bool eval_pids(const struct check *c, struct check_result *r)
{
	const char *node = c->argv[0];
	unsigned long ino;
	long n = 0;
	bool ok;

	if (!procs_count || !procs_at)
		return model_missing(r, "procs");
	if (node_exists && !node_exists(node)) {
		fail_clause(r, "pids", node);
		return seen(r, _("node '%s' does not exist"), node);
	}
	if (procs_refresh)
		procs_refresh();
	ino = node_pidns(node);
	if (ino) {
		for (size_t i = 0; i < procs_count(); i++) {
			const struct proc *p = procs_at(i);
			if (!p->dead && p->ns[PNS_PID] == ino)
				n++;
		}
	} else {
		pid_t *pids = NULL;
		size_t np = 0;
		struct err e = ERR_INIT;
		if (node_pids && node_pids(node, &pids, &np, &e) == 0)
			n = (long)np;
		free(pids);
	}
	if (!strcmp(c->op, "<"))
		ok = n < c->k;
	else if (!strcmp(c->op, "<="))
		ok = n <= c->k;
	else if (!strcmp(c->op, ">"))
		ok = n > c->k;
	else if (!strcmp(c->op, ">="))
		ok = n >= c->k;
	else
		ok = n == c->k;
	if (!ok)
		fail_clause(r, "pids", node);
	seen(r, ngettext("'%s' has %ld process", "'%s' has %ld processes", (unsigned long)n), node, n);
	return ok;
}

static bool eval_uid(const struct check *c, struct check_result *r)
{
	const char *node = c->argv[0];
	long in = atol(c->argv[1]), want = atol(c->argv[3]);
	char path[64], line[256];
	pid_t pid;
	FILE *f;

	if (node_exists && !node_exists(node)) {
		fail_clause(r, "uid", node);
		return seen(r, _("node '%s' does not exist"), node);
	}
	pid = node_pid(node);
	if (pid <= 0) {
		fail_clause(r, "uid", node);
		return seen(r, _("node '%s' has no processes"), node);
	}
	snprintf(path, sizeof path, "/proc/%d/uid_map", (int)pid);
	f = fopen(path, "re");
	if (!f) {
		fail_clause(r, "uid", node);
		return seen(r, _("cannot read '%s': %s"), path, err_strerror(errno));
	}
	while (fgets(line, sizeof line, f)) {
		long a, b, len;
		if (sscanf(line, "%ld %ld %ld", &a, &b, &len) == 3 && in >= a && in < a + len) {
			long out = b + (in - a);
			fclose(f);
			if (out == want) {
				seen(r, _("uid %ld inside '%s' is %ld outside"), in, node, out);
				return true;
			}
			fail_clause(r, "uid", node);
			return seen(r, _("uid %ld inside '%s' is %ld outside, not %ld"), in, node, out, want);
		}
	}
	fclose(f);
	fail_clause(r, "uid", node);
	return seen(r, _("uid %ld is not mapped in '%s' (it shows as the overflow user 65534)"), in, node);
}

struct uts_job {
	char name[65];
};

static void read_uts(void *p)
{
	struct uts_job *j = p;
	struct utsname u;
	if (uname(&u) == 0)
		snprintf(j->name, sizeof j->name, "%s", u.nodename);
}

static bool eval_hostname(const struct check *c, struct check_result *r)
{
	const char *node = c->argv[0];
	struct uts_job j = { "" };
	char path[64];
	pid_t pid;
	int fd, rc;

	if (node_exists && !node_exists(node)) {
		fail_clause(r, "hostname", node);
		return seen(r, _("node '%s' does not exist"), node);
	}
	pid = node_pid(node);
	if (pid <= 0) {
		fail_clause(r, "hostname", node);
		return seen(r, _("node '%s' has no UTS namespace of its own"), node);
	}
	snprintf(path, sizeof path, "/proc/%d/ns/uts", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fail_clause(r, "hostname", node);
		return seen(r, _("cannot read '%s': %s"), path, err_strerror(errno));
	}
	rc = in_ns(fd, CLONE_NEWUTS, read_uts, &j);
	close(fd);
	if (rc) {
		fail_clause(r, "hostname", node);
		return seen(r, _("cannot enter the UTS namespace of '%s': %s"), node, err_strerror(rc));
	}
	if (strcmp(j.name, c->argv[1])) {
		fail_clause(r, "hostname", node);
		return seen(r, _("the hostname in '%s' is '%s', not '%s'"), node, j.name, c->argv[1]);
	}
	seen(r, _("the hostname in '%s' is '%s'"), node, j.name);
	return true;
}

static bool eval_root(const struct check *c, struct check_result *r)
{
	pid_t *pids;
	size_t n;
	struct stat want, got;
	char path[64], link[PATH_MAX];

	if (target_pids(c->argv[0], &pids, &n, r) < 0)
		return fail_clause(r, "root", c->argv[0]);
	if (stat(c->argv[1], &want) < 0) {
		free(pids);
		fail_clause(r, "root", c->argv[0]);
		return seen(r, _("'%s' does not exist"), c->argv[1]);
	}
	snprintf(path, sizeof path, "/proc/%d/root", (int)pids[0]);
	ssize_t len = readlink(path, link, sizeof link - 1);
	link[len > 0 ? len : 0] = '\0';
	if (stat(path, &got) < 0 || got.st_dev != want.st_dev || got.st_ino != want.st_ino) {
		free(pids);
		fail_clause(r, "root", c->argv[0]);
		return seen(r, _("process %d sees '%s' as its root, not '%s'"), (int)pids[0],
			    link[0] ? link : "?", c->argv[1]);
	}
	seen(r, _("process %d has '%s' as its root"), (int)pids[0], c->argv[1]);
	free(pids);
	return true;
}

/* Bytes from "64M", "1G", "4096", "512k". -1 if not a size. */
static long long parse_size(const char *s)
{
	char *end;
	double v = strtod(s, &end);
	long long mul = 1;
	if (end == s || v < 0)
		return -1;
	switch (toupper((unsigned char)*end)) {
	case 'K': mul = 1LL << 10; end++; break;
	case 'M': mul = 1LL << 20; end++; break;
	case 'G': mul = 1LL << 30; end++; break;
	case 'T': mul = 1LL << 40; end++; break;
	default: break;
	}
	if (*end == 'i' || *end == 'I')
		end++;
	if (*end == 'B' || *end == 'b')
		end++;
	if (*end)
		return -1;
	return (long long)(v * (double)mul);
}

static void fmt_ll(long long v, char *buf, size_t n)
{
	if (v == WCG_UNLIMITED)
		snprintf(buf, n, "max");
	else if (v == WCG_UNKNOWN)
		snprintf(buf, n, "?");
	else
		snprintf(buf, n, "%lld", v);
}

/* Compare a friendly limit; *got gets what the kernel shows. */
static int cgroup_cmp(const struct wcg_group *g, const char *key, const char *val,
		      char *got, size_t n)
{
	if (!strcmp(key, "cpu")) {
		if (world_cgroups_fmt_cpu)
			world_cgroups_fmt_cpu(g, got, n);
		else
			snprintf(got, n, "%lld %lld", g->cpu_quota_us, g->cpu_period_us);
		if (!strcmp(val, "max"))
			return g->cpu_quota_us == WCG_UNLIMITED ? 0 : 1;
		if (strchr(val, '%')) {
			double pct;
			if (parse_pct(val, &pct) < 0 || g->cpu_quota_us < 0 || g->cpu_period_us <= 0)
				return 1;
			double have = 100.0 * (double)g->cpu_quota_us / (double)g->cpu_period_us;
			return (have - pct < 0.5 && pct - have < 0.5) ? 0 : 1;
		}
		long long q, p;
		if (sscanf(val, "%lld %lld", &q, &p) == 2)
			return (q == g->cpu_quota_us && p == g->cpu_period_us) ? 0 : 1;
		return 1;
	}
	if (!strcmp(key, "cpu.weight")) {
		fmt_ll(g->cpu_weight, got, n);
		return atoll(val) == g->cpu_weight ? 0 : 1;
	}
	if (!strcmp(key, "memory")) {
		if (world_cgroups_fmt_bytes)
			world_cgroups_fmt_bytes(g->mem_max, got, n);
		else
			fmt_ll(g->mem_max, got, n);
		if (!strcmp(val, "max"))
			return g->mem_max == WCG_UNLIMITED ? 0 : 1;
		long long want = parse_size(val);
		/* v1 rounds to pages. */
		return (want >= 0 && g->mem_max >= 0 &&
			(g->mem_max == want || (g->mem_max / 4096 == want / 4096))) ? 0 : 1;
	}
	if (!strcmp(key, "pids")) {
		fmt_ll(g->pids_max, got, n);
		if (!strcmp(val, "max"))
			return g->pids_max == WCG_UNLIMITED ? 0 : 1;
		return atoll(val) == g->pids_max ? 0 : 1;
	}
	if (!strcmp(key, "cpuset")) {
		snprintf(got, n, "%s", g->cpuset[0] ? g->cpuset : "-");
		return strcmp(val, g->cpuset) ? 1 : 0;
	}
	if (!strcmp(key, "io")) {
		snprintf(got, n, "%s", g->io[0] ? g->io : "-");
		return strstr(g->io, val) ? 0 : 1;
	}
	/* A controller file of the machine's version: read it. */
	char path[512], buf[256] = "";
	int fd;
	snprintf(path, sizeof path, "%s/%s", g->path, key);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(got, n, _("(no file '%s')"), key);
		return 1;
	}
	ssize_t len = read(fd, buf, sizeof buf - 1);
	close(fd);
	buf[len > 0 ? len : 0] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	snprintf(got, n, "%s", buf);
	return strcmp(buf, val) ? 1 : 0;
}

static bool eval_cgroup(const struct check *c, struct check_result *r)
{
	const struct wcg_group *g;
	char got[160];

	if (!world_cgroups_find)
		return model_missing(r, "cgroups");
	if (world_cgroups_refresh)
		world_cgroups_refresh();
	g = world_cgroups_find(c->argv[0]);
	if (!g) {
		fail_clause(r, "cgroup", c->argv[0]);
		return seen(r, _("there is no cgroup '%s'"), c->argv[0]);
	}
	if (cgroup_cmp(g, c->argv[1], c->argv[2], got, sizeof got)) {
		fail_clause(r, c->argv[1], c->argv[2]);
		return seen(r, _("cgroup '%s' has %s = %s, not %s"), c->argv[0], c->argv[1], got,
			    c->argv[2]);
	}
	seen(r, _("cgroup '%s' has %s = %s"), c->argv[0], c->argv[1], got);
	return true;
}

static bool eval_incgroup(const struct check *c, struct check_result *r)
{
	pid_t *pids;
	size_t n;

	if (!world_cgroups_of_pid)
		return model_missing(r, "cgroups");
	if (target_pids(c->argv[0], &pids, &n, r) < 0)
		return fail_clause(r, "in-cgroup", c->argv[0]);
	for (size_t i = 0; i < n; i++) {
		const char *g = world_cgroups_of_pid(pids[i]);
		if (!g || strcmp(g, c->argv[1])) {
			fail_clause(r, "in-cgroup", c->argv[0]);
			seen(r, _("process %d is in cgroup '%s', not '%s'"), (int)pids[i],
			     g ? g : "-", c->argv[1]);
			free(pids);
			return false;
		}
	}
	seen(r, ngettext("%zu process is in '%s'", "%zu processes are in '%s'", n), n, c->argv[1]);
	free(pids);
	return true;
}

static unsigned long long pid_cpu_ticks(pid_t pid)
{
	char path[64], buf[1024];
	int fd;
	ssize_t n;
	unsigned long long ut = 0, st = 0;

	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	char *p = strrchr(buf, ')');
	if (!p)
		return 0;
	/* After ") ": state(3) ... utime is field 14, stime 15. */
	if (sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &ut, &st) != 2)
		return 0;
	return ut + st;
}

static bool eval_cpu(const struct check *c, struct check_result *r)
{
	const char *w = c->argv[0];
	double pct;
	long hz = sysconf(_SC_CLK_TCK);

	if (!all_digits(w) && !(node_exists && node_exists(w)) && world_cgroups_find) {
		/* A cgroup: its own cumulative CPU time. */
		const struct wcg_group *g;
		unsigned long long u0, u1;
		if (world_cgroups_refresh)
			world_cgroups_refresh();
		g = world_cgroups_find(w);
		if (!g) {
			fail_clause(r, "cpu", w);
			return seen(r, _("'%s' is neither a process, a node nor a cgroup"), w);
		}
		u0 = g->cpu_usage_us;
		sleep_ms(2000);
		world_cgroups_refresh();
		g = world_cgroups_find(w);
		if (!g) {
			fail_clause(r, "cpu", w);
			return seen(r, _("there is no cgroup '%s'"), w);
		}
		u1 = g->cpu_usage_us;
		pct = (double)(u1 - u0) / 20000.0;
	} else {
		pid_t *pids;
		size_t n;
		unsigned long long t0 = 0, t1 = 0;
		if (target_pids(w, &pids, &n, r) < 0)
			return fail_clause(r, "cpu", w);
		for (size_t i = 0; i < n; i++)
			t0 += pid_cpu_ticks(pids[i]);
		sleep_ms(2000);
		for (size_t i = 0; i < n; i++)
			t1 += pid_cpu_ticks(pids[i]);
		free(pids);
		pct = 100.0 * (double)(t1 - t0) / (2.0 * (double)hz);
	}
	if (pct < c->lo || pct > c->hi) {
		fail_clause(r, "cpu", w);
		return seen(r, _("'%s' used %.0f%% of a CPU, not between %.0f%% and %.0f%%"), w, pct,
			    c->lo, c->hi);
	}
	seen(r, _("'%s' used %.0f%% of a CPU"), w, pct);
	return true;
}

static int pid_nice(pid_t pid, int *nice)
{
	char path[64], buf[1024];
	int fd;
	ssize_t n;

	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	char *p = strrchr(buf, ')');
	/* nice is field 19: 17 fields after the state. */
	if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d %*d %d",
			 nice) != 1)
		return -1;
	return 0;
}

static bool eval_nice(const struct check *c, struct check_result *r)
{
	pid_t *pids;
	size_t n;
	int want = atoi(c->argv[1]);

	pid_t holder = 0;
	struct err he = ERR_INIT;

	if (target_pids(c->argv[0], &pids, &n, r) < 0)
		return fail_clause(r, "nice", c->argv[0]);
	/* A node's holder only keeps its namespaces: its niceness does not
	 * matter (renice of a node may leave it alone). */
	if (!all_digits(c->argv[0]) && node_holder)
		node_holder(c->argv[0], &holder, &he);
	for (size_t i = 0; i < n; i++) {
		int v;
		if ((n > 1 && pids[i] == holder) || pid_nice(pids[i], &v) < 0)
			continue;
		if (v != want) {
			fail_clause(r, "nice", c->argv[0]);
			seen(r, _("process %d has niceness %d, not %d"), (int)pids[i], v, want);
			free(pids);
			return false;
		}
	}
	seen(r, _("niceness %d"), want);
	free(pids);
	return true;
}

/* In the child of an exit check: quiet, stdin from /dev/null. */
static int quiet_setup(void *arg, struct err *e)
{
	int fd = open("/dev/null", O_RDWR);
	(void)arg;
	if (fd < 0)
		return err_errno(e, errno, "/dev/null");
	dup2(fd, 0);
	dup2(fd, 1);
	dup2(fd, 2);
	if (fd > 2)
		close(fd);
	return 0;
}

static bool eval_exit(const struct check *c, struct check_result *r)
{
	int n = c->cmd_to - c->cmd_from, status = 0, rc;
	char **argv = calloc((size_t)n + 1, sizeof *argv);
	struct err e = ERR_INIT;
	struct run_spec s;
	pid_t pid;

	if (!argv)
		return seen(r, "%s", err_strerror(ENOMEM));
	for (int i = 0; i < n; i++)
		argv[i] = c->argv[c->cmd_from + i];
	memset(&s, 0, sizeof s);
	s.argv = argv;
	s.mode = RUN_CAPTURE;
	s.setup = quiet_setup;
	s.keep_pdeathsig = true;
	if (c->in_node) {
		if (!node_run) {
			free(argv);
			return model_missing(r, "node");
		}
		rc = node_run(c->in_node, &s, &status, &pid, &e);
	} else {
		rc = run_child(&s, &status, &pid, &e);
	}
	char *cmdline = tok_join(n, argv);
	free(argv);
	if (rc < 0) {
		fail_clause(r, "exit", NULL);
		seen(r, _("'%s' could not run: %s"), cmdline ? cmdline : "?", e.msg);
		free(cmdline);
		return false;
	}
	int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	if (code != c->code) {
		fail_clause(r, "exit", NULL);
		seen(r, _("'%s' %s, not with status %d"), cmdline ? cmdline : "?",
		     run_status_str(status), c->code);
		free(cmdline);
		return false;
	}
	seen(r, _("'%s' %s"), cmdline ? cmdline : "?", run_status_str(status));
	free(cmdline);
	return true;
}

static bool eval_file(const struct check *c, struct check_result *r)
{
	struct stat st;
	if (lstat(c->argv[0], &st) < 0) {
		fail_clause(r, "file", c->argv[0]);
		return seen(r, _("'%s' does not exist"), c->argv[0]);
	}
	seen(r, _("'%s' exists"), c->argv[0]);
	return true;
}

static bool eval_cgcount(const struct check *c, struct check_result *r)
{
	const struct wcg_group *g;
	long long v;

	if (!world_cgroups_find)
		return model_missing(r, "cgroups");
	if (world_cgroups_refresh)
		world_cgroups_refresh();
	g = world_cgroups_find(c->argv[0]);
	if (!g) {
		fail_clause(r, verbs[c->v].name, c->argv[0]);
		return seen(r, _("there is no cgroup '%s'"), c->argv[0]);
	}
	v = c->v == V_OOM ? g->oom_kills : g->pids_refused;
	if (v == WCG_UNKNOWN) {
		fail_clause(r, verbs[c->v].name, c->argv[0]);
		return seen(r, c->v == V_OOM ? _("cgroup '%s' has no memory controller here")
					     : _("cgroup '%s' has no pids controller here"), c->argv[0]);
	}
	if (v <= 0) {
		fail_clause(r, verbs[c->v].name, c->argv[0]);
		return seen(r, c->v == V_OOM ? _("the OOM killer has killed nothing in '%s'")
					     : _("the pids limit has refused no fork in '%s'"), c->argv[0]);
	}
	seen(r, c->v == V_OOM ? _("the OOM killer killed %lld process(es) in '%s'")
			      : _("the pids limit refused %lld fork(s) in '%s'"), v, c->argv[0]);
	return true;
}

/* Does line start with the words of want (the last word may be a
 * prefix of the line's word only when it is whole)? */
static bool words_prefix(char *const *want, int nwant, char *const *have, int nhave)
{
	if (nhave < nwant)
		return false;
	for (int i = 0; i < nwant; i++)
		if (strcmp(want[i], have[i]))
			return false;
	return true;
}

static bool eval_proc(const struct check *c, struct check_result *r)
{
	char *want;

	if (!procs_count || !procs_at)
		return model_missing(r, "procs");
	if (procs_refresh)
		procs_refresh();
	want = tok_join(c->argc, c->argv);
	if (!want)
		return seen(r, "%s", err_strerror(ENOMEM));
	for (size_t i = 0; i < procs_count(); i++) {
		const struct proc *p = procs_at(i);
		size_t n = strlen(want);
		if (p->dead || p->kthread)
			continue;
		if (!strncmp(p->cmdline, want, n) && (p->cmdline[n] == '\0' || p->cmdline[n] == ' ')) {
			seen(r, _("process %d runs '%s'"), (int)p->pid, p->cmdline);
			free(want);
			return true;
		}
		/* The program may be named by its path: /bin/sleep 1001. */
		const char *sp = strchr(p->cmdline, ' ');
		const char *slash = memrchr(p->cmdline, '/', sp ? (size_t)(sp - p->cmdline) : strlen(p->cmdline));
		if (slash && !strncmp(slash + 1, want, n) && (slash[1 + n] == '\0' || slash[1 + n] == ' ')) {
			seen(r, _("process %d runs '%s'"), (int)p->pid, p->cmdline);
			free(want);
			return true;
		}
	}
	fail_clause(r, "proc", want);
	seen(r, _("no process runs '%s'"), want);
	free(want);
	return false;
}

/* The commands that ran in the current step (the runner feeds them). */
static char **ran;
static size_t nran;

void check_ran_reset(void)
{
	for (size_t i = 0; i < nran; i++)
		free(ran[i]);
	free(ran);
	ran = NULL;
	nran = 0;
}

void check_ran_add(const char *line)
{
	char **n = realloc(ran, sizeof *n * (nran + 1));
	if (!n)
		return;
	ran = n;
	ran[nran] = strdup(line);
	if (ran[nran])
		nran++;
}

static bool eval_ran(const struct check *c, struct check_result *r)
{
	for (size_t i = 0; i < nran; i++) {
		struct tok_line t;
		struct err e = ERR_INIT;
		bool ok = false;
		if (ran[i][0] == '!') {
			/* "!ip netns list": compare the words as text. */
			char want[512] = "";
			size_t len = 0;
			for (int k = 0; k < c->argc && len < sizeof want; k++)
				len += (size_t)snprintf(want + len, sizeof want - len, "%s%s",
							k ? " " : "", c->argv[k]);
			ok = !strncmp(ran[i], want, strlen(want));
		} else if (tok_split(ran[i], &t, &e) == 0) {
			for (int k = 0; k < t.ncmds && !ok; k++)
				ok = words_prefix(c->argv, c->argc, t.cmds[k].argv, t.cmds[k].argc);
			tok_line_free(&t);
		}
		if (ok) {
			seen(r, _("'%s' ran"), ran[i]);
			return true;
		}
	}
	char *want = c->argv[0][0] == '!' ? strdup(c->text + 4) : tok_join(c->argc, c->argv);
	fail_clause(r, "ran", want);
	seen(r, _("'%s' has not run yet in this step"), want ? want : "?");
	free(want);
	return false;
}

/* bridge BR@N [IF...]: the bridge exists and those interfaces of N are
 * its ports. */
static bool eval_bridge(const struct check *c, struct check_result *r)
{
	char br[IFNAMSIZ], node[NODE_NAME_MAX + 1];
	const struct net_link *l;

	split_ifnode(c->argv[0], br, node);
	if (!world_net_link)
		return model_missing(r, "net");
	net_refresh(node);
	l = world_net_link(node, br);
	if (!l) {
		fail_clause(r, "bridge", c->argv[0]);
		return seen(r, _("there is no interface '%s' in '%s'"), br, node);
	}
	if (strcmp(l->kind, "bridge")) {
		fail_clause(r, "bridge", c->argv[0]);
		return seen(r, _("'%s' is of kind '%s', not '%s'"), c->argv[0],
			    l->kind[0] ? l->kind : "device", "bridge");
	}
	for (int i = 1; i < c->argc; i++) {
		const struct net_link *p = world_net_link(node, c->argv[i]);
		if (!p) {
			fail_clause(r, c->argv[i], NULL);
			return seen(r, _("there is no interface '%s' in '%s'"), c->argv[i], node);
		}
		if (strcmp(p->master_name, br)) {
			fail_clause(r, c->argv[i], NULL);
			if (!p->master)
				return seen(r, _("'%s' is not a port of any bridge"), c->argv[i]);
			return seen(r, _("'%s' is a port of '%s', not of '%s'"), c->argv[i],
				    p->master_name, br);
		}
	}
	seen(r, _("bridge '%s' with those ports"), c->argv[0]);
	return true;
}

bool check_eval(const struct check *c, struct check_result *res)
{
	struct check_result local;
	struct check_result *r = res ? res : &local;
	bool ok = false;

	memset(r, 0, sizeof *r);
	switch (c->v) {
	case V_NODE: ok = eval_node(c, r); break;
	case V_LINK: ok = eval_link(c, r); break;
	case V_ADDR: ok = eval_addr(c, r); break;
	case V_ROUTE: ok = eval_route(c, r); break;
	case V_FORWARD: ok = eval_forward(c, r); break;
	case V_PING: ok = eval_ping(c, r); break;
	case V_PID1: ok = eval_pid1(c, r); break;
	case V_PIDS: ok = eval_pids(c, r); break;
	case V_UID: ok = eval_uid(c, r); break;
	case V_HOSTNAME: ok = eval_hostname(c, r); break;
	case V_ROOT: ok = eval_root(c, r); break;
	case V_CGROUP: ok = eval_cgroup(c, r); break;
	case V_INCGROUP: ok = eval_incgroup(c, r); break;
	case V_CPU: ok = eval_cpu(c, r); break;
	case V_NICE: ok = eval_nice(c, r); break;
	case V_EXIT: ok = eval_exit(c, r); break;
	case V_FILE: ok = eval_file(c, r); break;
	case V_OOM:
	case V_FORKREF: ok = eval_cgcount(c, r); break;
	case V_PROC: ok = eval_proc(c, r); break;
	case V_RAN: ok = eval_ran(c, r); break;
	case V_BRIDGE: ok = eval_bridge(c, r); break;
	case V_NOT: {
		struct check_result in;
		bool inner = check_eval(c->inner, &in);
		ok = !inner;
		if (inner) {
			snprintf(r->clause, sizeof r->clause, "not");
			seen(r, _("it should not hold, but it does: %s"), in.seen);
		} else {
			snprintf(r->seen, sizeof r->seen, "%s", in.seen);
		}
		break;
	}
	}
	r->ok = ok;
	if (!ok && !r->clause[0])
		snprintf(r->clause, sizeof r->clause, "%s", verbs[c->v].name);
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
	if (starts_words(t, prefix))
		return true;
	/* A clause: the prefix appears at a word start inside the check. */
	for (const char *p = t; (p = strstr(p, prefix)); p++)
		if ((p == t || p[-1] == ' ') && starts_words(p, prefix))
			return true;
	/* The head of a check ("link", "addr"...) also names its failure. */
	return !strcmp(prefix, verbs[c->v].name);
}
