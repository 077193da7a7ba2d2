/* Unit tests: the live process model on real processes: a child appears
 * with its parent, command line and namespaces; it is marked dead when it
 * exits; procs_read reads NSpid and the uid map of a child in new
 * namespaces (skipped when not root). */
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include "tap.h"
#include "../../shell/loop.h"
#include "../../shell/world/procs.h"
#include "../../shell/world/world.h"

static int nchanged;
static void watch(unsigned what, void *arg)
{
	(void)arg;
	if (what & WORLD_PROCS)
		nchanged++;
}

int main(void)
{
	int pfd[2];
	if (pipe(pfd) < 0)
		return 1;
	pid_t c = fork();
	if (c == 0) {
		char b;
		close(pfd[1]);
		execlp("sleep", "sleep", "77", (char *)NULL);
		_exit(read(pfd[0], &b, 1) < 0);
	}
	usleep(100000);
	procs_refresh();
	const struct proc *p = procs_find(c);
	ok(p != NULL, "a new child is in the table after a refresh");
	if (p) {
		is_int(p->ppid, getpid(), "its parent is us");
		is_str(p->cmdline, "sleep 77", "its command line");
		is_str(p->comm, "sleep", "its comm");
		is_int(p->nnspid, 1, "one pid namespace level");
		ok(p->ns[PNS_NET] != 0, "its netns inode is known");
		is_str(procs_node_of_ns(PNS_NET, p->ns[PNS_NET]), "host", "it is in the host's netns");
		ok(procs_node_of(p) == NULL, "it belongs to no node");
		ok(p->start > 0, "its start time is known");
		is_str(p->root, "/", "its root is /");
	}
	const struct proc *me = procs_find(getpid());
	ok(me != NULL, "we are in the table too");
	size_t i, n = procs_count();
	for (i = 1; i < n; i++)
		if (procs_at(i - 1)->pid >= procs_at(i)->pid)
			break;
	ok(i >= n, "the table is sorted by pid");

	struct proc_row *rows;
	size_t nr = procs_tree_rows(NULL, true, &rows);
	ok(nr > 0, "the tree has rows");
	int found = 0, kth = 0;
	for (size_t k = 0; k < nr; k++) {
		if (rows[k].p->pid == c && rows[k].depth > 0)
			found = 1;
		kth += rows[k].p->kthread;
	}
	ok(found, "the child is in the tree below someone");
	is_int(kth, 0, "kernel threads are hidden on request");
	free(rows);

	kill(c, SIGKILL);
	waitpid(c, NULL, 0);
	procs_refresh();
	p = procs_find(c);
	ok(p == NULL || p->dead, "an exited process is marked dead (or gone)");

	if (geteuid() != 0) {
		printf("# skipping the namespace checks: not root\n");
		return done_testing();
	}
	c = fork();
	if (c == 0) {
		if (unshare(CLONE_NEWUSER | CLONE_NEWPID) < 0)
			_exit(1);
		pid_t g = fork();
		if (g == 0) {
			execlp("sleep", "sleep", "78", (char *)NULL);
			_exit(1);
		}
		waitpid(g, NULL, 0);
		_exit(0);
	}
	usleep(200000);
	procs_refresh();
	pid_t g = 0;
	for (i = 0; i < procs_count(); i++)
		if (procs_at(i)->ppid == c && !procs_at(i)->dead)
			g = procs_at(i)->pid;
	p = g ? procs_find(g) : NULL;
	ok(p != NULL, "a grandchild in new namespaces is seen");
	if (p) {
		is_int(p->nnspid, 2, "NSpid has two levels");
		is_int(p->nspid[1], 1, "it is PID 1 inside");
		is_int(p->uid_inside, PROCS_UID_UNMAPPED, "unmapped: the overflow uid inside");
		ok(p->ns[PNS_USER] != procs_find(getpid())->ns[PNS_USER], "another user ns");
		ok(procs_node_of_ns(PNS_PID, p->ns[PNS_PID]) == NULL, "its pid ns is no node's");
	}
	kill(g, SIGKILL);
	waitpid(c, NULL, 0);

	/* the live model: the proc connector announces fork, exec and exit */
	struct err e = ERR_INIT;
	world_procs_free();
	loop_init();
	world_watch(watch, NULL);
	ok(world_procs_init(true, &e) == 0, "the live model starts");
	ok(procs_live(), "the proc connector is open (root, initial netns)");
	c = fork();
	if (c == 0) {
		execlp("sleep", "sleep", "79", (char *)NULL);
		_exit(1);
	}
	for (int k = 0; k < 30 && !(procs_find(c) && !strcmp(procs_find(c)->comm, "sleep")); k++)
		loop_once(100);
	p = procs_find(c);
	ok(p && !strcmp(p->cmdline, "sleep 79"), "a fork+exec is seen without a rescan");
	ok(nchanged > 0, "watchers were told (WORLD_PROCS)");
	kill(c, SIGKILL);
	waitpid(c, NULL, 0);
	for (int k = 0; k < 10 && !(procs_find(c) && procs_find(c)->dead); k++)
		loop_once(100);
	p = procs_find(c);
	ok(p && p->dead, "its exit is seen: it lingers, marked dead");

	/* figures off: no tick, but events still arrive and the dead go */
	procs_set_figures(false);
	uint64_t t0 = loop_now_ms();
	while (loop_now_ms() - t0 < 3000 && procs_find(c))
		loop_once(100);
	ok(procs_find(c) == NULL, "with figures off the dead entry still goes after a moment");
	c = fork();
	if (c == 0) {
		execlp("sleep", "sleep", "81", (char *)NULL);
		_exit(1);
	}
	for (int k = 0; k < 30 && !(procs_find(c) && !strcmp(procs_find(c)->comm, "sleep")); k++)
		loop_once(100);
	ok(procs_find(c) != NULL, "with figures off, fork+exec events still update the table");
	procs_set_figures(true);
	kill(c, SIGKILL);
	waitpid(c, NULL, 0);
	world_procs_free();

	/* a burst of forks overflows a small receive buffer: the model
	 * notices (ENOBUFS) and reads the whole of /proc again */
	setenv("AISLA_TEST_CN_RCVBUF", "2048", 1);
	ok(world_procs_init(true, &e) == 0, "the live model starts with a tiny buffer");
	unsetenv("AISLA_TEST_CN_RCVBUF");
	unsigned before = procs_resyncs();
	for (int k = 0; k < 300; k++) {
		pid_t x = fork();
		if (x == 0)
			_exit(0);
		waitpid(x, NULL, 0);
	}
	c = fork();
	if (c == 0) {
		execlp("sleep", "sleep", "80", (char *)NULL);
		_exit(1);
	}
	usleep(200000);
	for (int k = 0; k < 5; k++)
		loop_once(50);
	ok(procs_resyncs() > before, "the overflow caused a full rescan");
	p = procs_find(c);
	ok(p && !p->dead && !strcmp(p->comm, "sleep"), "after it the table is right again");
	kill(c, SIGKILL);
	waitpid(c, NULL, 0);
	world_procs_free();
	return done_testing();
}
