/* proc.c: readers and scans of /proc (see proc.h). */
#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
