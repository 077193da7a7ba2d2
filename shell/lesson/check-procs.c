/* check-procs.c: the process and namespace checks: node, pid1, pids,
 * uid, hostname, root, nice, proc. They read the world's process model
 * (world/procs.h, refreshed first), /proc, and for a hostname the node's
 * UTS namespace through a helper thread.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>
#include "../i18n.h"
#include "../world/procs.h"
#include "../kernel/nice.h"
#include "../kernel/nodes.h"
#include "../kernel/ns.h"
#include "check-verbs.h"

/* The namespace index (kernel/ns.h) of a word of `node N ...`: the
 * names of /proc/PID/ns, with "mount" for "mnt" as the course says it. */
static int ns_index(const char *w)
{
	for (int i = 0; i < NS_COUNT; i++)
		if (!strcmp(w, ns_name(i)) || (!strcmp(w, "mount") && !strcmp(ns_name(i), "mnt")))
			return strcmp(w, "mnt") ? i : -1;
	return -1;
}

static int parse_node(struct check *c, struct err *e)
{
	if (check_need_node(c, c->argv[0], e) < 0)
		return -1;
	for (int i = 1; i < c->argc; i++) {
		if (ns_index(c->argv[i]) < 0) {
			err_set(e, _("check '%s': '%s' is not a namespace type"), c->text, c->argv[i]);
			return check_form_hint(e, c);
		}
	}
	return 0;
}

static bool eval_node(const struct check *c, struct check_result *r)
{
	const char *n = c->argv[0];
	pid_t pid;

	if (!node_exists(n)) {
		check_fail(r, "node", n);
		return check_seen(r, _("node '%s' does not exist"), n);
	}
	if (c->argc == 1) {
		check_seen(r, _("node '%s' exists"), n);
		return true;
	}
	pid = check_node_pid(n);
	for (int i = 1; i < c->argc; i++) {
		const char *w = c->argv[i];
		int k = ns_index(w);
		bool own;

		if (!strcmp(w, "net") && strcmp(n, "host")) {
			char p[sizeof NETNS_DIR "/" + NODE_NAME_MAX + 1];
			node_netns_path(n, p, sizeof p);
			own = access(p, F_OK) == 0 ||
			      (pid > 0 && ns_pid_inode(pid, k) != ns_pid_inode(getpid(), k));
		} else if (pid <= 0) {
			own = false;
		} else {
			own = ns_pid_inode(pid, k) != ns_pid_inode(getpid(), k);
		}
		if (!own) {
			check_fail(r, w, NULL);
			return check_seen(r, _("node '%s' exists but has no %s namespace of its own"), n, w);
		}
	}
	check_seen(r, _("node '%s' exists with those namespaces"), n);
	return true;
}

const struct check_verb check_verb_node = {
	.name = "node",
	.form = N_("node N [net] [pid] [user] [mount] [uts] [ipc] [cgroup]"),
	.min_args = 1, .max_args = 8,
	.parse = parse_node,
	.eval = eval_node,
};

/* pid1, hostname: the first word is a node. */
static int parse_node_first(struct check *c, struct err *e)
{
	return check_need_node(c, c->argv[0], e);
}

/* The pid namespace inode of a node (0 if it has none of its own). */
static unsigned long node_pidns(const char *node)
{
	pid_t pid = check_node_pid(node);
	unsigned long ino;
	if (pid <= 0)
		return 0;
	ino = ns_pid_inode(pid, ns_index("pid"));
	return ino == ns_pid_inode(getpid(), ns_index("pid")) ? 0 : ino;
}

static bool eval_pid1(const struct check *c, struct check_result *r)
{
	const char *node = c->argv[0], *want = c->argv[1];
	unsigned long ino;

	if (!node_exists(node)) {
		check_fail(r, "pid1", node);
		return check_seen(r, _("node '%s' does not exist"), node);
	}
	ino = node_pidns(node);
	if (!ino) {
		check_fail(r, "pid1", node);
		return check_seen(r, _("node '%s' has no PID namespace of its own"), node);
	}
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
			check_seen(r, _("PID 1 of '%s' is %s (%d outside)"), node, p->comm, (int)p->pid);
			return true;
		}
		check_fail(r, "pid1", node);
		return check_seen(r, _("PID 1 of '%s' is '%s' (%d outside), not '%s'"), node,
			    p->cmdline[0] ? p->cmdline : p->comm, (int)p->pid, want);
	}
	check_fail(r, "pid1", node);
	return check_seen(r, _("no process is PID 1 in '%s'"), node);
}

const struct check_verb check_verb_pid1 = {
	.name = "pid1",
	.form = N_("pid1 N CMD"),
	.min_args = 2, .max_args = 2,
	.parse = parse_node_first,
	.eval = eval_pid1,
};

