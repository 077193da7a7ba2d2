/* kernel/cgroupfs.c: what both cgroup versions share: the mode (statfs),
 * the hierarchies and the controllers they carry, the paths of aisla's
 * subtree and groups, small file readers, the list of groups and the
 * common part of reading one (pids and cpuset files are spelt the same
 * on v1 and v2). The rest of a group's figures come from the backend of
 * the running version (cgroupfs-v1.c, cgroupfs-v2.c). Reads only, plus
 * the write primitive commands use (cgfs_write_at).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include "cgroupfs.h"
#include "../i18n.h"

/* Paths here are bounded (cgroupfs mounts and group names are short):
 * a truncated snprintf only makes an open() fail, which is reported. */
#pragma GCC diagnostic ignored "-Wformat-truncation"

#ifndef CGROUP2_SUPER_MAGIC
#define CGROUP2_SUPER_MAGIC 0x63677270
#endif
#ifndef CGROUP_SUPER_MAGIC
#define CGROUP_SUPER_MAGIC 0x27e0eb
#endif

static int mode = -1;
static bool setup_done;
static struct cgfs_hier hiers[CGC_COUNT];
static int nhiers;
static int ctl_hier[CGC_COUNT];		/* index in hiers, -1 if absent */
static char subtree[256];

static const char *const v1_names[CGC_COUNT] = {
	"cpu", "cpuacct", "cpuset", "memory", "pids", "blkio",
};
static const char *const v2_names[CGC_COUNT] = {
	"cpu", "cpuacct", "cpuset", "memory", "pids", "io",
};

/* Detect the mode once: statfs magic of /sys/fs/cgroup (crun's way). */
enum cgfs_mode cgfs_mode(void)
{
	struct statfs sf;
	const char *root = getenv("AISLA_CGROUP_ROOT");

	if (mode >= 0)
		return (enum cgfs_mode)mode;
	if (!root)
		root = CGFS_ROOT;
	mode = CGFS_NONE;
	if (statfs(root, &sf) == 0) {
		if ((unsigned long)sf.f_type == CGROUP2_SUPER_MAGIC) {
			mode = CGFS_V2;
		} else if ((unsigned long)sf.f_type == TMPFS_MAGIC) {
			char u[256];
			struct statfs su;
			snprintf(u, sizeof u, "%s/unified", root);
			if (statfs(u, &su) == 0 && (unsigned long)su.f_type == CGROUP2_SUPER_MAGIC)
				mode = CGFS_HYBRID;
			else
				mode = CGFS_V1;
		} else if ((unsigned long)sf.f_type == CGROUP_SUPER_MAGIC) {
			mode = CGFS_V1;
		}
	}
	return (enum cgfs_mode)mode;
}

const char *cgfs_mode_name(void)
{
	switch (cgfs_mode()) {
	case CGFS_V2:	return _("cgroup v2");
	case CGFS_V1:	return _("cgroup v1");
	case CGFS_HYBRID:	return _("hybrid: v1 controllers, an empty v2 tree");
	default:	return _("no cgroups");
	}
}

bool cgfs_is_v1(void)
{
	enum cgfs_mode m = cgfs_mode();
	return m == CGFS_V1 || m == CGFS_HYBRID;
}

const char *cgfs_ctl_name(int ctl)
{
	if (ctl < 0 || ctl >= CGC_COUNT)
		return "?";
	return cgfs_is_v1() ? v1_names[ctl] : v2_names[ctl];
}

