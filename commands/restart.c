/* restart.c: the restart policy of a node's command, kept by aisla's
 * event loop (see restart.h). One record per node whose command aisla
 * started; exits arrive through run_child's on_exit (the loop's SIGCHLD
 * handler), restarts through a one-shot loop timer: nothing polls. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "balance.h"
#include "node.h"
#include "restart.h"
#include "../shell/i18n.h"
#include "../shell/journal.h"
#include "../shell/loop.h"
#include "../shell/out.h"
#include "../shell/run.h"

#define BACKOFF_MIN_MS	200
#define BACKOFF_MAX_MS	10000
#define STABLE_MS	10000	/* up this long: the back-off starts over */

struct tracked {
	char node[NODE_NAME_MAX + 1];
	char **argv;
	pid_t pid;		/* 0: not running */
	enum restart_policy policy;
	int max;		/* 0: no limit */
	int count;		/* restarts so far */
	unsigned backoff_ms;	/* the next wait */
	uint64_t started_ms;
	uint64_t timer;		/* pending restart, 0 if none */
	int (*spawn)(void *arg, pid_t *pid, struct err *e);	/* NULL: node_run */
	void *spawn_arg;
	void (*free_arg)(void *arg);
	struct tracked *next;
};

static struct tracked *tracked;

const char *restart_policy_name(enum restart_policy p)
{
	return p == RESTART_ALWAYS ? "always" : p == RESTART_ON_FAILURE ? "on-failure" : "no";
}

static struct tracked *find_node(const char *node)
{
	for (struct tracked *t = tracked; t; t = t->next)
		if (!strcmp(t->node, node))
			return t;
	return NULL;
}

static void state_path(const char *node, char *p, size_t sz)
{
	snprintf(p, sz, "%s/restart/%s", journal_dir(), node);
}

/* The state file other aisla processes read: "POLICY MAX COUNT PID
 * OWNER" (OWNER: the aisla process keeping the policy; once it is gone,
 * so are the command and its policy). */
static void state_write(const struct tracked *t)
{
	char p[512], d[512];

	snprintf(d, sizeof d, "%s/restart", journal_dir());
	if (mkdir(d, 0755) < 0 && errno != EEXIST)
		return;
	state_path(t->node, p, sizeof p);
	if (t->policy == RESTART_NO && !t->count) {
		unlink(p);
		return;
	}
	FILE *f = fopen(p, "we");
	if (!f)
		return;
	fprintf(f, "%s %d %d %d %d\n", restart_policy_name(t->policy), t->max, t->count,
		(int)t->pid, (int)getpid());
	fclose(f);
}

static void tracked_free(struct tracked *t)
{
	for (int i = 0; t->argv && t->argv[i]; i++)
		free(t->argv[i]);
	free(t->argv);
	if (t->timer)
		loop_cancel_timer(t->timer);
	if (t->free_arg)
		t->free_arg(t->spawn_arg);
	free(t);
}

void restart_track(const char *node, char *const *argv, pid_t pid)
{
	restart_track_spawn(node, argv, pid, NULL, NULL, NULL);
}

void restart_track_spawn(const char *node, char *const *argv, pid_t pid,
			 int (*spawn)(void *arg, pid_t *pid, struct err *e), void *arg,
			 void (*free_arg)(void *arg))
{
	struct tracked *t = find_node(node);
	int n = 0;

	if (strlen(node) > NODE_NAME_MAX) {
		if (free_arg)
			free_arg(arg);
		return;
	}
	if (t) {
		/* A new command for the node: it replaces the old one. */
		struct tracked **pp = &tracked;
		while (*pp != t)
			pp = &(*pp)->next;
		*pp = t->next;
		tracked_free(t);
	}
	t = calloc(1, sizeof *t);
	while (argv[n])
		n++;
	if (!t || !(t->argv = calloc((size_t)n + 1, sizeof *t->argv))) {
		free(t);
		if (free_arg)
			free_arg(arg);
		return;
	}
	t->spawn = spawn;
	t->spawn_arg = arg;
	t->free_arg = free_arg;
	for (int i = 0; i < n; i++)
		if (!(t->argv[i] = strdup(argv[i]))) {
			tracked_free(t);
			return;
		}
	snprintf(t->node, sizeof t->node, "%s", node);
	t->pid = pid;
	t->policy = RESTART_NO;
	t->backoff_ms = BACKOFF_MIN_MS;
	t->started_ms = loop_now_ms();
	t->next = tracked;
	tracked = t;
	balance_node_event(node);
}

static void restart_now(void *arg);

