/* session.c: the live interactive sessions of a journal (session.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include "i18n.h"
#include "journal.h"
#include "kernel/proc.h"
#include "session.h"

static int lock_fd = -1;
static char lock_path[4200];

static void sessions_dir(char *buf, size_t n)
{
	snprintf(buf, n, "%s/sessions", journal_dir());
}

int session_begin(struct err *e)
{
	char dir[4100], text[256];
	const char *tty = isatty(STDIN_FILENO) ? ttyname(STDIN_FILENO) : NULL;
	pid_t pid = getpid();

	if (lock_fd >= 0)
		return 0;
	if (journal_mkdir(journal_dir(), e) < 0)
		return -1;
	sessions_dir(dir, sizeof dir);
	if (journal_mkdir(dir, e) < 0)
		return -1;
	/* made under another name, locked, then renamed: a reader never
	 * sees a session file whose lock is not held yet */
	char tmp[4200];
	snprintf(lock_path, sizeof lock_path, "%s/%d", dir, (int)pid);
	snprintf(tmp, sizeof tmp, "%s/%d.new", dir, (int)pid);
	int fd = open(tmp, O_RDWR | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0)
		return err_errno(e, errno, _("could not write '%s'"), tmp);
	int len = snprintf(text, sizeof text, "pid=%d start=%llu since=%lld tty=%s\n", (int)pid,
			   proc_starttime(pid), (long long)time(NULL), tty ? tty : "");
	if (fchmod(fd, 0644) < 0 || flock(fd, LOCK_EX | LOCK_NB) < 0 ||
	    write(fd, text, (size_t)len) != len || rename(tmp, lock_path) < 0) {
		int saved = errno;
		close(fd);
		unlink(tmp);
		return err_errno(e, saved, _("could not write '%s'"), lock_path);
	}
	lock_fd = fd;
	return 0;
}

void session_end(void)
{
	if (lock_fd < 0)
		return;
	unlink(lock_path);
	close(lock_fd);
	lock_fd = -1;
}

/* Read a session file: is it a live session other than us? */
static bool session_read(int dirfd, const char *name, struct session_info *si)
{
	char buf[512];
	unsigned long long start = 0;
	long long since = 0;
	int pid = 0;

	int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return false;
	struct err e = ERR_INIT;
	if (journal_trusted_fd(fd, name, &e) < 0) {
		close(fd);
		return false;
	}
	/* the lock is free: nobody holds the session any more */
	if (flock(fd, LOCK_SH | LOCK_NB) == 0) {
		close(fd);
		unlinkat(dirfd, name, 0);
		return false;
	}
	ssize_t n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return false;
	buf[n] = 0;
	memset(si, 0, sizeof *si);
	char *t = strstr(buf, "tty=");
	if (sscanf(buf, "pid=%d start=%llu since=%lld", &pid, &start, &since) != 3 || pid <= 0)
		return false;
	if (t)
		snprintf(si->tty, sizeof si->tty, "%.*s", (int)strcspn(t + 4, "\n"), t + 4);
	/* the lock may linger in a child that kept the fd (a holder forked
	 * before exec): the session is the pid with its start time */
	if (!proc_alive(pid, start)) {
		unlinkat(dirfd, name, 0);
		return false;
	}
	si->pid = pid;
	si->since = (time_t)since;
	return pid != getpid();
}

int session_others(struct session_info *out, int max)
{
	char dir[4100];
	int n = 0;

	sessions_dir(dir, sizeof dir);
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (dfd < 0)
		return 0;
	DIR *d = fdopendir(dfd);
	if (!d) {
		close(dfd);
		return 0;
	}
	struct dirent *de;
	int scanned = 0;
	while ((de = readdir(d)) && scanned++ < 4096) {
		struct session_info si;
		if (de->d_name[0] < '1' || de->d_name[0] > '9' ||
		    strspn(de->d_name, "0123456789") != strlen(de->d_name))
			continue;
		if (!session_read(dirfd(d), de->d_name, &si))
			continue;
		if (n < max)
			out[n] = si;
		n++;
	}
	closedir(d);
	return n;
}

const char *session_describe(const struct session_info *s)
{
	static char buf[160];
	char when[16] = "";
	struct tm tm;
	time_t t = s->since;

	if (t && localtime_r(&t, &tm))
		strftime(when, sizeof when, "%H:%M", &tm);
	if (s->tty[0])
		snprintf(buf, sizeof buf, _("pid %d on %s, since %s"), (int)s->pid, s->tty, when);
	else
		snprintf(buf, sizeof buf, _("pid %d, since %s"), (int)s->pid, when);
	return buf;
}