/* v1: one hierarchy per cgroup mount that carries a controller we use. */
static void setup_v1(void)
{
	FILE *f = fopen("/proc/self/mountinfo", "re");
	char line[1024];

	if (!f)
		return;
	while (fgets(line, sizeof line, f)) {
		char *sep = strstr(line, " - ");
		char mnt[192], root[192], fstype[32], src[64], opts[512];
		int mask = 0;

		if (!sep)
			continue;
		if (sscanf(line, "%*s %*s %*s %191s %191s", root, mnt) != 2)
			continue;
		if (sscanf(sep + 3, "%31s %63s %511s", fstype, src, opts) != 3)
			continue;
		if (strcmp(fstype, "cgroup") || strcmp(root, "/"))
			continue;
		for (char *tok = strtok(opts, ","); tok; tok = strtok(NULL, ","))
			for (int c = 0; c < CGC_COUNT; c++)
				if (!strcmp(tok, v1_names[c]) && ctl_hier[c] < 0)
					mask |= 1 << c;
		if (!mask || nhiers >= CGC_COUNT)
			continue;
		snprintf(hiers[nhiers].mnt, sizeof hiers[nhiers].mnt, "%s", mnt);
		hiers[nhiers].mask = mask;
		for (int c = 0; c < CGC_COUNT; c++)
			if (mask & (1 << c))
				ctl_hier[c] = nhiers;
		nhiers++;
	}
	fclose(f);
}

/* v2: the base is the root when we may write it (root); otherwise the
 * nearest ancestor of our own cgroup that we may write (a delegated
 * subtree): a user, or root of a user namespace (rootless mode). */
static void setup_v2(void)
{
	const char *root = getenv("AISLA_CGROUP_ROOT");
	char base[192], own[256] = "", buf[512];
	FILE *f;

	if (!root)
		root = CGFS_ROOT;
	snprintf(base, sizeof base, "%s", root);
	f = fopen("/proc/self/cgroup", "re");
	if (f) {
		char line[512];
		while (fgets(line, sizeof line, f))
			if (!strncmp(line, "0::", 3)) {
				line[strcspn(line, "\n")] = '\0';
				snprintf(own, sizeof own, "%s", line + 3);
			}
		fclose(f);
	}
	snprintf(buf, sizeof buf, "%s/cgroup.subtree_control", root);
	if (access(buf, W_OK) != 0 && own[0] && strcmp(own, "/")) {
		/* Start at the parent of our own cgroup: ours holds processes. */
		char rel[256];
		snprintf(rel, sizeof rel, "%s", own);
		for (;;) {
			char *sl = strrchr(rel, '/');
			if (!sl || sl == rel)
				break;
			*sl = '\0';
			snprintf(buf, sizeof buf, "%s%s/cgroup.subtree_control", root, rel);
			if (access(buf, W_OK) == 0) {
				snprintf(base, sizeof base, "%s%s", root, rel);
				break;
			}
		}
	}
	snprintf(hiers[0].mnt, sizeof hiers[0].mnt, "%s", base);
	hiers[0].mask = 0;
	snprintf(buf, sizeof buf, "%s/cgroup.controllers", base);
	char ctls[256] = "";
	cgfs_read_file(buf, ctls, sizeof ctls);
	for (char *tok = strtok(ctls, " \n"); tok; tok = strtok(NULL, " \n"))
		for (int c = 0; c < CGC_COUNT; c++)
			if (c != CGC_CPUACCT && !strcmp(tok, v2_names[c]))
				hiers[0].mask |= 1 << c;
	for (int c = 0; c < CGC_COUNT; c++)
		if (hiers[0].mask & (1 << c))
			ctl_hier[c] = 0;
	nhiers = 1;
}

int cgfs_setup(struct err *e)
{
	if (!setup_done) {
		for (int c = 0; c < CGC_COUNT; c++)
			ctl_hier[c] = -1;
		nhiers = 0;
		if (cgfs_is_v1())
			setup_v1();
		else if (cgfs_mode() == CGFS_V2)
			setup_v2();
		if (nhiers > 0) {
			int h = cgfs_main_hier();
			snprintf(subtree, sizeof subtree, "%s/%s", hiers[h].mnt, CGFS_SUBTREE);
		}
		setup_done = true;
	}
	if (nhiers == 0) {
		err_set(e, _("there are no control groups here (nothing mounted on '%s')"), CGFS_ROOT);
		return err_hint(e, _("cgroup v2 is mounted with: mount -t cgroup2 none /sys/fs/cgroup"));
	}
	return 0;
}

