/* rootless.c: entering the rootless session (see rootless.h).
 *
 *   outer (the user's process)  unshare(user) + maps, unshare(mount, net,
 *                               pid), fork; waits, forwards SIGTERM/SIGHUP,
 *                               exits with aisla's status
 *   init (PID 1)                mounts /run and /proc, lo up, forks aisla;
 *                               reaps every orphan; when aisla exits, runs
 *                               `aisla reset -y` and exits (the kernel then
 *                               kills whatever is left in the namespace)
 *   aisla (PID 2)               returns from rootless_enter() and runs
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <net/if.h>
#include <pwd.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "i18n.h"
#include "rootless.h"
#include "kernel/nodes.h"

#define ROOTLESS_ENV "AISLA_ROOTLESS"

static bool active;
static volatile pid_t forward_to;

bool rootless_active(void)
{
	return active;
}

static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, text, strlen(text));
	close(fd);
	return n == (ssize_t)strlen(text) ? 0 : -1;
}

/* The user's first range in /etc/subuid or /etc/subgid ("name:start:count"
 * or "uid:start:count"); false if none. */
static bool sub_range(const char *file, unsigned id, unsigned long *start, unsigned long *count)
{
	struct passwd *pw = getpwuid(geteuid());
	char line[256], num[32];
	bool found = false;
	FILE *f = fopen(file, "re");

	snprintf(num, sizeof num, "%u", id);
	while (f && !found && fgets(line, sizeof line, f)) {
		char *c1 = strchr(line, ':');
		if (!c1)
			continue;
		*c1 = '\0';
		if (strcmp(line, num) && (!pw || strcmp(line, pw->pw_name)))
			continue;
		found = sscanf(c1 + 1, "%lu:%lu", start, count) == 2 && *count > 0;
	}
	if (f)
		fclose(f);
	return found;
}

/* Wider maps through newuidmap/newgidmap (setuid helpers of the uidmap
 * package), when the user has ranges: uid 0 inside is the user, 1..N
 * the user's subordinate ids, so that other users exist inside (lesson
 * 09's setpriv --reuid=1000). A child still outside the new namespace
 * runs them on us once we have unshared. */
static int wide_maps_child(pid_t target, int go, uid_t uid, gid_t gid)
{
	unsigned long us, uc, gs, gc;
	char a[6][32], b[6][32];
	char c;
	pid_t p;
	int st;

	if (read(go, &c, 1) != 1)
		_exit(1);
	if (!sub_range("/etc/subuid", uid, &us, &uc) || !sub_range("/etc/subgid", uid, &gs, &gc))
		_exit(1);
	snprintf(a[0], 32, "%d", (int)target);
	snprintf(a[1], 32, "0"); snprintf(a[2], 32, "%u", (unsigned)uid); snprintf(a[3], 32, "1");
	snprintf(a[4], 32, "1"); snprintf(a[5], 32, "%lu", us);
	memcpy(b, a, sizeof b);
	snprintf(b[2], 32, "%u", (unsigned)gid); snprintf(b[5], 32, "%lu", gs);
	char ucount[32], gcount[32];
	snprintf(ucount, sizeof ucount, "%lu", uc);
	snprintf(gcount, sizeof gcount, "%lu", gc);
	char *uargv[] = { (char *)"newuidmap", a[0], a[1], a[2], a[3], a[4], a[5], ucount, NULL };
	char *gargv[] = { (char *)"newgidmap", b[0], b[1], b[2], b[3], b[4], b[5], gcount, NULL };
	int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (null >= 0) {
		dup2(null, STDOUT_FILENO);
		dup2(null, STDERR_FILENO);
	}
	p = fork();
	if (p == 0) {
		execvp(uargv[0], uargv);
		_exit(127);
	}
	if (p < 0 || waitpid(p, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st))
		_exit(1);
	execvp(gargv[0], gargv);
	_exit(127);
}

/* Is this map file of ours still empty (not written yet)? */
static bool map_empty(const char *path)
{
	char buf[8];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n = fd >= 0 ? read(fd, buf, sizeof buf) : 0;

	if (fd >= 0)
		close(fd);
	return n <= 0;
}

