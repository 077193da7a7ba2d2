/* holder.c: the holder of a node's namespaces (see holder.h), and the tiny
 * init it becomes when the node has a PID namespace. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "holder.h"
#include "node.h"
#include "../shell/i18n.h"
#include "../shell/journal.h"
#include "../shell/kernel/proc.h"
#include "../shell/run.h"

/* What the maker and the holder report over the pipe (one atomic write,
 * smaller than PIPE_BUF). */
struct holder_msg {
	int ok;
	pid_t pid;
	unsigned long long start;
	struct err e;
};

static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t n = write(fd, text, strlen(text));
	int saved = errno;
	close(fd);
	errno = saved;
	return n == (ssize_t)strlen(text) ? 0 : -1;
}

int holder_map_root(uid_t uid, gid_t gid, struct err *e)
{
	char map[64];

	/* setgroups must be denied before an unprivileged gid_map write. */
	if (write_file("/proc/self/setgroups", "deny") < 0 && errno != ENOENT)
		return err_errno(e, errno, _("could not write '%s'"), "/proc/self/setgroups");
	snprintf(map, sizeof map, "0 %u 1", (unsigned)uid);
	if (write_file("/proc/self/uid_map", map) < 0)
		return err_errno(e, errno, _("could not write '%s'"), "/proc/self/uid_map");
	snprintf(map, sizeof map, "0 %u 1", (unsigned)gid);
	if (write_file("/proc/self/gid_map", map) < 0)
		return err_errno(e, errno, _("could not write '%s'"), "/proc/self/gid_map");
	return 0;
}

static void send_msg(int fd, const struct holder_msg *m)
{
	ssize_t r;
	do
		r = write(fd, m, sizeof *m);
	while (r < 0 && errno == EINTR);
}

static void send_err(int fd, const struct err *e)
{
	struct holder_msg m;
	memset(&m, 0, sizeof m);
	m.e = *e;
	send_msg(fd, &m);
}

static volatile sig_atomic_t holder_dummy;
static void holder_nop(int sig) { holder_dummy = sig; }

/* The holder's life: sleep, reap, and on termination forward it. A PID 1
 * only receives signals from outside for which it has a handler, so every
 * signal of interest gets a no-op handler and is then taken with
 * sigwaitinfo(). */
static void __attribute__((noreturn)) holder_loop(bool init)
{
	static const int sigs[] = { SIGCHLD, SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1 };
	sigset_t set;
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = holder_nop;
	sigemptyset(&set);
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
		sigaction(sigs[i], &sa, NULL);
		sigaddset(&set, sigs[i]);
	}
	sigprocmask(SIG_BLOCK, &set, NULL);
	for (;;) {
		siginfo_t si;
		int sig = sigwaitinfo(&set, &si);
		if (sig < 0)
			continue;
		if (sig == SIGCHLD || sig == SIGUSR1) {
			while (waitpid(-1, NULL, WNOHANG) > 0)
				;
			continue;
		}
		if (!init)
			_exit(0);
		/* Forward termination to every process of the namespace, give
		 * them a moment, then end (which kills what remains). */
		kill(-1, sig);
		for (int i = 0; i < 20; i++) {
			while (waitpid(-1, NULL, WNOHANG) > 0)
				;
			if (kill(-1, 0) < 0 && errno == ESRCH)
				break;
			usleep(50000);
		}
		kill(-1, SIGKILL);
		_exit(0);
	}
}

