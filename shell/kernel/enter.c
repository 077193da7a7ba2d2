/* enter.c: entering a node or a process from a forked child
 * (node_enter_*), the waiter left behind when a PID namespace is joined,
 * and node_run, the engine of `exec`, `ping`, `load -n` and the lesson
 * checks' `in NODE`; the errors of unshare/setns, the process title. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "enter.h"
#include "nodes.h"
#include "ns.h"
#include "../i18n.h"
#include "../run.h"

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif

/* ---- errors and the title ---- */

/* Fill e for a failed unshare()/setns(): the cause, and a hint that
 * teaches (capability, sysctl). */
int node_ns_errno(struct err *e, int errnum, int clone_flags, const char *what)
{
	err_errno(e, errnum, _("could not create the namespaces (%s)"), what);
	if (errnum == EPERM || errnum == EACCES) {
		if ((clone_flags & CLONE_NEWUSER) && geteuid() != 0) {
			if (access("/proc/sys/kernel/apparmor_restrict_unprivileged_userns", F_OK) == 0)
				err_hint(e, _("this system forbids user namespaces to unprivileged users: "
					      "sysctl kernel.apparmor_restrict_unprivileged_userns is 1 "
					      "(set it to 0 as root, or run aisla with sudo)"));
			else if (access("/proc/sys/kernel/unprivileged_userns_clone", F_OK) == 0)
				err_hint(e, _("this system forbids user namespaces to unprivileged users: "
					      "sysctl kernel.unprivileged_userns_clone is 0 "
					      "(set it to 1 as root, or run aisla with sudo)"));
			else
				err_hint(e, _("user namespaces are not allowed here (look at the sysctl "
					      "user.max_user_namespaces, or run aisla with sudo)"));
		} else if (geteuid() != 0) {
			err_hint(e, _("creating namespaces needs the capability CAP_SYS_ADMIN: "
				      "run aisla as root (sudo), or add -U -r to create a user "
				      "namespace first where you are root"));
		} else {
			err_hint(e, _("even root lacks CAP_SYS_ADMIN here (a container without "
				      "privileges?); try -U -r"));
		}
	} else if (errnum == ENOSPC || errnum == EUSERS) {
		err_hint(e, _("the limit of namespaces was reached: look at "
			      "/proc/sys/user/max_*_namespaces"));
	} else if (errnum == EINVAL) {
		err_hint(e, _("this kernel does not support one of the namespaces asked for"));
	}
	return -1;
}

/* The argv and environment areas' bounds (fields 48-51 of
 * /proc/self/stat), read once: after setns the process's /proc may be
 * another PID namespace's, where "self" does not exist. */
static unsigned long title_start, title_stop, env_start, env_stop;