int rootless_userns(bool wide, struct err *e)
{
	char map[64], c = 'g';
	uid_t uid = geteuid();
	gid_t gid = getegid();
	int go[2], st;
	pid_t helper = -1, self = getpid();

	if (wide && pipe2(go, O_CLOEXEC) == 0) {
		helper = fork();
		if (helper == 0) {
			close(go[1]);
			wide_maps_child(self, go[0], uid, gid);
		}
		close(go[0]);
	}
	if (unshare(CLONE_NEWUSER) < 0) {
		int err = errno;
		if (helper > 0) {
			close(go[1]);
			waitpid(helper, &st, 0);
		}
		return err_errno(e, err, "%s", _("could not create a user namespace"));
	}
	if (helper > 0) {
		if (write(go[1], &c, 1) != 1) {
			/* the helper then fails: one-id maps below */
		}
		close(go[1]);
		waitpid(helper, &st, 0);
	}
	if (map_empty("/proc/self/uid_map")) {
		snprintf(map, sizeof map, "0 %u 1\n", (unsigned)uid);
		if (write_file("/proc/self/uid_map", map) < 0)
			return err_errno(e, errno, "%s", _("could not write /proc/self/uid_map"));
	}
	if (map_empty("/proc/self/gid_map")) {
		if (write_file("/proc/self/setgroups", "deny") < 0 && errno != ENOENT)
			return err_errno(e, errno, "%s", _("could not write /proc/self/setgroups"));
		snprintf(map, sizeof map, "0 %u 1\n", (unsigned)gid);
		if (write_file("/proc/self/gid_map", map) < 0)
			return err_errno(e, errno, "%s", _("could not write /proc/self/gid_map"));
	}
	return 0;
}