/* The holder after fork: finish the namespaces from inside, report, loop. */
static void __attribute__((noreturn)) holder_child(const struct holder_spec *s, int wfd)
{
	struct err e = ERR_INIT;
	bool init = s->mask & NS_PID;

	prctl(PR_SET_NAME, init ? "aisla-init" : "aisla-holder", 0, 0, 0);
	if (s->mask & NS_MNT) {
		/* Keep our mounts (the fresh /proc) from propagating to the
		 * host, as unshare(1) does by default. */
		if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0) {
			err_errno(&e, errno, _("could not make the mounts of node '%s' private"), s->name);
			goto fail;
		}
	}
	if (init) {
		if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0) {
			err_errno(&e, errno, _("could not mount a fresh /proc in node '%s'"), s->name);
			goto fail;
		}
		if (s->root) {
			char p[4200];
			struct stat st;
			snprintf(p, sizeof p, "%s/proc", s->root);
			if (stat(p, &st) == 0 && S_ISDIR(st.st_mode) &&
			    mount("proc", p, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0) {
				err_errno(&e, errno, _("could not mount /proc in '%s'"), s->root);
				goto fail;
			}
		}
	}
	if ((s->mask & NS_UTS) && s->hostname &&
	    sethostname(s->hostname, strlen(s->hostname)) < 0) {
		err_errno(&e, errno, _("could not set the hostname '%s'"), s->hostname);
		goto fail;
	}
	if (s->root) {
		if (chdir(s->root) < 0 || chroot(".") < 0) {
			err_errno(&e, errno, _("could not change the root to '%s'"), s->root);
			if (errno == EPERM)
				err_hint(&e, _("chroot needs the capability CAP_SYS_CHROOT"));
			goto fail;
		}
	}
	if (chdir("/") < 0) {
		/* nothing to do: stay where we are */
	}
	{
		struct holder_msg m;
		memset(&m, 0, sizeof m);
		m.ok = 1;
		send_msg(wfd, &m);
		close(wfd);
	}
	holder_loop(init);
fail:
	send_err(wfd, &e);
	_exit(1);
}

/* Start time of pid read through a /proc directory fd. */
static unsigned long long starttime_at(int procfd, pid_t pid)
{
	unsigned long long st = procfd >= 0 ? proc_starttime_at(procfd, pid) : 0;

	return st ? st : proc_starttime(pid);
}

static int write_state(const struct holder_spec *s, pid_t pid, unsigned long long start,
		       struct err *e)
{
	char text[4096 + 512];

	snprintf(text, sizeof text,
		 "name=%s\nid=%s\nholder=%d\nstart=%llu\nmask=%u\nroot=%s\nhostname=%s\n",
		 s->name, s->id, (int)pid, start, s->mask, s->root ? s->root : "",
		 s->hostname ? s->hostname : "");
	/* 0644 whatever the umask: reset trusts holder= only from a file
	 * nobody else could have written. */
	return journal_write_file(s->state_path, text, 0644, e);
}

/* A maker whose aisla dies (SIGKILL) before it has handed the node over
 * undoes its own work: nothing else knows the holder yet (the journal's
 * record is unconfirmed and the state file may not exist). The parent's
 * death arrives as SIGTERM (PR_SET_PDEATHSIG). */
static volatile pid_t maker_holder;
static const char *volatile maker_state;
static volatile sig_atomic_t maker_handed;

static void maker_orphaned(int sig)
{
	(void)sig;
	if (maker_handed)
		return;
	if (maker_holder > 0)
		kill(maker_holder, SIGKILL);
	if (maker_state)
		unlink(maker_state);
	_exit(1);
}

/* For the crash tests: AISLA_TEST_STALL=holder-state stops the maker
 * after the holder is forked, before the state file exists. */
static void maker_stall(void)
{
	const char *w = getenv("AISLA_TEST_STALL");
	if (w && !strcmp(w, "holder-state"))
		for (;;)
			pause();
}

/* The maker: new session, namespaces, fork the holder, wait for it to be
 * ready, write the state file, report, exit. */