static int parse_pids(struct check *c, struct err *e)
{
	static const char *const ops[] = { "<", "<=", ">", ">=", "==" };
	char *end;
	size_t k;
	if (check_need_node(c, c->argv[0], e) < 0)
		return -1;
	for (k = 0; k < 5; k++)
		if (!strcmp(c->argv[1], ops[k]))
			break;
	c->k = strtol(c->argv[2], &end, 10);
	if (k == 5 || *end || end == c->argv[2]) {
		err_set(e, _("check '%s': expected a comparison and a number"), c->text);
		return check_form_hint(e, c);
	}
	snprintf(c->op, sizeof c->op, "%s", ops[k]);
	return 0;
}

static bool eval_pids(const struct check *c, struct check_result *r)
{
	const char *node = c->argv[0];
	unsigned long ino;
	long n = 0;
	bool ok;

	if (!node_exists(node)) {
		check_fail(r, "pids", node);
		return check_seen(r, _("node '%s' does not exist"), node);
	}
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
		if (node_pids(node, &pids, &np, &e) == 0)
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
		check_fail(r, "pids", node);
	check_seen(r, ngettext("'%s' has %ld process", "'%s' has %ld processes", (unsigned long)n), node, n);
	return ok;
}

const struct check_verb check_verb_pids = {
	.name = "pids",
	.form = N_("pids N < K   (also <=, >, >=, ==)"),
	.min_args = 3, .max_args = 3,
	.parse = parse_pids,
	.eval = eval_pids,
};

static int parse_uid(struct check *c, struct err *e)
{
	if (check_need_node(c, c->argv[0], e) < 0)
		return -1;
	if (!check_all_digits(c->argv[1]) || strcmp(c->argv[2], "->") ||
	    !check_all_digits(c->argv[3])) {
		err_set(e, _("check '%s': expected 'UID -> UID'"), c->text);
		return check_form_hint(e, c);
	}
	return 0;
}

static bool eval_uid(const struct check *c, struct check_result *r)
{
	const char *node = c->argv[0];
	long in = atol(c->argv[1]), want = atol(c->argv[3]);
	char path[64], line[256];
	pid_t pid;
	FILE *f;

	if (!node_exists(node)) {
		check_fail(r, "uid", node);
		return check_seen(r, _("node '%s' does not exist"), node);
	}
	pid = check_node_pid(node);
	if (pid <= 0) {
		check_fail(r, "uid", node);
		return check_seen(r, _("node '%s' has no processes"), node);
	}
	snprintf(path, sizeof path, "/proc/%d/uid_map", (int)pid);
	f = fopen(path, "re");
	if (!f) {
		check_fail(r, "uid", node);
		return check_seen(r, _("cannot read '%s': %s"), path, err_strerror(errno));
	}
	while (fgets(line, sizeof line, f)) {
		long a, b, len;
		if (sscanf(line, "%ld %ld %ld", &a, &b, &len) == 3 && in >= a && in < a + len) {
			long out = b + (in - a);
			fclose(f);
			if (out == want) {
				check_seen(r, _("uid %ld inside '%s' is %ld outside"), in, node, out);
				return true;
			}
			check_fail(r, "uid", node);
			return check_seen(r, _("uid %ld inside '%s' is %ld outside, not %ld"), in, node, out, want);
		}
	}
	fclose(f);
	check_fail(r, "uid", node);
	return check_seen(r, _("uid %ld is not mapped in '%s' (it shows as the overflow user 65534)"), in, node);
}

const struct check_verb check_verb_uid = {
	.name = "uid",
	.form = N_("uid N 0 -> UID"),
	.min_args = 4, .max_args = 4,
	.parse = parse_uid,
	.eval = eval_uid,
};

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

	if (!node_exists(node)) {
		check_fail(r, "hostname", node);
		return check_seen(r, _("node '%s' does not exist"), node);
	}
	pid = check_node_pid(node);
	if (pid <= 0) {
		check_fail(r, "hostname", node);
		return check_seen(r, _("node '%s' has no UTS namespace of its own"), node);
	}
	snprintf(path, sizeof path, "/proc/%d/ns/uts", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		check_fail(r, "hostname", node);
		return check_seen(r, _("cannot read '%s': %s"), path, err_strerror(errno));
	}
	rc = check_in_ns(fd, CLONE_NEWUTS, read_uts, &j);
	close(fd);
	if (rc) {
		check_fail(r, "hostname", node);
		return check_seen(r, _("cannot enter the UTS namespace of '%s': %s"), node, err_strerror(rc));
	}
	if (strcmp(j.name, c->argv[1])) {
		check_fail(r, "hostname", node);
		return check_seen(r, _("the hostname in '%s' is '%s', not '%s'"), node, j.name, c->argv[1]);
	}
	check_seen(r, _("the hostname in '%s' is '%s'"), node, j.name);
	return true;
}

const struct check_verb check_verb_hostname = {
	.name = "hostname",
	.form = N_("hostname N NAME"),
	.min_args = 2, .max_args = 2,
	.parse = parse_node_first,
	.eval = eval_hostname,
};

static int parse_root(struct check *c, struct err *e)
{
	if (check_need_target(c, c->argv[0], e) < 0)
		return -1;
	if (c->argv[1][0] != '/') {
		err_set(e, _("check '%s': '%s' is not an absolute path"), c->text, c->argv[1]);
		return check_form_hint(e, c);
	}
	return 0;
}