bool cgfs_have(int ctl)
{
	struct err e = ERR_INIT;
	if (ctl < 0 || ctl >= CGC_COUNT || cgfs_setup(&e) < 0)
		return false;
	return ctl_hier[ctl] >= 0;
}

void cgfs_have_list(char *buf, size_t n)
{
	size_t len = 0;
	snprintf(buf, n, "%s", _("none"));
	for (int c = 0; c < CGC_COUNT; c++) {
		if (!cgfs_have(c))
			continue;
		if (!len)
			buf[0] = '\0';
		int w = snprintf(buf + len, n - len, "%s%s", len ? ", " : "", cgfs_ctl_name(c));
		if (w < 0 || (size_t)w >= n - len)
			break;
		len += (size_t)w;
	}
}

const char *cgfs_subtree_dir(void)
{
	struct err e = ERR_INIT;
	cgfs_setup(&e);
	return subtree;
}

bool cgfs_group_dir(const char *name, int ctl, char *buf, size_t n)
{
	if (!cgfs_have(ctl))
		return false;
	snprintf(buf, n, "%s/%s/%s", hiers[ctl_hier[ctl]].mnt, CGFS_SUBTREE, name);
	return true;
}

int cgfs_hiers(const struct cgfs_hier **h)
{
	struct err e = ERR_INIT;
	cgfs_setup(&e);
	*h = hiers;
	return nhiers;
}

int cgfs_main_hier(void)
{
	return ctl_hier[CGC_CPU] >= 0 ? ctl_hier[CGC_CPU] : 0;
}

void cgfs_hier_dir(int h, const char *name, char *buf, size_t n)
{
	if (name && name[0])
		snprintf(buf, n, "%s/%s/%s", hiers[h].mnt, CGFS_SUBTREE, name);
	else
		snprintf(buf, n, "%s/%s", hiers[h].mnt, CGFS_SUBTREE);
}

int cgfs_dirs(const char *name, char (*dirs)[320], int *masks, int max)
{
	struct err e = ERR_INIT;
	int n = 0;

	if (cgfs_setup(&e) < 0)
		return 0;
	for (int h = 0; h < nhiers && n < max; h++, n++) {
		cgfs_hier_dir(h, name, dirs[n], sizeof dirs[n]);
		if (masks)
			masks[n] = hiers[h].mask;
	}
	return n;
}