/* Bind one entry of the old /run (oldfd) back into the new one. */
static void rebind(int oldfd, const char *name)
{
	char src[64], dst[PATH_MAX], link[PATH_MAX];
	struct stat st;
	ssize_t n;

	if (fstatat(oldfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return;
	snprintf(dst, sizeof dst, "/run/%s", name);
	if (S_ISLNK(st.st_mode)) {
		n = readlinkat(oldfd, name, link, sizeof link - 1);
		if (n > 0) {
			link[n] = '\0';
			if (symlink(link, dst) < 0) {
				/* best effort: the entry is just missing */
			}
		}
		return;
	}
	if (S_ISDIR(st.st_mode)) {
		if (mkdir(dst, st.st_mode & 07777) < 0)
			return;
	} else {
		int fd = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
		if (fd < 0)
			return;
		close(fd);
	}
	int efd = openat(oldfd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (efd < 0)
		return;
	snprintf(src, sizeof src, "/proc/self/fd/%d", efd);
	if (mount(src, dst, NULL, MS_BIND | MS_REC, NULL) < 0) {
		/* unreadable for us: leave the empty mount point */
	}
	close(efd);
}

/* A private /run: a tmpfs over it, every old entry bound back except
 * netns/ and aisla/ (the session's own, empty). */
static int private_run(struct err *e)
{
	int oldfd = open("/run", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d;
	struct dirent *de;

	if (oldfd < 0)
		return err_errno(e, errno, "%s", _("could not open /run"));
	if (mount("aisla-run", "/run", "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755") < 0) {
		close(oldfd);
		return err_errno(e, errno, "%s", _("could not mount a private /run"));
	}
	d = fdopendir(dup(oldfd));
	while (d && (de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..") ||
		    !strcmp(de->d_name, "netns") || !strcmp(de->d_name, "aisla"))
			continue;
		rebind(oldfd, de->d_name);
	}
	if (d)
		closedir(d);
	close(oldfd);
	if (mkdir(NETNS_DIR, 0755) < 0 || mkdir("/run/aisla", 0755) < 0)
		return err_errno(e, errno, "%s", _("could not make /run/netns"));
	return 0;
}

/* lo up in the new network namespace (the session's host). */
static void lo_up(void)
{
	struct ifreq ifr = { 0 };
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (s < 0)
		return;
	snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "lo");
	if (ioctl(s, SIOCGIFFLAGS, &ifr) == 0) {
		ifr.ifr_flags |= IFF_UP;
		ioctl(s, SIOCSIFFLAGS, &ifr);
	}
	close(s);
}

static void on_forward(int sig)
{
	if (forward_to > 0)
		kill(forward_to, sig);
}

/* Wait for pid (reaping every other child meanwhile); its exit status
 * as a shell would give it. */
static int wait_for(pid_t pid)
{
	int st;
	pid_t w;

	for (;;) {
		w = wait(&st);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return 1;
		if (w == pid)
			return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	}
}

/* Ignore the terminal's signals (aisla, in the same process group, gets
 * them) and forward SIGTERM/SIGHUP to pid. */
static void guard_signals(pid_t pid)
{
	struct sigaction sa = { .sa_handler = on_forward };

	forward_to = pid;
	signal(SIGINT, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	signal(SIGTSTP, SIG_IGN);
	signal(SIGTTIN, SIG_IGN);
	signal(SIGTTOU, SIG_IGN);
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

/* After aisla: undo what it left (a crash, or nodes that outlive a
 * quit by design), quietly, with aisla itself. */
static void final_reset(void)
{
	struct stat st;
	pid_t pid;

	if (stat("/run/aisla/journal", &st) < 0 || st.st_size == 0)
		return;
	pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR | O_CLOEXEC);
		char *argv[] = { (char *)"aisla", (char *)"reset", (char *)"-y", NULL };
		signal(SIGINT, SIG_DFL);
		signal(SIGQUIT, SIG_DFL);
		if (null >= 0) {
			dup2(null, STDIN_FILENO);
			dup2(null, STDOUT_FILENO);
			dup2(null, STDERR_FILENO);
		}
		execv("/proc/self/exe", argv);
		_exit(127);
	}
	if (pid > 0)
		wait_for(pid);
}

/* PID 1 of the session. Never returns in the init; returns 0 in aisla. */
static int init_and_fork(struct err *e)
{
	pid_t pid;
	int rc;

	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return err_errno(e, errno, "%s", _("could not make the mounts private"));
	if (private_run(e) < 0)
		return -1;
	if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
		return err_errno(e, errno, "%s", _("could not mount /proc for the session"));
	lo_up();
	setenv(ROOTLESS_ENV, "1", 1);
	/* Root's image store (/var/lib/aisla/images) is not ours: the
	 * user's, unless they chose one. */
	if (!getenv("AISLA_IMAGE_DIR")) {
		const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
		char dir[PATH_MAX];
		if (xdg && *xdg == '/')
			snprintf(dir, sizeof dir, "%.*s/aisla/images", PATH_MAX - 16, xdg);
		else
			snprintf(dir, sizeof dir, "%.*s/.local/share/aisla/images", PATH_MAX - 32,
				 home && *home ? home : "/tmp");
		setenv("AISLA_IMAGE_DIR", dir, 1);
	}
	pid = fork();
	if (pid < 0)
		return err_errno(e, errno, "%s", _("could not start aisla in the session"));
	if (pid == 0) {
		active = true;
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		/* Ctrl-Z would stop aisla alone: the shell that started the
		 * session waits for the outer process, which does not stop,
		 * and the terminal would hang. (Children get SIG_DFL back.) */
		signal(SIGTSTP, SIG_IGN);
		return 0;
	}
	prctl(PR_SET_NAME, "aisla-rootless");
	guard_signals(pid);
	rc = wait_for(pid);
	final_reset();
	_exit(rc);
}

int rootless_enter(struct err *e)
{
	pid_t pid;

	/* Already inside (a child re-executed, `reset` of final_reset). */
	if (getenv(ROOTLESS_ENV) && getpid() != 1) {
		active = true;
		return 0;
	}
	if (rootless_userns(true, e) < 0)
		return -1;
	if (unshare(CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWPID) < 0)
		return err_errno(e, errno, "%s", _("could not create the session's namespaces"));
	pid = fork();
	if (pid < 0)
		return err_errno(e, errno, "%s", _("could not start the session"));
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (init_and_fork(e) < 0) {
			/* the error reaches the user from here: the outer
			 * process only passes the status on */
			fprintf(stderr, "%s: %s\n", _("error"), e->msg);
			_exit(1);
		}
		return 0;
	}
	guard_signals(pid);
	_exit(wait_for(pid));
}