static bool eval_root(const struct check *c, struct check_result *r)
{
	pid_t *pids;
	size_t n;
	struct stat want, got;
	char path[64], link[PATH_MAX];

	if (check_target_pids(c->argv[0], &pids, &n, r) < 0)
		return check_fail(r, "root", c->argv[0]);
	if (stat(c->argv[1], &want) < 0) {
		free(pids);
		check_fail(r, "root", c->argv[0]);
		return check_seen(r, _("'%s' does not exist"), c->argv[1]);
	}
	snprintf(path, sizeof path, "/proc/%d/root", (int)pids[0]);
	ssize_t len = readlink(path, link, sizeof link - 1);
	link[len > 0 ? len : 0] = '\0';
	if (stat(path, &got) < 0 || got.st_dev != want.st_dev || got.st_ino != want.st_ino) {
		free(pids);
		check_fail(r, "root", c->argv[0]);
		return check_seen(r, _("process %d sees '%s' as its root, not '%s'"), (int)pids[0],
			    link[0] ? link : "?", c->argv[1]);
	}
	check_seen(r, _("process %d has '%s' as its root"), (int)pids[0], c->argv[1]);
	free(pids);
	return true;
}

const struct check_verb check_verb_root = {
	.name = "root",
	.form = N_("root PID|N DIR"),
	.min_args = 2, .max_args = 2,
	.parse = parse_root,
	.eval = eval_root,
};

static int pid_nice(pid_t pid, int *nice)
{
	char buf[1024];
	const char *p = check_proc_stat(pid, buf, sizeof buf);
	/* nice is field 19 (the state is field 3). */
	if (!p || sscanf(p, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d %*d %d",
			 nice) != 1)
		return -1;
	return 0;
}

static int parse_nice(struct check *c, struct err *e)
{
	int n;
	if (check_need_target(c, c->argv[0], e) < 0)
		return -1;
	if (!nice_parse(c->argv[1], &n)) {
		err_set(e, _("check '%s': a niceness is a number from -20 to 19"), c->text);
		return check_form_hint(e, c);
	}
	return 0;
}

static bool eval_nice(const struct check *c, struct check_result *r)
{
	pid_t *pids;
	size_t n;
	int want = atoi(c->argv[1]);

	pid_t holder = 0;
	struct err he = ERR_INIT;

	if (check_target_pids(c->argv[0], &pids, &n, r) < 0)
		return check_fail(r, "nice", c->argv[0]);
	/* A node's holder only keeps its namespaces: its niceness does not
	 * matter (renice of a node may leave it alone). */
	if (!check_all_digits(c->argv[0]))
		node_holder(c->argv[0], &holder, &he);
	for (size_t i = 0; i < n; i++) {
		int v;
		if ((n > 1 && pids[i] == holder) || pid_nice(pids[i], &v) < 0)
			continue;
		if (v != want) {
			check_fail(r, "nice", c->argv[0]);
			check_seen(r, _("process %d has niceness %d, not %d"), (int)pids[i], v, want);
			free(pids);
			return false;
		}
	}
	check_seen(r, _("niceness %d"), want);
	free(pids);
	return true;
}

const struct check_verb check_verb_nice = {
	.name = "nice",
	.form = N_("nice PID|N VALUE"),
	.min_args = 2, .max_args = 2,
	.parse = parse_nice,
	.eval = eval_nice,
};

static bool eval_proc(const struct check *c, struct check_result *r)
{
	char *want;

	procs_refresh();
	want = tok_join(c->argc, c->argv);
	if (!want)
		return check_seen(r, "%s", err_strerror(ENOMEM));
	for (size_t i = 0; i < procs_count(); i++) {
		const struct proc *p = procs_at(i);
		size_t n = strlen(want);
		if (p->dead || p->kthread)
			continue;
		if (!strncmp(p->cmdline, want, n) && (p->cmdline[n] == '\0' || p->cmdline[n] == ' ')) {
			check_seen(r, _("process %d runs '%s'"), (int)p->pid, p->cmdline);
			free(want);
			return true;
		}
		/* The program may be named by its path: /bin/sleep 1001. */
		const char *sp = strchr(p->cmdline, ' ');
		const char *slash = memrchr(p->cmdline, '/', sp ? (size_t)(sp - p->cmdline) : strlen(p->cmdline));
		if (slash && !strncmp(slash + 1, want, n) && (slash[1 + n] == '\0' || slash[1 + n] == ' ')) {
			check_seen(r, _("process %d runs '%s'"), (int)p->pid, p->cmdline);
			free(want);
			return true;
		}
	}
	check_fail(r, "proc", want);
	check_seen(r, _("no process runs '%s'"), want);
	free(want);
	return false;
}

const struct check_verb check_verb_proc = {
	.name = "proc",
	.form = N_("proc CMD..."),
	.min_args = 1, .max_args = -1,
	.parse = NULL,
	.eval = eval_proc,
};