bool cgfs_exists(const char *name)
{
	struct err e = ERR_INIT;
	char d[320];
	struct stat st;

	if (cgfs_setup(&e) < 0)
		return false;
	for (int h = 0; h < nhiers; h++) {
		cgfs_hier_dir(h, name, d, sizeof d);
		if (stat(d, &st) < 0 || !S_ISDIR(st.st_mode))
			return false;
	}
	return true;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void cgfs_foreach(void (*fn)(const char *name, void *arg), void *arg)
{
	struct err e = ERR_INIT;
	char d[320];
	char *names[256];
	size_t n = 0;

	if (cgfs_setup(&e) < 0)
		return;
	/* The groups are the subdirectories of aisla/ in the first hierarchy
	 * (every hierarchy has the same ones when aisla made them). */
	int h = cgfs_main_hier();
	cgfs_hier_dir(h, NULL, d, sizeof d);
	DIR *dir = opendir(d);
	if (!dir)
		return;
	struct dirent *de;
	while ((de = readdir(dir)) && n < 256) {
		if (de->d_name[0] == '.' || de->d_type != DT_DIR)
			continue;
		names[n] = strdup(de->d_name);
		if (names[n])
			n++;
	}
	closedir(dir);
	qsort(names, n, sizeof *names, cmp_str);
	for (size_t i = 0; i < n; i++) {
		fn(names[i], arg);
		free(names[i]);
	}
}

/* ---- files ---- */

long long cgfs_field_of(const char *path, const char *key)
{
	char buf[4096], *p;
	size_t kl = strlen(key);
	if (cgfs_read_file(path, buf, sizeof buf) < 0)
		return CGFS_UNKNOWN;
	for (p = buf; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		if (!strncmp(p, key, kl) && p[kl] == ' ')
			return strtoll(p + kl + 1, NULL, 10);
	return CGFS_UNKNOWN;
}

long long cgfs_field_at(const char *dir, const char *file, const char *key)
{
	char path[400];
	snprintf(path, sizeof path, "%s/%s", dir, file);
	return cgfs_field_of(path, key);
}

long long cgfs_read_ll_at(const char *dir, const char *file)
{
	char path[400];
	snprintf(path, sizeof path, "%s/%s", dir, file);
	return cgfs_read_ll(path);
}

int cgfs_read_file(const char *path, char *buf, size_t n)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t r;

	buf[0] = '\0';
	if (fd < 0)
		return -1;
	r = read(fd, buf, n - 1);
	close(fd);
	if (r < 0)
		return -1;
	buf[r] = '\0';
	return 0;
}

long long cgfs_read_ll(const char *path)
{
	char b[64];
	if (cgfs_read_file(path, b, sizeof b) < 0)
		return CGFS_UNKNOWN;
	if (!strncmp(b, "max", 3))
		return CGFS_MAX;
	return strtoll(b, NULL, 10);
}

/* Write value to dir/file through openat (one write, as echo does). */
int cgfs_write_at(const char *dir, const char *file, const char *value)
{
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int fd, saved;
	ssize_t w;

	if (dfd < 0)
		return -1;
	fd = openat(dfd, file, O_WRONLY | O_CLOEXEC);
	saved = errno;
	close(dfd);
	if (fd < 0) {
		errno = saved;
		return -1;
	}
	w = write(fd, value, strlen(value));
	saved = errno;
	close(fd);
	errno = saved;
	return w < 0 ? -1 : 0;
}

int cgfs_write_path(const char *path, const char *value)
{
	char dir[320];
	const char *sl = strrchr(path, '/');
	if (!sl)
		return -1;
	snprintf(dir, sizeof dir, "%.*s", (int)(sl - path), path);
	return cgfs_write_at(dir, sl + 1, value);
}

unsigned long long cgfs_shares_to_weight(unsigned long long shares)
{
	if (shares == 0)
		return 0;
	if (shares <= 2)
		return 1;
	if (shares >= 262144)
		return 10000;
	return 1 + ((shares - 2) * 9999) / 262142;
}

/* The inverse of crun's map, rounded up so that crun's map gives the
 * same weight back (what `cgroup show` prints on v1 is what was set). */
unsigned long long cgfs_weight_to_shares(unsigned long long weight)
{
	if (weight == 0)
		return 0;
	if (weight >= 10000)
		return 262144;
	return 2 + ((weight - 1) * 262142 + 9998) / 9999;
}

void cgfs_fmt_bytes(long long b, char *buf, size_t n)
{
	static const char units[] = "KMGT";
	if (b == CGFS_MAX) {
		snprintf(buf, n, "max");
		return;
	}
	if (b < 0) {
		snprintf(buf, n, "?");
		return;
	}
	for (int u = 3; u >= 0; u--) {
		long long m = 1LL << (10 * (u + 1));
		if (b >= m && b % m == 0) {
			snprintf(buf, n, "%lld%c", b / m, units[u]);
			return;
		}
	}
	if (b >= (1LL << 20))
		snprintf(buf, n, "%.1fM", (double)b / (1 << 20));
	else if (b >= 1024)
		snprintf(buf, n, "%.1fK", (double)b / 1024);
	else
		snprintf(buf, n, "%lld", b);
}

static int cmp_pid(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;
	return (x > y) - (x < y);
}

int cgfs_read(const char *name, struct cgfs_group *g)
{
	struct err e = ERR_INIT;
	char d[320];

	memset(g, 0, sizeof *g);
	if (cgfs_setup(&e) < 0 || !cgfs_exists(name))
		return -1;
	snprintf(g->name, sizeof g->name, "%s", name);
	int h = cgfs_main_hier();
	cgfs_hier_dir(h, name, d, sizeof d);
	snprintf(g->path, sizeof g->path, "%s", d);
	g->cpu_quota_us = g->cpu_period_us = g->cpu_weight = CGFS_UNKNOWN;
	g->mem_max = g->mem_current = g->mem_peak = CGFS_UNKNOWN;
	g->pids_max = g->pids_current = g->pids_refused = g->oom_kills = CGFS_UNKNOWN;
	g->cpu_pct = -1;
	/* pids and cpuset files have the same names on v1 and v2. */
	char p[400];
	if (cgfs_group_dir(name, CGC_PIDS, d, sizeof d)) {
		g->pids_max = cgfs_read_ll_at(d, "pids.max");
		g->pids_current = cgfs_read_ll_at(d, "pids.current");
		g->pids_refused = cgfs_field_at(d, "pids.events", "max");
	}
	if (cgfs_group_dir(name, CGC_CPUSET, d, sizeof d)) {
		snprintf(p, sizeof p, "%s/cpuset.cpus", d);
		cgfs_read_file(p, g->cpuset, sizeof g->cpuset);
		g->cpuset[strcspn(g->cpuset, "\n")] = '\0';
	}
	if ((cgfs_is_v1() ? cgfs_v1_read : cgfs_v2_read)(name, g) < 0)
		return -1;
	pid_t *pids;
	size_t n;
	if (cgfs_procs(g->path, &pids, &n) == 0) {
		qsort(pids, n, sizeof *pids, cmp_pid);
		g->nprocs = n;
		for (size_t i = 0; i < n && i < sizeof g->procs / sizeof g->procs[0]; i++)
			g->procs[i] = pids[i];
	}
	free(pids);
	return 0;
}

int cgfs_procs(const char *dir, pid_t **pids, size_t *n)
{
	char path[400];
	FILE *f;
	size_t cap = 16;
	long v;

	*n = 0;
	*pids = malloc(cap * sizeof **pids);
	if (!*pids)
		return -1;
	snprintf(path, sizeof path, "%s/cgroup.procs", dir);
	f = fopen(path, "re");
	if (!f)
		return -1;
	while (fscanf(f, "%ld", &v) == 1) {
		if (*n == cap) {
			pid_t *np = realloc(*pids, (cap *= 2) * sizeof **pids);
			if (!np)
				break;
			*pids = np;
		}
		(*pids)[(*n)++] = (pid_t)v;
	}
	fclose(f);
	return 0;
}


/* utime + stime and starttime of a process, in clock ticks. */
static int proc_times(pid_t pid, unsigned long long *cpu, unsigned long long *start)
{
	char path[64], buf[1024];
	unsigned long long ut, st;
	const char *p;

	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	if (cgfs_read_file(path, buf, sizeof buf) < 0)
		return -1;
	/* comm may hold spaces and ')': the fields restart after the last ')'. */
	p = strrchr(buf, ')');
	if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu %*d %*d "
			 "%*d %*d %*d %*d %llu", &ut, &st, start) != 3)
		return -1;
	*cpu = ut + st;
	return 0;
}

double cgfs_cpu_avg(const char *dir)
{
	pid_t *pids;
	size_t n;
	double hz = (double)sysconf(_SC_CLK_TCK), pct = 0;
	struct timespec now;
	int counted = 0;

	clock_gettime(CLOCK_BOOTTIME, &now);
	if (cgfs_procs(dir, &pids, &n) < 0 || hz <= 0) {
		free(pids);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		unsigned long long cpu, start;
		if (proc_times(pids[i], &cpu, &start) < 0)
			continue;
		double life = (double)now.tv_sec + (double)now.tv_nsec / 1e9 - (double)start / hz;
		if (life > 0.01)
			pct += 100.0 * ((double)cpu / hz) / life;
		counted++;
	}
	free(pids);
	return counted ? pct : -1;
}