void restart_child_exit(pid_t pid, int status, void *arg)
{
	(void)arg;
	struct tracked *t;

	for (t = tracked; t && t->pid != pid; t = t->next)
		;
	if (!t)
		return;
	t->pid = 0;
	balance_node_event(t->node);
	bool failed = !WIFEXITED(status) || WEXITSTATUS(status) != 0;
	struct node_info ni;
	struct err e = ERR_INIT;
	/* The node itself is gone (node del, reset): nothing to restart in. */
	bool gone = node_get_alive(t->node, &ni, &e) < 0;
	if (gone || t->policy == RESTART_NO || (t->policy == RESTART_ON_FAILURE && !failed)) {
		state_write(t);
		return;
	}
	if (t->max && t->count >= t->max) {
		out_printf(_("[%s] the command will not be restarted again: it reached the limit of %d restarts\n"),
			   t->node, t->max);
		state_write(t);
		return;
	}
	if (loop_now_ms() - t->started_ms >= STABLE_MS)
		t->backoff_ms = BACKOFF_MIN_MS;
	out_printf(_("[%s] restarting the command in %u ms (policy %s)\n"), t->node, t->backoff_ms,
		   restart_policy_name(t->policy));
	t->timer = loop_add_timer(t->backoff_ms, restart_now, t);
	t->backoff_ms = t->backoff_ms * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : t->backoff_ms * 2;
	state_write(t);
}

static void restart_now(void *arg)
{
	struct tracked *t = arg;
	struct err e = ERR_INIT;
	pid_t pid;

	t->timer = 0;
	struct node_info ni;
	if (t->policy == RESTART_NO || node_get_alive(t->node, &ni, &e) < 0) {
		state_write(t);		/* the node went meanwhile: quietly over */
		return;
	}
	struct run_spec s = {
		.argv = t->argv, .mode = RUN_BACKGROUND, .label = t->node,
		.report_exit = true, .on_exit = restart_child_exit,
	};
	if ((t->spawn ? t->spawn(t->spawn_arg, &pid, &e) : node_run(t->node, &s, NULL, &pid, &e)) < 0) {
		err_wrap(&e, _("restart: could not start the command of '%s' again: "), t->node);
		err_print(&e);
		return;
	}
	t->pid = pid;
	t->count++;
	t->started_ms = loop_now_ms();
	out_printf(ngettext("[%s] command restarted (%d restart so far)\n",
			    "[%s] command restarted (%d restarts so far)\n", (unsigned long)t->count),
		   t->node, t->count);
	state_write(t);
	balance_node_event(t->node);
}

int restart_set(const char *node, enum restart_policy p, int max, struct err *e)
{
	struct tracked *t = find_node(node);

	if (!t) {
		err_set(e, _("node '%s' has no command to restart"), node);
		return err_hint(e, _("the policy is for the command a node runs: start one with "
				     "'unshare -p %s -- CMD ...' (in this aisla session)"), node);
	}
	t->policy = p;
	t->max = max;
	if (p == RESTART_NO && t->timer) {
		loop_cancel_timer(t->timer);
		t->timer = 0;
	}
	state_write(t);
	/* Set while the command is already down: it applies now. */
	if (!t->pid && !t->timer && p == RESTART_ALWAYS && (!max || t->count < max))
		t->timer = loop_add_timer(0, restart_now, t);
	return 0;
}

int restart_cmd_running(const char *node)
{
	struct tracked *t = find_node(node);

	return !t ? -1 : t->pid ? 1 : 0;
}

const char *restart_describe(const char *node)
{
	static char buf[160];
	char p[512], pol[16];
	int max, count, pid, owner;

	buf[0] = '\0';
	if (strlen(node) > NODE_NAME_MAX)
		return buf;
	state_path(node, p, sizeof p);
	FILE *f = fopen(p, "re");
	if (!f)
		return buf;
	if (fscanf(f, "%15s %d %d %d %d", pol, &max, &count, &pid, &owner) == 5 &&
	    owner > 0 && kill(owner, 0) == 0) {
		char lim[48] = "";
		if (max > 0)
			snprintf(lim, sizeof lim, _(" (at most %d)"), max);
		snprintf(buf, sizeof buf, ngettext("restart %s%s: %d restart", "restart %s%s: %d restarts",
						   (unsigned long)count), pol, lim, count);
	}
	fclose(f);
	return buf;
}

char *const *restart_cmd_argv(const char *node)
{
	struct tracked *t = find_node(node);

	return t ? t->argv : NULL;
}

int restart_argc(char *const *argv)
{
	int n = 0;

	while (argv[n])
		n++;
	return n;
}
