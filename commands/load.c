/* load.c: the teaching props, the side that runs inside the prop.
 *
 * `load cpu` spins, `load mem SIZE` allocates and touches SIZE bytes and
 * then waits, `load forks N` tries to make N children, says how many it
 * got, holds them a moment (so the panes show them) and ends them. Each
 * is aisla re-executed with LOAD_ARGV1 (see load.h); cmd-load.c starts
 * them. Also the journal kinds of the long-lived props and of the other
 * processes aisla starts in the background (nice).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include "cgroup.h"
#include "load.h"
#include "../shell/i18n.h"
#include "../shell/out.h"
#include "../shell/kernel/proc.h"

static int journal_pid(unsigned long seq, pid_t pid, bool done, struct err *e)
{
	char kvp[32], kvs[48];

	snprintf(kvp, sizeof kvp, "pid=%d", (int)pid);
	snprintf(kvs, sizeof kvs, "start=%llu", proc_starttime(pid));
	return (done ? journal_done : journal_step)(seq, JKV(kvp, kvs), e);
}

int proc_journal_self(unsigned long seq, struct err *e)
{
	return journal_pid(seq, getpid(), false, e);
}

int proc_journal_done(unsigned long seq, pid_t pid, struct err *e)
{
	return journal_pid(seq, pid, true, e);
}

/* Undo a prop or a process: kill it if it is still the same process (pid + start). */
static enum undo_result load_undo(const struct jrec *r, struct err *e)
{
	pid_t pid = (pid_t)jrec_get_ll(r, "pid", 0);
	unsigned long long start = (unsigned long long)jrec_get_ll(r, "start", 0);

	(void)e;
	if (pid <= 0 || proc_starttime(pid) == 0)
		return UNDO_GONE;
	if (start && proc_starttime(pid) != start)
		return UNDO_GONE;	/* the pid now belongs to someone else */
	/* In a node with its own PID namespace the journaled pid is the
	 * waiter that entered it; the prop is its child: end that first. */
	char path[64], kids[512];
	snprintf(path, sizeof path, "/proc/%d/task/%d/children", (int)pid, (int)pid);
	if (cgfs_read_file(path, kids, sizeof kids) == 0) {
		char *save = NULL;
		for (char *k = strtok_r(kids, " \n", &save); k; k = strtok_r(NULL, " \n", &save))
			kill((pid_t)atoi(k), SIGKILL);
	}
	if (kill(pid, SIGKILL) < 0)
		return UNDO_GONE;
	/* Wait (up to 2 s) until it is gone, so its group can be removed. */
	for (int i = 0; i < 200 && proc_starttime(pid) == start; i++) {
		struct timespec ts = { 0, 10 * 1000000L };
		char st[512];
		snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
		if (cgfs_read_file(path, st, sizeof st) == 0 && strstr(st, ") Z "))
			break;	/* a zombie holds no resources; its parent reaps it */
		nanosleep(&ts, NULL);
	}
	return UNDO_DONE;
}

const struct journal_kind load_kind = {
	.name = "load",
	.undo = load_undo,
	.describe = N_("load prop '%s'"),
};
const struct journal_kind proc_kind = {
	.name = "proc",
	.undo = load_undo,
	.describe = N_("process '%s'"),
};

static int load_cpu(void)
{
	volatile unsigned long spin = 0;
	prctl(PR_SET_NAME, "aisla-load-cpu");
	for (;;)
		spin++;
	return 0;
}

static int load_mem(const char *arg)
{
	struct err e = ERR_INIT;
	long long size;
	long page = sysconf(_SC_PAGESIZE);
	char h[32];

	prctl(PR_SET_NAME, "aisla-load-mem");
	if (cg_parse_size(arg, false, &size, &e) < 0) {
		err_print(&e);
		return 2;
	}
	cgfs_fmt_bytes(size, h, sizeof h);
	out_printf(_("allocating and touching %s...\n"), h);
	fflush(stdout);
	/* In 1 MiB chunks, every page written: only touched pages count. */
	for (long long done = 0; done < size;) {
		size_t chunk = (size_t)((size - done) < (1 << 20) ? (size - done) : (1 << 20));
		char *m = mmap(NULL, chunk, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (m == MAP_FAILED) {
			out_printf(_("could not allocate more: %s\n"), err_strerror(errno));
			break;
		}
		for (size_t i = 0; i < chunk; i += (size_t)page)
			m[i] = 1;
		done += (long long)chunk;
	}
	out_printf(_("%s in use; waiting (reset or 'kill' ends me)\n"), h);
	fflush(stdout);
	for (;;)
		pause();
	return 0;
}

static int load_forks(const char *arg)
{
	long n = strtol(arg, NULL, 10);
	pid_t *kids;
	long got = 0, refused = 0;
	int first_err = 0;

	prctl(PR_SET_NAME, "aisla-load-fork");
	if (n < 1 || n > 100000)
		return 2;
	kids = calloc((size_t)n, sizeof *kids);
	if (!kids)
		return 2;
	for (long i = 0; i < n; i++) {
		pid_t pid = fork();
		if (pid == 0) {
			prctl(PR_SET_PDEATHSIG, SIGKILL);
			for (;;)
				pause();
		}
		if (pid < 0) {
			if (!first_err)
				first_err = errno;
			refused++;
			continue;
		}
		kids[got++] = pid;
	}
	out_printf(_("child processes: %ld of %ld\n"), got, n);
	if (refused)
		out_printf(ngettext("fork() failed %ld time: %s%s\n", "fork() failed %ld times: %s%s\n",
				    (unsigned long)refused), refused, err_strerror(first_err),
			   first_err == EAGAIN ? _(" (the group's pids limit)") : "");
	fflush(stdout);
	/* Hold them a moment so that the panes and pids.current show them. */
	sleep(2);
	for (long i = 0; i < got; i++)
		kill(kids[i], SIGKILL);
	for (long i = 0; i < got; i++)
		waitpid(kids[i], NULL, 0);
	free(kids);
	return 0;
}

int load_main(int argc, char **argv)
{
	i18n_init(NULL);
	signal(SIGPIPE, SIG_IGN);	/* aisla may leave before us */
	if (argc >= 2 && !strcmp(argv[1], "cpu"))
		return load_cpu();
	if (argc >= 3 && !strcmp(argv[1], "mem"))
		return load_mem(argv[2]);
	if (argc >= 3 && !strcmp(argv[1], "forks"))
		return load_forks(argv[2]);
	return 2;
}