void proc_title_prepare(void)
{
	char buf[2048];
	int fd = open("/proc/self/stat", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	ssize_t n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return;
	buf[n] = 0;
	char *c = strrchr(buf, ')');
	if (!c)
		return;
	c += 2;
	for (int f = 3; f < 48 && c; f++) {
		c = strchr(c, ' ');
		if (c)
			c++;
	}
	if (!c)
		return;
	unsigned long v[4];
	for (int i = 0; i < 4; i++) {
		char *end;
		v[i] = strtoul(c, &end, 10);
		c = end;
	}
	if (!v[0] || v[1] <= v[0] || v[1] - v[0] > 1 << 20)
		return;
	title_start = v[0];
	title_stop = v[1];
	if (v[2] == v[1] && v[3] > v[2] && v[3] - v[2] < 1 << 20) {
		env_start = v[2];
		env_stop = v[3];
	}
}

/* Rewrite our command line in place (as setproctitle does). A title
 * longer than the original arguments (`aisla` alone is 6 bytes) runs on
 * into the environment strings, which this process no longer reads: the
 * kernel then reads the command line up to the first NUL. */
void proc_set_title(const char *title)
{
	if (!title_start)
		proc_title_prepare();
	if (!title_start)
		return;
	size_t len = title_stop - title_start;
	size_t room = env_stop ? env_stop - title_start : len;
	char *area = (char *)title_start;
	size_t tl = strlen(title);
	if (tl >= room)
		tl = room - 1;
	if (tl < len) {
		memset(area, 0, len);
		memcpy(area, title, tl);
	} else {
		memcpy(area, title, tl);
		area[tl] = 0;
	}
}

/* ---- entering ---- */

static void enter_init(struct node_enter *ne)
{
	memset(ne, 0, sizeof *ne);
	ne->pidfd = -1;
	ne->rootfd = -1;
	ne->cwdfd = -1;
	for (int i = 0; i < 7; i++)
		ne->nsfd[i] = -1;
}

void node_enter_release(struct node_enter *ne)
{
	if (ne->pidfd >= 0)
		close(ne->pidfd);
	if (ne->rootfd >= 0)
		close(ne->rootfd);
	if (ne->cwdfd >= 0)
		close(ne->cwdfd);
	for (int i = 0; i < 7; i++)
		if (ne->nsfd[i] >= 0)
			close(ne->nsfd[i]);
	enter_init(ne);
}

/* Find the host path of a cgroup: line "ID:CONTROLLERS:PATH" of
 * /proc/PID/cgroup, mount points from our mountinfo. */
static bool cgroup_mount_of(const char *controllers, bool v2, char *out, size_t sz)
{
	FILE *f = fopen("/proc/self/mountinfo", "re");
	char line[1024];
	bool found = false;
	if (!f)
		return false;
	while (!found && fgets(line, sizeof line, f)) {
		char *sep = strstr(line, " - ");
		if (!sep)
			continue;
		char fstype[32], src[256], opts[512];
		if (sscanf(sep + 3, "%31s %255s %511s", fstype, src, opts) != 3)
			continue;
		/* field 5 is the mount point */
		char mp[512];
		if (sscanf(line, "%*s %*s %*s %*s %511s", mp) != 1)
			continue;
		if (v2) {
			if (!strcmp(fstype, "cgroup2")) {
				snprintf(out, sz, "%s", mp);
				found = true;
			}
			continue;
		}
		if (strcmp(fstype, "cgroup"))
			continue;
		/* every controller of the hierarchy must be in the options */
		char ctl[256];
		snprintf(ctl, sizeof ctl, "%s", controllers);
		bool all = true;
		for (char *sv, *t = strtok_r(ctl, ",", &sv); t; t = strtok_r(NULL, ",", &sv)) {
			char o[520];
			snprintf(o, sizeof o, ",%s,", opts);
			char w[300];
			snprintf(w, sizeof w, ",%s,", t);
			if (!strstr(o, w))
				all = false;
		}
		if (all) {
			snprintf(out, sz, "%s", mp);
			found = true;
		}
	}
	fclose(f);
	return found;
}

static void enter_cgroups(struct node_enter *ne, pid_t target)
{
	char p[64], line[512], mine[8192] = "";
	snprintf(p, sizeof p, "/proc/self/cgroup");
	FILE *f = fopen(p, "re");
	if (f) {
		size_t n = fread(mine, 1, sizeof mine - 1, f);
		mine[n] = 0;
		fclose(f);
	}
	snprintf(p, sizeof p, "/proc/%d/cgroup", (int)target);
	f = fopen(p, "re");
	if (!f)
		return;
	while (ne->ncgroup < 8 && fgets(line, sizeof line, f)) {
		line[strcspn(line, "\n")] = 0;
		/* same line in ours: nothing to join */
		char probe[520];
		snprintf(probe, sizeof probe, "%s\n", line);
		if (strstr(mine, probe))
			continue;
		char *c1 = strchr(line, ':');
		char *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
		if (!c2)
			continue;
		*c1 = 0;
		*c2 = 0;
		bool v2 = !strcmp(line, "0");
		char mp[512];
		if (!cgroup_mount_of(c1 + 1, v2, mp, sizeof mp))
			continue;
		snprintf(ne->cgroup_procs[ne->ncgroup++], sizeof ne->cgroup_procs[0],
			 "%.200s%.400s/cgroup.procs", mp, c2 + 1);
	}
	fclose(f);
}

int node_enter_prepare(struct node_enter *ne, const char *node, pid_t target,
		       unsigned mask, bool with_root, bool with_cgroup, struct err *e)
{
	enter_init(ne);
	if (node && !strcmp(node, "host"))
		return 0;
	if (node) {
		struct node_info ni;
		if (node_get_alive(node, &ni, e) < 0)
			return -1;
		if (!ni.holder) {
			/* network-only node: its bind mount is all there is */
			char path[PATH_MAX];
			snprintf(path, sizeof path, NETNS_DIR "/%s", node);
			ne->nsfd[0] = open(path, O_RDONLY | O_CLOEXEC);
			if (ne->nsfd[0] < 0)
				return err_errno(e, errno, _("could not open '%s'"), path);
			ne->mask = NS_NET;
			return 0;
		}
		target = ni.holder;
	}
	if (target <= 0)
		return 0;
	ne->target = target;
	for (int i = 0; i < 7; i++) {
		if (mask && !(mask & (1u << i)))
			continue;
		unsigned long theirs = ns_pid_inode(target, i);
		if (!theirs) {
			if (mask) {
				err_errno(e, errno, _("could not read the namespaces of pid %d"),
					  (int)target);
				if (errno == EACCES || errno == EPERM)
					err_hint(e, _("looking at another user's process needs "
						      "CAP_SYS_PTRACE: run aisla as root"));
				node_enter_release(ne);
				return -1;
			}
			continue;
		}
		if (theirs != ns_pid_inode(getpid(), i))
			ne->mask |= 1u << i;
	}
	if (ne->mask) {
		/* pidfd_open + setns(pidfd) needs Linux 5.8; the fallback (one
		 * fd per namespace) is forced in tests with AISLA_TEST_NO_PIDFD */
		if (getenv("AISLA_TEST_NO_PIDFD")) {
			ne->pidfd = -1;
			errno = ENOSYS;
		} else {
			ne->pidfd = (int)syscall(SYS_pidfd_open, target, 0);
		}
		if (ne->pidfd < 0 && errno != ENOSYS && errno != EINVAL) {
			err_errno(e, errno, _("could not open process %d"), (int)target);
			node_enter_release(ne);
			return -1;
		}
		if (ne->pidfd < 0) {
			for (int i = 0; i < 7; i++) {
				if (!(ne->mask & (1u << i)))
					continue;
				char p[64];
				snprintf(p, sizeof p, "/proc/%d/ns/%s", (int)target, ns_name(i));
				ne->nsfd[i] = open(p, O_RDONLY | O_CLOEXEC);
				if (ne->nsfd[i] < 0) {
					err_errno(e, errno, _("could not open '%s'"), p);
					node_enter_release(ne);
					return -1;
				}
			}
		}
		if (ne->mask & NS_PID)
			ne->fork_for_pid = true;
	}
	if (with_root) {
		char p[64];
		snprintf(p, sizeof p, "/proc/%d/root", (int)target);
		ne->rootfd = open(p, O_PATH | O_DIRECTORY | O_CLOEXEC);
		/* not fatal: without it the process keeps the mount ns root */
	}
	if (with_cgroup)
		enter_cgroups(ne, target);
	return 0;
}

static int ns_clone_flag(int i)
{
	return ns_clone_flags(1u << i);
}

static volatile pid_t enter_child;
static void enter_forward(int sig)
{
	if (enter_child > 0)
		kill(enter_child, sig);
}

/* The process left between the caller and the real child when a PID
 * namespace was joined: close what the child needs closed on exec (the
 * runner's error pipe), forward termination, exit as the child did. */
void node_wait_child(pid_t child)
{
	long max = sysconf(_SC_OPEN_MAX);
	if (max < 0 || max > 65536)
		max = 65536;
	for (int fd = 3; fd < max; fd++) {
		int fl = fcntl(fd, F_GETFD);
		if (fl >= 0 && (fl & FD_CLOEXEC))
			close(fd);
	}
	prctl(PR_SET_NAME, "aisla-enter", 0, 0, 0);
	proc_set_title("aisla-enter");
	enter_child = child;
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = enter_forward;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGQUIT, &sa, NULL);
	signal(SIGTTOU, SIG_IGN);
	signal(SIGTTIN, SIG_IGN);
	int st;
	while (waitpid(child, &st, 0) < 0)
		if (errno != EINTR)
			_exit(127);
	if (WIFSIGNALED(st)) {
		signal(WTERMSIG(st), SIG_DFL);
		sigset_t s;
		sigemptyset(&s);
		sigaddset(&s, WTERMSIG(st));
		sigprocmask(SIG_UNBLOCK, &s, NULL);
		raise(WTERMSIG(st));
		_exit(128 + WTERMSIG(st));
	}
	_exit(WEXITSTATUS(st));
}