static void __attribute__((noreturn)) holder_maker(const struct holder_spec *s, int wfd)
{
	struct err e = ERR_INIT;
	uid_t uid = geteuid();
	gid_t gid = getegid();
	int flags = ns_clone_flags(s->mask);
	int pfd[2];

	pid_t parent = getppid();

	run_child_signals();
	signal(SIGPIPE, SIG_IGN);
	{
		struct sigaction sa;
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = maker_orphaned;
		sigaction(SIGTERM, &sa, NULL);
		prctl(PR_SET_PDEATHSIG, SIGTERM, 0, 0, 0);
		if (getppid() != parent)	/* aisla died before the prctl */
			maker_orphaned(SIGTERM);
	}
	setsid();
	int nul = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (nul >= 0) {
		dup2(nul, 0);
		dup2(nul, 1);
		dup2(nul, 2);
		close(nul);
	}
	/* Close everything inherited but the report pipe. */
	if (wfd != 3) {
		if (dup3(wfd, 3, O_CLOEXEC) < 0)
			_exit(1);
		wfd = 3;
	}
	if (syscall(SYS_close_range, 4U, ~0U, 0U) < 0)	/* kernels before 5.9 */
		for (int fd = 4; fd < 4096; fd++)
			close(fd);

	/* Show "aisla-init NODE" instead of aisla's command line (the
	 * holder inherits the rewritten argv area). */
	{
		char title[64];
		snprintf(title, sizeof title, "%s %s",
			 s->mask & NS_PID ? "aisla-init" : "aisla-holder", s->name);
		proc_set_title(title);
	}
	/* The holder mounts a fresh /proc over ours (we share its mount
	 * namespace): keep a handle on the host's /proc to read its start. */
	int procfd = open("/proc", O_PATH | O_DIRECTORY | O_CLOEXEC);

	if (flags & CLONE_NEWUSER) {
		if (unshare(CLONE_NEWUSER) < 0) {
			node_ns_errno(&e, errno, CLONE_NEWUSER, "user");
			goto fail;
		}
		if (s->map_root && holder_map_root(uid, gid, &e) < 0)
			goto fail;
		flags &= ~CLONE_NEWUSER;
	}
	if (flags && unshare(flags) < 0) {
		node_ns_errno(&e, errno, flags, s->name);
		goto fail;
	}
	if (pipe2(pfd, O_CLOEXEC) < 0) {
		err_errno(&e, errno, _("could not create a pipe"));
		goto fail;
	}
	sigset_t term, old;
	sigemptyset(&term);
	sigaddset(&term, SIGTERM);
	sigprocmask(SIG_BLOCK, &term, &old);
	pid_t pid = fork();
	if (pid > 0)
		maker_holder = pid;
	if (pid != 0)
		sigprocmask(SIG_SETMASK, &old, NULL);
	if (pid < 0) {
		err_errno(&e, errno, _("could not start the holder of node '%s'"), s->name);
		goto fail;
	}
	if (pid == 0) {
		signal(SIGTERM, SIG_DFL);	/* holder_loop sets its own */
		sigprocmask(SIG_SETMASK, &old, NULL);
		close(pfd[0]);
		close(wfd);
		if (procfd >= 0)	/* a way out of a --root: never keep it */
			close(procfd);
		holder_child(s, pfd[1]);
	}
	close(pfd[1]);
	struct holder_msg m;
	ssize_t r;
	do
		r = read(pfd[0], &m, sizeof m);
	while (r < 0 && errno == EINTR);
	if (r != (ssize_t)sizeof m || !m.ok) {
		if (r == (ssize_t)sizeof m)
			e = m.e;
		else
			err_set(&e, _("the holder of node '%s' died while starting"), s->name);
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		goto fail;
	}
	unsigned long long start = starttime_at(procfd, pid);
	maker_stall();
	maker_state = s->state_path;
	if (write_state(s, pid, start, &e) < 0) {
		maker_state = NULL;
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		goto fail;
	}
	memset(&m, 0, sizeof m);
	m.ok = 1;
	m.pid = pid;
	m.start = start;
	/* Handed over: the state file names the holder and the journal's
	 * record names the state file, so reset finds it from now on. If
	 * aisla is already gone, the report cannot be written: undo. */
	sigprocmask(SIG_BLOCK, &term, NULL);
	if (write(wfd, &m, sizeof m) != (ssize_t)sizeof m) {
		kill(pid, SIGKILL);
		unlink(s->state_path);
		_exit(1);
	}
	maker_handed = 1;
	_exit(0);
fail:
	send_err(wfd, &e);
	_exit(1);
}

int holder_start(const struct holder_spec *s, pid_t *pidp, unsigned long long *startp,
		 struct err *e)
{
	int pfd[2];
	if (pipe2(pfd, O_CLOEXEC) < 0)
		return err_errno(e, errno, _("could not create a pipe"));
	pid_t maker = fork();
	if (maker < 0) {
		close(pfd[0]);
		close(pfd[1]);
		return err_errno(e, errno, _("could not start the holder of node '%s'"), s->name);
	}
	if (maker == 0) {
		close(pfd[0]);
		holder_maker(s, pfd[1]);
	}
	close(pfd[1]);
	struct holder_msg m;
	ssize_t r;
	do
		r = read(pfd[0], &m, sizeof m);
	while (r < 0 && errno == EINTR);
	close(pfd[0]);
	while (waitpid(maker, NULL, 0) < 0 && errno == EINTR)
		;
	if (r != (ssize_t)sizeof m)
		return err_set(e, _("the holder of node '%s' died while starting"), s->name);
	if (!m.ok) {
		*e = m.e;
		return -1;
	}
	*pidp = m.pid;
	*startp = m.start;
	return 0;
}
