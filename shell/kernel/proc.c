/* proc.c: readers and scans of /proc (see proc.h). */
#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "proc.h"
#include "ns.h"

unsigned long long proc_starttime_at(int procfd, pid_t pid)
{
	char p[64], buf[1024];
	int fd;

	if (procfd >= 0) {
		snprintf(p, sizeof p, "%d/stat", (int)pid);
		fd = openat(procfd, p, O_RDONLY | O_CLOEXEC);
	} else {
		snprintf(p, sizeof p, "/proc/%d/stat", (int)pid);
		fd = open(p, O_RDONLY | O_CLOEXEC);
	}
	if (fd < 0)
		return 0;
	ssize_t n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = 0;
	char *s = strrchr(buf, ')');
	if (!s)
		return 0;
	/* after ") " comes field 3 (state); start time is field 22 */
	s += 2;
	for (int f = 3; f < 22 && s; f++) {
		s = strchr(s, ' ');
		if (s)
			s++;
	}
	return s ? strtoull(s, NULL, 10) : 0;
}

unsigned long long proc_starttime(pid_t pid)
{
	return proc_starttime_at(-1, pid);
}

bool proc_alive(pid_t pid, unsigned long long start)
{
	if (pid <= 0)
		return false;
	unsigned long long st = proc_starttime(pid);
	if (!st || (start && st != start))
		return false;
	/* a zombie keeps nothing alive */
	char p[64], buf[512];
	snprintf(p, sizeof p, "/proc/%d/stat", (int)pid);
	int fd = open(p, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	ssize_t n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return false;
	buf[n] = 0;
	char *s = strrchr(buf, ')');
	return s && s[1] == ' ' && s[2] != 'Z' && s[2] != 'X';
}

int proc_scan_by_ns(const unsigned long ns[7], pid_t **out, size_t *n)
{
	DIR *d = opendir("/proc");
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	if (!d)
		return -1;
	struct dirent *de;
	pid_t self = getpid();
	while ((de = readdir(d))) {
		if (!isdigit((unsigned char)de->d_name[0]))
			continue;
		pid_t pid = (pid_t)atoi(de->d_name);
		if (pid == self)
			continue;
		bool match = false;
		for (int i = 0; i < 7 && !match; i++) {
			if (!ns[i])
				continue;
			unsigned long ino = ns_pid_inode(pid, i);
			if (ino && ino == ns[i])
				match = true;
		}
		if (!match)
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			pid_t *np = realloc(*out, cap * sizeof *np);
			if (!np)
				break;
			*out = np;
		}
		(*out)[(*n)++] = pid;
	}
	closedir(d);
	return 0;
}


/* The network namespace of every process, read once and reused for
 * NETCACHE_MS: a `reset` of a hundred network-only nodes then reads /proc
 * once, not a hundred times. A match is checked again before a kill (the
 * pid may have been reused); a process that joined a namespace after the
 * snapshot is missed and only keeps that namespace alive until it exits. */
#define NETCACHE_MS 100
static struct {
	struct timespec at;
	pid_t *pid;
	unsigned long *ino;
	size_t n;
} netcache;

static long ms_since(const struct timespec *t)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - t->tv_sec) * 1000 + (now.tv_nsec - t->tv_nsec) / 1000000;
}

int proc_scan_net_cached(unsigned long ino, pid_t **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (!netcache.pid || ms_since(&netcache.at) > NETCACHE_MS) {
		free(netcache.pid);
		free(netcache.ino);
		memset(&netcache, 0, sizeof netcache);
		DIR *d = opendir("/proc");
		if (!d)
			return -1;
		size_t cap = 0;
		struct dirent *de;
		pid_t self = getpid();
		while ((de = readdir(d))) {
			if (!isdigit((unsigned char)de->d_name[0]))
				continue;
			pid_t pid = (pid_t)atoi(de->d_name);
			if (pid == self)
				continue;
			if (netcache.n == cap) {
				cap = cap ? cap * 2 : 256;
				pid_t *np = realloc(netcache.pid, cap * sizeof *np);
				unsigned long *ni = np ? realloc(netcache.ino, cap * sizeof *ni) : NULL;
				if (np)
					netcache.pid = np;
				if (!np || !ni)
					break;
				netcache.ino = ni;
			}
			netcache.pid[netcache.n] = pid;
			netcache.ino[netcache.n] = ns_pid_inode(pid, 0);
			netcache.n++;
		}
		closedir(d);
		clock_gettime(CLOCK_MONOTONIC, &netcache.at);
	}
	for (size_t i = 0; i < netcache.n; i++) {
		if (netcache.ino[i] != ino || ns_pid_inode(netcache.pid[i], 0) != ino)
			continue;
		pid_t *np = realloc(*out, (*n + 1) * sizeof *np);
		if (!np)
			break;
		*out = np;
		(*out)[(*n)++] = netcache.pid[i];
	}
	return 0;
}