int node_enter_apply(struct node_enter *ne, struct err *e)
{
	if (ne->fork_for_pid)
		proc_title_prepare();	/* the waiter's title, while /proc is ours */
	for (int i = 0; i < ne->ncgroup; i++) {
		int fd = open(ne->cgroup_procs[i], O_WRONLY | O_CLOEXEC);
		if (fd >= 0) {
			if (write(fd, "0", 1) < 0) {
				/* best effort: the process stays in aisla's group */
			}
			close(fd);
		}
	}
	if (ne->pidfd >= 0) {
		int flags = ns_clone_flags(ne->mask);
		if (setns(ne->pidfd, flags) < 0)
			return node_ns_errno(e, errno, flags, "setns");
	} else {
		/* user first: the others belong to it */
		static const int order[7] = { 2, 6, 5, 4, 0, 1, 3 };
		for (int k = 0; k < 7; k++) {
			int i = order[k];
			if (ne->nsfd[i] < 0)
				continue;
			if (setns(ne->nsfd[i], ns_clone_flag(i)) < 0)
				return node_ns_errno(e, errno, ns_clone_flag(i), ns_name(i));
		}
	}
	if (ne->rootfd >= 0) {
		if (fchdir(ne->rootfd) < 0 || chroot(".") < 0)
			return err_errno(e, errno, _("could not enter the root directory of the node"));
	}
	if (ne->rootfd >= 0 || (ne->mask & NS_MNT))
		if (chdir("/") < 0)
			return err_errno(e, errno, _("could not change to '/'"));
	if ((ne->mask & NS_NET) && !(ne->mask & NS_MNT)) {
		/* As `ip netns exec` does: a private mount namespace whose
		 * /sys shows the node's interfaces (best effort). */
		if (unshare(CLONE_NEWNS) == 0 &&
		    mount("", "/", "none", MS_SLAVE | MS_REC, NULL) == 0 &&
		    umount2("/sys", MNT_DETACH) == 0)
			mount("sysfs", "/sys", "sysfs", 0, NULL);
	}
	if (ne->fork_for_pid) {
		/* setns(PID) applies to children only: fork once more; the
		 * child keeps dying with aisla if the runner asked for it */
		int pdeath = 0;
		prctl(PR_GET_PDEATHSIG, &pdeath);
		pid_t c = fork();
		if (c < 0)
			return err_errno(e, errno, _("could not fork inside the node"));
		if (c > 0)
			node_wait_child(c);
		if (pdeath)
			prctl(PR_SET_PDEATHSIG, pdeath);
		node_take_tty();
	}
	return 0;
}

/* In the child of a PID namespace's waiter: when the terminal is ours,
 * become our own process group and take it. A shell inside restores the
 * terminal to its first group on exit; the waiter's group (a pid outside
 * the namespace) would not exist for it ("Cannot set tty process group"). */
void node_take_tty(void)
{
	if (!isatty(STDIN_FILENO) || tcgetpgrp(STDIN_FILENO) != getpgrp())
		return;
	setpgid(0, 0);
	signal(SIGTTOU, SIG_IGN);
	tcsetpgrp(STDIN_FILENO, getpid());
	signal(SIGTTOU, SIG_DFL);
}

/* ---- node_run ---- */

struct run_ctx {
	struct node_enter ne;
	int (*setup)(void *, struct err *);
	void *arg;
};

static int node_run_setup(void *arg, struct err *e)
{
	struct run_ctx *rc = arg;
	if (node_enter_apply(&rc->ne, e) < 0)
		return -1;
	if (rc->setup)
		return rc->setup(rc->arg, e);
	return 0;
}

int node_run(const char *node, const struct run_spec *spec, int *status, pid_t *pid,
	     struct err *e)
{
	struct run_ctx rc;
	struct run_spec s = *spec;
	pid_t target = 0;
	const char *name = node;

	if (node && node_word_is_pid(node)) {
		if (node_or_pid(node, NULL, 0, &target, e) < 0)
			return -1;
		name = NULL;
	}
	if (node_enter_prepare(&rc.ne, name, target, 0, true, true, e) < 0)
		return -1;
	rc.setup = spec->setup;
	rc.arg = spec->setup_arg;
	s.setup = node_run_setup;
	s.setup_arg = &rc;
	if (!s.label)
		s.label = node;
	int r = run_child(&s, status, pid, e);
	node_enter_release(&rc.ne);
	return r;
}
