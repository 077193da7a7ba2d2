/* cgroup.c: aisla's control groups, the part shared by both versions:
 * mode detection, the hierarchies, the `aisla/` subtree, groups (create,
 * remove, attach, join), the friendly keys' parsing, plans of writes with
 * rollback, the journal kinds and completion. The version-specific parts
 * (which file gets which value, how usage is read) are the backends in
 * cgroup-v1.c and cgroup-v2.c.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#include "cgroup.h"
#include "load.h"
#include "node.h"
#include "../shell/complete.h"
#include "../shell/i18n.h"
#include "../shell/journal.h"
#include "../shell/out.h"
#include "../shell/world/cgroups.h"

/* Paths here are bounded (cgroupfs mounts and group names are short):
 * a truncated snprintf only makes an open() fail, which is reported. */
#pragma GCC diagnostic ignored "-Wformat-truncation"

#ifndef CGROUP2_SUPER_MAGIC
#define CGROUP2_SUPER_MAGIC 0x63677270
#endif
#ifndef CGROUP_SUPER_MAGIC
#define CGROUP_SUPER_MAGIC 0x27e0eb
#endif

/* One hierarchy aisla uses: a v1 mount (one or more controllers), or
 * the v2 base. */
struct hier {
	char mnt[192];		/* where aisla/ is made (v1: the mount; v2: the base) */
	int mask;		/* 1 << CGC_* */
};

static int mode = -1;
static bool setup_done;
static struct hier hiers[CGC_COUNT];
static int nhiers;
static int ctl_hier[CGC_COUNT];		/* index in hiers, -1 if absent */
static char subtree[256];

const char *const cg_friendly_keys[] = {
	"cpu", "cpu.weight", "memory", "pids", "cpuset", "io", NULL,
};

static const char *const v1_names[CGC_COUNT] = {
	"cpu", "cpuacct", "cpuset", "memory", "pids", "blkio",
};
static const char *const v2_names[CGC_COUNT] = {
	"cpu", "cpuacct", "cpuset", "memory", "pids", "io",
};

/* Detect the mode once: statfs magic of /sys/fs/cgroup (crun's way). */
enum cg_mode cg_mode(void)
{
	struct statfs sf;
	const char *root = getenv("AISLA_CGROUP_ROOT");

	if (mode >= 0)
		return (enum cg_mode)mode;
	if (!root)
		root = CG_ROOT;
	mode = CG_NONE;
	if (statfs(root, &sf) == 0) {
		if ((unsigned long)sf.f_type == CGROUP2_SUPER_MAGIC) {
			mode = CG_V2;
		} else if ((unsigned long)sf.f_type == TMPFS_MAGIC) {
			char u[256];
			struct statfs su;
			snprintf(u, sizeof u, "%s/unified", root);
			if (statfs(u, &su) == 0 && (unsigned long)su.f_type == CGROUP2_SUPER_MAGIC)
				mode = CG_HYBRID;
			else
				mode = CG_V1;
		} else if ((unsigned long)sf.f_type == CGROUP_SUPER_MAGIC) {
			mode = CG_V1;
		}
	}
	return (enum cg_mode)mode;
}

const char *cg_mode_name(void)
{
	switch (cg_mode()) {
	case CG_V2:	return _("cgroup v2");
	case CG_V1:	return _("cgroup v1");
	case CG_HYBRID:	return _("hybrid (v1 controllers, an empty v2 tree)");
	default:	return _("no cgroups");
	}
}

bool cg_is_v1(void)
{
	enum cg_mode m = cg_mode();
	return m == CG_V1 || m == CG_HYBRID;
}

const char *cg_ctl_name(int ctl)
{
	if (ctl < 0 || ctl >= CGC_COUNT)
		return "?";
	return cg_is_v1() ? v1_names[ctl] : v2_names[ctl];
}

const struct cg_backend *cg_backend(void)
{
	return cg_is_v1() ? &cg_backend_v1 : &cg_backend_v2;
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

/* v2: the base is the root for root; otherwise the nearest ancestor of
 * our own cgroup that we may write (a delegated subtree). */
static void setup_v2(void)
{
	const char *root = getenv("AISLA_CGROUP_ROOT");
	char base[192], own[256] = "", buf[512];
	FILE *f;

	if (!root)
		root = CG_ROOT;
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
	if (geteuid() != 0 && own[0] && strcmp(own, "/")) {
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
	cg_read_file(buf, ctls, sizeof ctls);
	for (char *tok = strtok(ctls, " \n"); tok; tok = strtok(NULL, " \n"))
		for (int c = 0; c < CGC_COUNT; c++)
			if (c != CGC_CPUACCT && !strcmp(tok, v2_names[c]))
				hiers[0].mask |= 1 << c;
	for (int c = 0; c < CGC_COUNT; c++)
		if (hiers[0].mask & (1 << c))
			ctl_hier[c] = 0;
	nhiers = 1;
}

int cg_setup(struct err *e)
{
	if (!setup_done) {
		for (int c = 0; c < CGC_COUNT; c++)
			ctl_hier[c] = -1;
		nhiers = 0;
		if (cg_is_v1())
			setup_v1();
		else if (cg_mode() == CG_V2)
			setup_v2();
		if (nhiers > 0) {
			int h = ctl_hier[CGC_CPU] >= 0 ? ctl_hier[CGC_CPU] : 0;
			snprintf(subtree, sizeof subtree, "%s/%s", hiers[h].mnt, CG_SUBTREE);
		}
		setup_done = true;
	}
	if (nhiers == 0) {
		err_set(e, _("there are no control groups here (nothing mounted on '%s')"), CG_ROOT);
		return err_hint(e, _("cgroup v2 is mounted with: mount -t cgroup2 none /sys/fs/cgroup"));
	}
	return 0;
}

bool cg_have(int ctl)
{
	struct err e = ERR_INIT;
	if (ctl < 0 || ctl >= CGC_COUNT || cg_setup(&e) < 0)
		return false;
	return ctl_hier[ctl] >= 0;
}

void cg_have_list(char *buf, size_t n)
{
	size_t len = 0;
	snprintf(buf, n, "%s", _("none"));
	for (int c = 0; c < CGC_COUNT; c++) {
		if (!cg_have(c))
			continue;
		if (!len)
			buf[0] = '\0';
		int w = snprintf(buf + len, n - len, "%s%s", len ? ", " : "", cg_ctl_name(c));
		if (w < 0 || (size_t)w >= n - len)
			break;
		len += (size_t)w;
	}
}

const char *cg_subtree_dir(void)
{
	struct err e = ERR_INIT;
	cg_setup(&e);
	return subtree;
}

bool cg_group_dir(const char *name, int ctl, char *buf, size_t n)
{
	if (!cg_have(ctl))
		return false;
	snprintf(buf, n, "%s/%s/%s", hiers[ctl_hier[ctl]].mnt, CG_SUBTREE, name);
	return true;
}

/* The directory of NAME in hierarchy h ("" name: aisla/ itself). */
static void hier_dir(int h, const char *name, char *buf, size_t n)
{
	if (name && name[0])
		snprintf(buf, n, "%s/%s/%s", hiers[h].mnt, CG_SUBTREE, name);
	else
		snprintf(buf, n, "%s/%s", hiers[h].mnt, CG_SUBTREE);
}

int cg_dirs(const char *name, char (*dirs)[320], int *masks, int max)
{
	struct err e = ERR_INIT;
	int n = 0;

	if (cg_setup(&e) < 0)
		return 0;
	for (int h = 0; h < nhiers && n < max; h++, n++) {
		hier_dir(h, name, dirs[n], sizeof dirs[n]);
		if (masks)
			masks[n] = hiers[h].mask;
	}
	return n;
}

int cg_targets(const char *word, pid_t **pids, size_t *n, char *node, size_t nsz,
	       struct err *e)
{
	pid_t pid = 0;

	*pids = NULL;
	*n = 0;
	if (node_or_pid(word, node, nsz, &pid, e) < 0)
		return -1;
	if (!node[0]) {
		*pids = malloc(sizeof **pids);
		if (!*pids)
			return err_errno(e, ENOMEM, _("out of memory"));
		(*pids)[0] = pid;
		*n = 1;
		return 0;
	}
	if (node_pids(node, pids, n, e) < 0)
		return -1;
	if (*n == 0) {
		free(*pids);
		*pids = NULL;
		err_set(e, _("the node '%s' has no processes"), node);
		return err_hint(e, _("a node made with 'netns add' has none: start one with "
				     "'exec %s CMD' or make the node with 'unshare -n -p %s'"),
				node, node);
	}
	return 0;
}

int cg_name_valid(const char *name, struct err *e)
{
	size_t n = strlen(name);
	bool ok = n > 0 && n <= CG_NAME_MAX && name[0] != '-' && name[0] != '.';
	for (size_t i = 0; ok && i < n; i++)
		ok = isalnum((unsigned char)name[i]) || strchr("_.-", name[i]);
	if (!ok) {
		err_set(e, _("invalid group name '%s'"), name);
		return err_hint(e, _("a group name has 1 to %d letters, digits, '_', '.' or '-', "
				     "and does not start with '-' or '.'"), CG_NAME_MAX);
	}
	return 0;
}

bool cg_exists(const char *name)
{
	struct err e = ERR_INIT;
	char d[320];
	struct stat st;

	if (cg_setup(&e) < 0)
		return false;
	for (int h = 0; h < nhiers; h++) {
		hier_dir(h, name, d, sizeof d);
		if (stat(d, &st) < 0 || !S_ISDIR(st.st_mode))
			return false;
	}
	return true;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void cg_foreach(void (*fn)(const char *name, void *arg), void *arg)
{
	struct err e = ERR_INIT;
	char d[320];
	char *names[256];
	size_t n = 0;

	if (cg_setup(&e) < 0)
		return;
	/* The groups are the subdirectories of aisla/ in the first hierarchy
	 * (every hierarchy has the same ones when aisla made them). */
	int h = ctl_hier[CGC_CPU] >= 0 ? ctl_hier[CGC_CPU] : 0;
	hier_dir(h, NULL, d, sizeof d);
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

/* ---- small file helpers ---- */

long long cg_field_of(const char *path, const char *key)
{
	char buf[4096], *p;
	size_t kl = strlen(key);
	if (cg_read_file(path, buf, sizeof buf) < 0)
		return WCG_UNKNOWN;
	for (p = buf; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		if (!strncmp(p, key, kl) && p[kl] == ' ')
			return strtoll(p + kl + 1, NULL, 10);
	return WCG_UNKNOWN;
}

int cg_read_file(const char *path, char *buf, size_t n)
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

long long cg_read_ll(const char *path)
{
	char b[64];
	if (cg_read_file(path, b, sizeof b) < 0)
		return CG_UNSET;
	if (!strncmp(b, "max", 3))
		return CG_MAX;
	return strtoll(b, NULL, 10);
}

/* Write value to dir/file through openat (one write, as echo does). */
static int write_at(const char *dir, const char *file, const char *value)
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

static int write_path(const char *path, const char *value)
{
	char dir[320];
	const char *sl = strrchr(path, '/');
	if (!sl)
		return -1;
	snprintf(dir, sizeof dir, "%.*s", (int)(sl - path), path);
	return write_at(dir, sl + 1, value);
}

int cg_plan_add(struct cg_plan *p, const char *dir, const char *file, const char *fmt, ...)
{
	va_list ap;
	struct cg_write *w;

	if (p->n >= CG_PLAN_MAX)
		return -1;
	w = &p->w[p->n++];
	snprintf(w->path, sizeof w->path, "%s/%s", dir, file);
	snprintf(w->file, sizeof w->file, "%s", file);
	va_start(ap, fmt);
	vsnprintf(w->value, sizeof w->value, fmt, ap);
	va_end(ap);
	return 0;
}

int cg_plan_apply(const struct cg_plan *p, struct err *e)
{
	char old[CG_PLAN_MAX][160];

	for (int i = 0; i < p->n; i++) {
		const struct cg_write *w = &p->w[i];
		cg_read_file(w->path, old[i], sizeof old[i]);
		old[i][strcspn(old[i], "\n")] = '\0';
		if (write_path(w->path, w->value) == 0)
			continue;
		int saved = errno;
		for (int j = i - 1; j >= 0; j--)
			if (old[j][0])
				write_path(p->w[j].path, old[j]);
		err_errno(e, saved, _("cannot write '%s' to '%s'"), w->value, w->path);
		if (saved == EINVAL)
			err_hint(e, _("the kernel rejected the value; 'cgroup show' gives the "
				      "current values, 'help cgroup' the friendly keys"));
		else if (saved == EBUSY || saved == EPERM)
			err_hint(e, _("some limits cannot change while processes are in the group, "
				      "or a parent's limit is stricter"));
		return -1;
	}
	return 0;
}

/* ---- parsing (pure) ---- */

int cg_parse_size(const char *s, bool allow_max, long long *out, struct err *e)
{
	char *end;
	double v;
	long long mul = 1;

	if (allow_max && !strcmp(s, "max")) {
		*out = CG_MAX;
		return 0;
	}
	errno = 0;
	if (!isdigit((unsigned char)s[0]))
		goto bad;
	v = strtod(s, &end);
	if (errno || end == s)
		goto bad;
	switch (toupper((unsigned char)*end)) {
	case '\0': break;
	case 'K': mul = 1LL << 10; end++; break;
	case 'M': mul = 1LL << 20; end++; break;
	case 'G': mul = 1LL << 30; end++; break;
	case 'T': mul = 1LL << 40; end++; break;
	case 'B': break;
	default: goto bad;
	}
	if (mul > 1 && (*end == 'i' || *end == 'I'))
		end++;
	if (*end == 'B' || *end == 'b')
		end++;
	if (*end)
		goto bad;
	if (v * (double)mul >= 9.2e18)
		goto bad;
	*out = (long long)(v * (double)mul);
	if (mul == 1 && v != (double)*out)
		goto bad;
	return 0;
bad:
	err_set(e, _("invalid size '%s'"), s);
	return err_hint(e, allow_max ?
			_("a size is a number of bytes with an optional K, M, G or T (64M, 1G), or 'max'") :
			_("a size is a number of bytes with an optional K, M, G or T (64M, 1G)"));
}

static int parse_ll(const char *s, long long *out)
{
	char *end;
	if (!isdigit((unsigned char)s[0]))
		return -1;
	errno = 0;
	*out = strtoll(s, &end, 10);
	return (errno || *end) ? -1 : 0;
}

int cg_parse_cpu(const char *s, long long *quota, long long *period, struct err *e)
{
	char q[64], p[64];
	int nw;

	*period = 100000;
	if (!strcmp(s, "max")) {
		*quota = CG_MAX;
		return 0;
	}
	size_t len = strlen(s);
	if (len > 1 && s[len - 1] == '%') {
		char num[64], *end;
		double pct;
		snprintf(num, sizeof num, "%.*s", (int)(len - 1), s);
		errno = 0;
		pct = isdigit((unsigned char)num[0]) ? strtod(num, &end) : -1;
		if (pct <= 0 || errno || *end)
			goto bad;
		*quota = (long long)(pct * 1000.0 + 0.5);	/* of a 100000 µs period */
		if (*quota < 1000) {
			err_set(e, _("invalid CPU limit '%s': the smallest is 1%%"), s);
			return err_hint(e, _("the kernel needs a quota of at least 1000 µs (1 ms) a period"));
		}
		if (*quota > 1000000000LL)
			goto bad;
		return 0;
	}
	nw = sscanf(s, "%63s %63s", q, p);
	if (nw < 1)
		goto bad;
	if (!strcmp(q, "max"))
		*quota = CG_MAX;
	else if (parse_ll(q, quota) < 0 || *quota < 1000 || *quota > 1000000000LL)
		goto bad;
	if (nw == 2 && (parse_ll(p, period) < 0 || *period < 1000 || *period > 1000000))
		goto bad;
	{
		/* nothing may follow QUOTA PERIOD */
		char x[8];
		if (sscanf(s, "%*s %*s %7s", x) == 1)
			goto bad;
	}
	return 0;
bad:
	err_set(e, _("invalid CPU limit '%s'"), s);
	return err_hint(e, _("write a share of one CPU ('50%%', '150%%' for one and a half), "
			     "\"QUOTA PERIOD\" in µs ('50000 100000', quota >= 1000, period "
			     "1000-1000000), or 'max'"));
}

int cg_parse_cpuset(const char *s, const char *online, char *out, size_t n, struct err *e)
{
	bool on[1024] = { false }, want[1024] = { false };
	const char *p;
	char canon[256] = "";
	int lo, hi, ncpu = 0;

	/* Online CPUs: "0-1,4" (default: all of sysconf). */
	if (online && online[0]) {
		for (p = online; *p;) {
			char *end;
			lo = (int)strtol(p, &end, 10);
			hi = lo;
			if (*end == '-')
				hi = (int)strtol(end + 1, &end, 10);
			for (int i = lo; i <= hi && i >= 0 && i < 1024; i++)
				on[i] = true;
			p = end;
			while (*p == ',' || *p == '\n' || *p == ' ')
				p++;
			if (p == end && *p)
				break;
		}
	} else {
		long c = sysconf(_SC_NPROCESSORS_CONF);
		for (long i = 0; i < c && i < 1024; i++)
			on[i] = true;
	}
	for (p = s; *p;) {
		char *end;
		if (!isdigit((unsigned char)*p))
			goto bad;
		lo = (int)strtol(p, &end, 10);
		hi = lo;
		if (*end == '-') {
			if (!isdigit((unsigned char)end[1]))
				goto bad;
			hi = (int)strtol(end + 1, &end, 10);
		}
		if (hi < lo || hi >= 1024)
			goto bad;
		for (int i = lo; i <= hi; i++) {
			if (!on[i]) {
				char list[128] = "";
				for (int k = 0, first = 1; k < 1024; k++)
					if (on[k] && (k == 0 || !on[k - 1])) {
						int j = k;
						while (j + 1 < 1024 && on[j + 1])
							j++;
						size_t l = strlen(list);
						if (j > k)
							snprintf(list + l, sizeof list - l, "%s%d-%d", first ? "" : ",", k, j);
						else
							snprintf(list + l, sizeof list - l, "%s%d", first ? "" : ",", k);
						first = 0;
					}
				err_set(e, _("CPU %d does not exist here (cpuset '%s')"), i, s);
				return err_hint(e, _("this machine's CPUs are %s"), list);
			}
			want[i] = true;
		}
		p = end;
		if (*p == ',') {
			p++;
			if (!*p)
				goto bad;
		} else if (*p) {
			goto bad;
		}
	}
	for (int k = 0; k < 1024; k++) {
		if (!want[k] || (k > 0 && want[k - 1]))
			continue;
		int j = k;
		while (j + 1 < 1024 && want[j + 1])
			j++;
		size_t l = strlen(canon);
		if (j > k)
			snprintf(canon + l, sizeof canon - l, "%s%d-%d", l ? "," : "", k, j);
		else
			snprintf(canon + l, sizeof canon - l, "%s%d", l ? "," : "", k);
		ncpu++;
	}
	if (!ncpu)
		goto bad;
	snprintf(out, n, "%s", canon);
	return 0;
bad:
	err_set(e, _("invalid CPU list '%s'"), s);
	return err_hint(e, _("a CPU list is like '0', '0-1' or '0,2-3'"));
}

unsigned long long cg_shares_to_weight(unsigned long long shares)
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
unsigned long long cg_weight_to_shares(unsigned long long weight)
{
	if (weight == 0)
		return 0;
	if (weight >= 10000)
		return 262144;
	return 2 + ((weight - 1) * 262142 + 9998) / 9999;
}

void cg_fmt_bytes(long long b, char *buf, size_t n)
{
	static const char units[] = "KMGT";
	if (b == CG_MAX) {
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

/* Which controller a raw file belongs to ("memory.max" -> CGC_MEMORY). */
static int raw_ctl(const char *file)
{
	const char *dot = strchr(file, '.');
	char pre[32];

	if (!dot || dot == file || (size_t)(dot - file) >= sizeof pre)
		return -1;
	snprintf(pre, sizeof pre, "%.*s", (int)(dot - file), file);
	for (int c = 0; c < CGC_COUNT; c++)
		if (!strcmp(pre, cg_ctl_name(c)))
			return c;
	return -2;	/* a controller aisla does not manage */
}

static int parse_io(const char *s, struct cg_value *v, struct err *e)
{
	char buf[160], *save = NULL, *tok;
	struct stat st;
	int nkeys = 0;

	snprintf(buf, sizeof buf, "%s", s);
	v->io.rbps = v->io.wbps = v->io.riops = v->io.wiops = CG_UNSET;
	tok = strtok_r(buf, " \t", &save);
	if (!tok)
		goto bad;
	if (tok[0] == '/') {
		if (stat(tok, &st) < 0 || !S_ISBLK(st.st_mode)) {
			err_set(e, _("'%s' is not a block device"), tok);
			return err_hint(e, _("lsblk lists the disks with their MAJ:MIN"));
		}
		v->io.maj = major(st.st_rdev);
		v->io.min = minor(st.st_rdev);
	} else if (sscanf(tok, "%u:%u", &v->io.maj, &v->io.min) != 2) {
		goto bad;
	}
	{
		char sys[64];
		snprintf(sys, sizeof sys, "/sys/dev/block/%u:%u", v->io.maj, v->io.min);
		if (access(sys, F_OK) < 0) {
			err_set(e, _("there is no block device %u:%u here"), v->io.maj, v->io.min);
			return err_hint(e, _("lsblk lists the disks with their MAJ:MIN"));
		}
	}
	while ((tok = strtok_r(NULL, " \t", &save))) {
		char *eq = strchr(tok, '=');
		long long *dst = NULL;
		if (!eq)
			goto bad;
		*eq = '\0';
		if (!strcmp(tok, "rbps")) dst = &v->io.rbps;
		else if (!strcmp(tok, "wbps")) dst = &v->io.wbps;
		else if (!strcmp(tok, "riops")) dst = &v->io.riops;
		else if (!strcmp(tok, "wiops")) dst = &v->io.wiops;
		else
			goto bad;
		if (cg_parse_size(eq + 1, true, dst, e) < 0)
			return -1;
		nkeys++;
	}
	if (!nkeys)
		goto bad;
	return 0;
bad:
	err_set(e, _("invalid I/O limit '%s'"), s);
	return err_hint(e, _("write \"MAJ:MIN rbps=N wbps=N\" (also riops=, wiops=; N or 'max'), "
			     "e.g. \"8:0 wbps=1M\""));
}

int cg_parse(const char *key, const char *value, struct cg_value *v, struct err *e)
{
	char have[128];

	memset(v, 0, sizeof *v);
	if (cg_setup(e) < 0)
		return -1;
	cg_have_list(have, sizeof have);
	if (!strcmp(key, "cpu")) {
		v->key = CGK_CPU, v->ctl = CGC_CPU;
	} else if (!strcmp(key, "cpu.weight")) {
		v->key = CGK_WEIGHT, v->ctl = CGC_CPU;
	} else if (!strcmp(key, "memory")) {
		v->key = CGK_MEMORY, v->ctl = CGC_MEMORY;
	} else if (!strcmp(key, "pids")) {
		v->key = CGK_PIDS, v->ctl = CGC_PIDS;
	} else if (!strcmp(key, "cpuset")) {
		v->key = CGK_CPUSET, v->ctl = CGC_CPUSET;
	} else if (!strcmp(key, "io")) {
		v->key = CGK_IO, v->ctl = CGC_IO;
	} else {
		int c = raw_ctl(key);
		if (c == -1 || !strncmp(key, "cgroup.", 7)) {
			err_set(e, _("unknown key '%s'"), key);
			if (!strncmp(key, "cgroup.", 7))
				return err_hint(e, _("to move a process use 'cgroup attach'; keys: "
						     "cpu, cpu.weight, memory, pids, cpuset, io, or a "
						     "controller file (%s: %s)"), cg_mode_name(), have);
			return err_hint(e, _("keys: cpu, cpu.weight, memory, pids, cpuset, io, or a "
					     "controller file of %s (controllers here: %s)"),
					cg_mode_name(), have);
		}
		if (c == -2) {
			err_set(e, _("aisla does not manage the controller of '%s'"), key);
			return err_hint(e, _("controllers here: %s"), have);
		}
		v->key = CGK_RAW, v->ctl = c;
		snprintf(v->raw_file, sizeof v->raw_file, "%s", key);
		if (strchr(value, '\n')) {
			return err_set(e, _("invalid value for '%s'"), key);
		}
		snprintf(v->str, sizeof v->str, "%s", value);
	}
	if (!cg_have(v->ctl)) {
		err_set(e, _("the controller '%s' is not available on this machine (%s)"),
			cg_ctl_name(v->ctl), cg_mode_name());
		return err_hint(e, _("controllers here: %s"), have);
	}
	switch (v->key) {
	case CGK_CPU:
		return cg_parse_cpu(value, &v->quota, &v->period, e);
	case CGK_WEIGHT:
		if (parse_ll(value, &v->num) < 0 || v->num < 1 || v->num > 10000) {
			err_set(e, _("invalid CPU weight '%s'"), value);
			return err_hint(e, _("a weight is a whole number from 1 to 10000 (default 100)"));
		}
		return 0;
	case CGK_MEMORY:
		if (cg_parse_size(value, true, &v->num, e) < 0)
			return -1;
		if (v->num == 0) {
			err_set(e, _("invalid memory limit '%s'"), value);
			return err_hint(e, _("a limit of 0 bytes would kill everything: try 64M"));
		}
		return 0;
	case CGK_PIDS:
		if (!strcmp(value, "max")) {
			v->num = CG_MAX;
			return 0;
		}
		if (parse_ll(value, &v->num) < 0 || v->num > 4194304) {
			err_set(e, _("invalid process limit '%s'"), value);
			return err_hint(e, _("a process limit is a whole number (5) or 'max'"));
		}
		return 0;
	case CGK_CPUSET: {
		char online[256] = "";
		cg_read_file("/sys/devices/system/cpu/online", online, sizeof online);
		return cg_parse_cpuset(value, online, v->str, sizeof v->str, e);
	}
	case CGK_IO:
		return parse_io(value, v, e);
	case CGK_RAW:
		return 0;
	}
	return 0;
}

int cg_plan_set(const char *name, const struct cg_value *v, struct cg_plan *p, struct err *e)
{
	memset(p, 0, sizeof *p);
	if (v->key == CGK_RAW) {
		char dir[320], path[400];
		struct stat st;
		if (!cg_group_dir(name, v->ctl, dir, sizeof dir))
			return err_set(e, _("the controller '%s' is not available on this machine"),
				       cg_ctl_name(v->ctl));
		snprintf(path, sizeof path, "%s/%s", dir, v->raw_file);
		if (stat(path, &st) < 0 || !(st.st_mode & S_IWUSR)) {
			char files[512] = "";
			DIR *d = opendir(dir);
			struct dirent *de;
			size_t pl = strlen(cg_ctl_name(v->ctl));
			while (d && (de = readdir(d))) {
				char fp[400];
				struct stat fs;
				if (strncmp(de->d_name, cg_ctl_name(v->ctl), pl) || de->d_name[pl] != '.')
					continue;
				snprintf(fp, sizeof fp, "%s/%s", dir, de->d_name);
				if (stat(fp, &fs) < 0 || !(fs.st_mode & S_IWUSR))
					continue;
				size_t l = strlen(files);
				snprintf(files + l, sizeof files - l, "%s%s", l ? ", " : "", de->d_name);
			}
			if (d)
				closedir(d);
			if (stat(path, &st) == 0)
				err_set(e, _("'%s' is read-only: it shows usage, it is not a limit"),
					v->raw_file);
			else
				err_set(e, _("there is no file '%s' in %s"), v->raw_file, cg_mode_name());
			return err_hint(e, _("writable files of '%s': %s"), cg_ctl_name(v->ctl), files);
		}
		return cg_plan_add(p, dir, v->raw_file, "%s", v->str);
	}
	return cg_backend()->plan(name, v, p, e);
}

int cg_get(const char *name, const char *key, char *buf, size_t n, struct err *e)
{
	struct wcg_group g;

	if (cg_read(name, &g) < 0)
		return err_set(e, _("the group '%s' does not exist"), name);
	buf[0] = '\0';
	if (!strcmp(key, "cpu")) {
		world_cgroups_fmt_cpu(&g, buf, n);
	} else if (!strcmp(key, "cpu.weight")) {
		snprintf(buf, n, "%lld", g.cpu_weight);
	} else if (!strcmp(key, "memory")) {
		cg_fmt_bytes(g.mem_max, buf, n);
	} else if (!strcmp(key, "pids")) {
		if (g.pids_max == CG_MAX)
			snprintf(buf, n, "max");
		else
			snprintf(buf, n, "%lld", g.pids_max);
	} else if (!strcmp(key, "cpuset")) {
		snprintf(buf, n, "%s", g.cpuset);
	} else if (!strcmp(key, "io")) {
		snprintf(buf, n, "%s", g.io);
	} else {
		int c = raw_ctl(key);
		char dir[320], path[400];
		if (c < 0 || !cg_group_dir(name, c, dir, sizeof dir))
			return err_set(e, _("unknown key '%s'"), key);
		snprintf(path, sizeof path, "%s/%s", dir, key);
		if (cg_read_file(path, buf, n) < 0)
			return err_errno(e, errno, _("cannot read '%s'"), path);
		buf[strcspn(buf, "\n")] = '\0';
	}
	return 0;
}

static int procs_of(const char *dir, pid_t **pids, size_t *n);

static int cmp_pid(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;
	return (x > y) - (x < y);
}

int cg_read(const char *name, struct wcg_group *g)
{
	struct err e = ERR_INIT;
	char d[320];

	memset(g, 0, sizeof *g);
	if (cg_setup(&e) < 0 || !cg_exists(name))
		return -1;
	snprintf(g->name, sizeof g->name, "%s", name);
	int h = ctl_hier[CGC_CPU] >= 0 ? ctl_hier[CGC_CPU] : 0;
	hier_dir(h, name, d, sizeof d);
	snprintf(g->path, sizeof g->path, "%s", d);
	g->cpu_quota_us = g->cpu_period_us = g->cpu_weight = WCG_UNKNOWN;
	g->mem_max = g->mem_current = g->mem_peak = WCG_UNKNOWN;
	g->pids_max = g->pids_current = g->pids_refused = g->oom_kills = WCG_UNKNOWN;
	g->cpu_pct = -1;
	/* pids and cpuset files have the same names on v1 and v2. */
	char p[400];
	if (cg_group_dir(name, CGC_PIDS, d, sizeof d)) {
		snprintf(p, sizeof p, "%s/pids.max", d);
		g->pids_max = cg_read_ll(p);
		snprintf(p, sizeof p, "%s/pids.current", d);
		g->pids_current = cg_read_ll(p);
		snprintf(p, sizeof p, "%s/pids.events", d);
		g->pids_refused = cg_field_of(p, "max");
	}
	if (cg_group_dir(name, CGC_CPUSET, d, sizeof d)) {
		snprintf(p, sizeof p, "%s/cpuset.cpus", d);
		cg_read_file(p, g->cpuset, sizeof g->cpuset);
		g->cpuset[strcspn(g->cpuset, "\n")] = '\0';
	}
	if (cg_backend()->read(name, g) < 0)
		return -1;
	pid_t *pids;
	size_t n;
	if (procs_of(g->path, &pids, &n) == 0) {
		qsort(pids, n, sizeof *pids, cmp_pid);
		g->nprocs = n;
		for (size_t i = 0; i < n && i < sizeof g->procs / sizeof g->procs[0]; i++)
			g->procs[i] = pids[i];
	}
	free(pids);
	return 0;
}

/* ---- processes in a group ---- */

/* pids listed in DIR/cgroup.procs; *pids malloc'ed. */
static int procs_of(const char *dir, pid_t **pids, size_t *n)
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

/* Is pid one of aisla's load props (aisla re-exec'ed with LOAD_ARGV1)? */
static bool is_load_prop(pid_t pid)
{
	char path[64], buf[256];
	int fd;
	ssize_t r;

	snprintf(path, sizeof path, "/proc/%d/cmdline", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	r = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (r <= 0)
		return false;
	buf[r] = '\0';
	size_t l0 = strlen(buf);
	if ((ssize_t)l0 + 1 < r && !strcmp(buf + l0 + 1, LOAD_ARGV1))
		return true;
	/* A prop that could not re-exec runs in a fork of aisla: its name. */
	snprintf(path, sizeof path, "/proc/%d/comm", (int)pid);
	return cg_read_file(path, buf, sizeof buf) == 0 && !strncmp(buf, "aisla-load-", 11);
}

/* The mount of the hierarchy dir belongs to: dir minus "/aisla/NAME". */
static void base_of(const char *dir, char *buf, size_t n)
{
	char *p;
	snprintf(buf, n, "%s", dir);
	p = strstr(buf, "/" CG_SUBTREE "/");
	if (p)
		*p = '\0';
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

/* aisla/ goes with its last group (whichever session made it): rmdir
 * fails while other groups are in it. */
static void rmdir_subtree_if_empty(const char *groupdir)
{
	char parent[320];
	const char *sl = strrchr(groupdir, '/');

	if (!sl)
		return;
	snprintf(parent, sizeof parent, "%.*s", (int)(sl - groupdir), groupdir);
	sl = strrchr(parent, '/');
	if (sl && !strcmp(sl + 1, CG_SUBTREE))
		rmdir(parent);
}

/* Empty the group directory dir: kill load props, move the rest to the
 * base of aisla's subtree; then rmdir, waiting a little for killed
 * processes to leave. */
static int evacuate_and_rmdir(const char *dir, int *moved, int *killed, struct err *e)
{
	char base[320];

	base_of(dir, base, sizeof base);
	for (int tries = 0; tries < 100; tries++) {
		pid_t *pids;
		size_t n;
		if (procs_of(dir, &pids, &n) == 0) {
			for (size_t i = 0; i < n; i++) {
				char v[24];
				if (is_load_prop(pids[i])) {
					if (kill(pids[i], SIGKILL) == 0 && tries == 0)
						(*killed)++;
					continue;
				}
				snprintf(v, sizeof v, "%d", (int)pids[i]);
				if (write_at(base, "cgroup.procs", v) == 0)
					(*moved)++;
			}
		}
		free(pids);
		if (rmdir(dir) == 0 || errno == ENOENT) {
			rmdir_subtree_if_empty(dir);
			return 0;
		}
		if (errno != EBUSY)
			break;
		sleep_ms(20);
	}
	if (errno == EBUSY) {
		err_errno(e, errno, _("cannot remove the group '%s'"), dir);
		return err_hint(e, _("it still has processes or subgroups that aisla did not make: "
				     "look with 'cat %s/cgroup.procs'"), dir);
	}
	return err_errno(e, errno, _("cannot remove the group '%s'"), dir);
}

/* ---- journal kinds ---- */

static enum undo_result cgroup_undo(const struct jrec *r, struct err *e)
{
	const char *path = jrec_get(r, "path");
	long long ino = jrec_get_ll(r, "ino", -1);
	struct stat st;
	int moved = 0, killed = 0;

	if (!path || lstat(path, &st) < 0)
		return UNDO_GONE;
	if (!S_ISDIR(st.st_mode) || (ino >= 0 && (long long)st.st_ino != ino))
		return UNDO_FOREIGN;
	if (ino < 0) {
		/* Never confirmed: only an empty group can be ours. */
		if (rmdir(path) == 0) {
			rmdir_subtree_if_empty(path);
			return UNDO_DONE;
		}
		return UNDO_FOREIGN;
	}
	if (evacuate_and_rmdir(path, &moved, &killed, e) < 0)
		return UNDO_FAILED;
	return UNDO_DONE;
}

/* aisla/ itself: removed only while it has no groups left. */
static enum undo_result cgroup_base_undo(const struct jrec *r, struct err *e)
{
	long long ino = jrec_get_ll(r, "ino", -1);
	struct stat st;

	const char *path = jrec_get(r, "path");

	(void)e;
	if (!path || lstat(path, &st) < 0)
		return UNDO_GONE;
	if (!S_ISDIR(st.st_mode) || (ino >= 0 && (long long)st.st_ino != ino))
		return UNDO_FOREIGN;
	if (rmdir(path) == 0 || errno == ENOENT)
		return UNDO_DONE;
	/* Another aisla session still has groups in it: the removal of the
	 * last one takes aisla/ with it (rmdir_subtree_if_empty). */
	return UNDO_GONE;
}

/* Controllers aisla enabled in a v2 parent's cgroup.subtree_control. */
static enum undo_result cgroup_ctl_undo(const struct jrec *r, struct err *e)
{
	const char *ctls = jrec_get(r, "ctls");
	char buf[128], *save = NULL;

	(void)e;
	if (!ctls || access(r->name, F_OK) < 0)
		return UNDO_GONE;
	snprintf(buf, sizeof buf, "%s", ctls);
	for (char *c = strtok_r(buf, ",", &save); c; c = strtok_r(NULL, ",", &save)) {
		char v[40];
		snprintf(v, sizeof v, "-%s", c);
		write_at(r->name, "cgroup.subtree_control", v);	/* busy: others use it */
	}
	return UNDO_DONE;
}

static const struct journal_kind kind_cgroup = {
	.name = "cgroup",
	.undo = cgroup_undo,
	.describe = N_("control group '%s'"),
};
static const struct journal_kind kind_cgroup_base = {
	.name = "cgroup-base",
	.undo = cgroup_base_undo,
	.describe = N_("aisla's cgroup subtree '%s'"),
};
static const struct journal_kind kind_cgroup_ctl = {
	.name = "cgroup-ctl",
	.undo = cgroup_ctl_undo,
	.describe = N_("controllers enabled in '%s'"),
};

const struct journal_kind *const cg_kinds[] = {
	&kind_cgroup_ctl, &kind_cgroup_base, &kind_cgroup, &load_kind, NULL,
};

/* ---- create, remove, attach ---- */

static int mkdir_journaled(const char *kind, const char *name, const char *path,
			   unsigned long *seqp, struct err *e)
{
	unsigned long seq;
	char kv_path[300], kv_ino[40], kv_group[80], shown[256];
	struct stat st;

	/* The record's name is the path under /sys/fs/cgroup ("memory/aisla/web"),
	 * what status and reset show; the group's own name goes in group=. */
	snprintf(shown, sizeof shown, "%s", path);
	if (!strncmp(path, CG_ROOT "/", strlen(CG_ROOT) + 1))
		snprintf(shown, sizeof shown, "%s", path + strlen(CG_ROOT) + 1);
	snprintf(kv_path, sizeof kv_path, "path=%s", path);
	snprintf(kv_group, sizeof kv_group, "group=%s", name);
	if (journal_intent(kind, shown, JKV(kv_path, kv_group), &seq, e) < 0)
		return -1;
	if (mkdir(path, 0755) < 0) {
		int saved = errno;
		journal_abort(seq, e);
		err_errno(e, saved, _("cannot create the control group '%s'"), path);
		if (saved == EACCES || saved == EPERM)
			err_hint(e, _("making control groups needs root, or a delegated subtree "
				      "(systemd-run --user --scope -p Delegate=yes aisla)"));
		return -1;
	}
	if (stat(path, &st) < 0)
		st.st_ino = 0;
	snprintf(kv_ino, sizeof kv_ino, "ino=%llu", (unsigned long long)st.st_ino);
	if (journal_done(seq, JKV(kv_ino), e) < 0)
		return -1;
	if (seqp)
		*seqp = seq;
	return 0;
}

/* v2: enable the controllers we use in the base (journaled). */
static int v2_enable_in_base(const char *base, int mask, struct err *e)
{
	char path[320], cur[256] = "", added[128] = "";
	snprintf(path, sizeof path, "%s/cgroup.subtree_control", base);
	cg_read_file(path, cur, sizeof cur);
	for (int c = 0; c < CGC_COUNT; c++) {
		if (!(mask & (1 << c)) || c == CGC_CPUACCT)
			continue;
		char word[32];
		snprintf(word, sizeof word, " %s ", v2_names[c]);
		char padded[270];
		snprintf(padded, sizeof padded, " %s ", cur);
		padded[strcspn(padded, "\n")] = ' ';
		if (strstr(padded, word))
			continue;
		size_t l = strlen(added);
		snprintf(added + l, sizeof added - l, "%s%s", l ? "," : "", v2_names[c]);
	}
	if (!added[0])
		return 0;
	unsigned long seq;
	char kv[160];
	snprintf(kv, sizeof kv, "ctls=%s", added);
	if (journal_intent("cgroup-ctl", base, JKV(kv), &seq, e) < 0)
		return -1;
	char buf[128], *save = NULL;
	snprintf(buf, sizeof buf, "%s", added);
	for (char *c = strtok_r(buf, ",", &save); c; c = strtok_r(NULL, ",", &save)) {
		char v[40];
		snprintf(v, sizeof v, "+%s", c);
		if (write_at(base, "cgroup.subtree_control", v) < 0) {
			int saved = errno;
			err_errno(e, saved, _("cannot enable the controller '%s' in '%s'"), c, path);
			if (saved == EBUSY)
				err_hint(e, _("cgroup v2 does not let a group with processes hand "
					      "controllers to its children (no internal processes)"));
			journal_done(seq, NULL, e);
			return -1;
		}
	}
	return journal_done(seq, NULL, e);
}

static bool announced;

/* Make aisla/ in every hierarchy if missing (journaled) and prepare it. */
static int ensure_subtree(struct err *e)
{
	const struct cg_backend *be = cg_backend();

	for (int h = 0; h < nhiers; h++) {
		char d[320];
		struct stat st;
		hier_dir(h, NULL, d, sizeof d);
		if (!cg_is_v1() && v2_enable_in_base(hiers[h].mnt, hiers[h].mask, e) < 0)
			return -1;
		if (stat(d, &st) < 0) {
			if (mkdir_journaled("cgroup-base", d, d, NULL, e) < 0)
				return -1;
			if (!announced && h == (ctl_hier[CGC_CPU] >= 0 ? ctl_hier[CGC_CPU] : 0)) {
				if (cg_is_v1())
					out_printf(_("aisla's groups are in %s/<controller>/%s (%s)\n"),
						   CG_ROOT, CG_SUBTREE, cg_mode_name());
				else if (access("/run/systemd/system", F_OK) == 0 &&
					 !strcmp(hiers[h].mnt, CG_ROOT))
					out_printf(_("aisla's groups are in %s (%s; beside systemd's "
						     "slices, which systemd leaves alone)\n"), d,
						   cg_mode_name());
				else
					out_printf(_("aisla's groups are in %s (%s)\n"), d, cg_mode_name());
				announced = true;
			}
		}
		if (be->init_subtree(d, hiers[h].mask, e) < 0)
			return -1;
	}
	return 0;
}

int cg_add(const char *name, struct err *e)
{
	int made = -1;
	char dirs[CGC_COUNT][320];
	unsigned long seqs[CGC_COUNT];

	if (cg_name_valid(name, e) < 0 || cg_setup(e) < 0)
		return -1;
	for (int h = 0; h < nhiers; h++) {
		struct stat st;
		hier_dir(h, name, dirs[h], sizeof dirs[h]);
		if (stat(dirs[h], &st) == 0) {
			err_set(e, _("the group '%s' already exists ('%s')"), name, dirs[h]);
			return err_hint(e, _("'cgroup show %s' shows it; 'cgroup del %s' removes it "
					     "if aisla made it"), name, name);
		}
	}
	if (ensure_subtree(e) < 0)
		return -1;
	for (int h = 0; h < nhiers; h++) {
		struct stat st;
		/* Another session may have just removed an empty aisla/. */
		if (stat(dirs[h], &st) < 0 && errno == ENOENT) {
			char sub[320];
			hier_dir(h, NULL, sub, sizeof sub);
			if (access(sub, F_OK) < 0 && ensure_subtree(e) < 0)
				goto undo;
		}
		if (mkdir_journaled("cgroup", name, dirs[h], &seqs[h], e) < 0 ||
		    cg_backend()->init_group(dirs[h], hiers[h].mask, e) < 0)
			goto undo;
		made = h;
	}
	return 0;
undo:
	for (int h = made; h >= 0; h--) {
		struct err e2 = ERR_INIT;
		if (rmdir(dirs[h]) == 0)
			journal_undone(seqs[h], &e2);
	}
	return -1;
}

int cg_del(const char *name, struct err *e)
{
	struct jrec *recs;
	size_t n;
	int found = 0, moved = 0, killed = 0;

	if (cg_name_valid(name, e) < 0 || cg_setup(e) < 0)
		return -1;
	if (journal_load(&recs, &n, e) < 0)
		return -1;
	for (size_t i = n; i-- > 0;) {
		struct jrec *r = &recs[i];
		const char *path;
		struct stat st;
		long long ino;
		const char *grp = jrec_get(r, "group");
		if (strcmp(r->kind, "cgroup") || !grp || strcmp(grp, name))
			continue;
		found++;
		path = jrec_get(r, "path");
		ino = jrec_get_ll(r, "ino", -1);
		if (path && lstat(path, &st) == 0) {
			if ((ino >= 0 && (long long)st.st_ino != ino) || (ino < 0 && rmdir(path) < 0)) {
				out_printf(_("left alone: '%s' (it is not the one aisla made)\n"), path);
			} else if (ino < 0) {
				/* an unconfirmed, empty one: removed just above */
			} else if (evacuate_and_rmdir(path, &moved, &killed, e) < 0) {
				free(recs);
				return -1;
			}
		}
		if (journal_undone(r->seq, e) < 0) {
			free(recs);
			return -1;
		}
	}
	free(recs);
	if (!found) {
		if (cg_exists(name)) {
			err_set(e, _("the group '%s' was not made by aisla (it is not in its journal): "
				     "aisla leaves it alone"), name);
			return err_hint(e, _("remove it yourself with rmdir if it is yours"));
		}
		err_set(e, _("the group '%s' does not exist"), name);
		return err_hint(e, _("'cgroup show' lists the groups"));
	}
	if (killed)
		out_printf(ngettext("%d load prop stopped\n", "%d load props stopped\n",
				    (unsigned long)killed), killed);
	if (moved)
		out_printf(ngettext("%d process moved out of the group\n",
				    "%d processes moved out of the group\n", (unsigned long)moved),
			   moved);
	return 0;
}

int cg_attach(const char *name, pid_t pid, struct err *e)
{
	char v[24];

	if (cg_setup(e) < 0)
		return -1;
	if (!cg_exists(name)) {
		err_set(e, _("the group '%s' does not exist"), name);
		return err_hint(e, _("make it first with 'cgroup add %s'"), name);
	}
	if (kill(pid, 0) < 0 && errno == ESRCH)
		return err_set(e, _("there is no process %d"), (int)pid);
	snprintf(v, sizeof v, "%d", (int)pid);
	for (int h = 0; h < nhiers; h++) {
		char d[320];
		hier_dir(h, name, d, sizeof d);
		if (write_at(d, "cgroup.procs", v) < 0) {
			int saved = errno;
			err_errno(e, saved, _("cannot move process %d into '%s'"), (int)pid, d);
			if (saved == ENOSPC)
				err_hint(e, _("the group's cpuset has no CPUs or memory nodes yet"));
			else if (saved == EINVAL)
				err_hint(e, _("kernel threads cannot be moved"));
			return -1;
		}
	}
	return 0;
}

int cg_join_open(const char *name, struct cg_join *j, struct err *e)
{
	j->n = 0;
	if (cg_setup(e) < 0)
		return -1;
	if (!cg_exists(name)) {
		err_set(e, _("the group '%s' does not exist"), name);
		return err_hint(e, _("make it first with 'cgroup add %s'"), name);
	}
	for (int h = 0; h < nhiers && j->n < CG_MAX_FDS; h++) {
		char d[320], p[400];
		hier_dir(h, name, d, sizeof d);
		snprintf(p, sizeof p, "%s/cgroup.procs", d);
		int fd = open(p, O_WRONLY | O_CLOEXEC);
		if (fd < 0) {
			err_errno(e, errno, _("cannot open '%s'"), p);
			cg_join_close(j);
			return -1;
		}
		j->fd[j->n++] = fd;
	}
	return 0;
}

int cg_join_fds(const struct cg_join *j, struct err *e)
{
	for (int i = 0; i < j->n; i++)
		if (write(j->fd[i], "0", 1) < 0)
			return err_errno(e, errno, _("cannot join the control group"));
	return 0;
}

void cg_join_close(struct cg_join *j)
{
	for (int i = 0; i < j->n; i++)
		close(j->fd[i]);
	j->n = 0;
}

/* ---- completion ---- */

struct compl_ctx {
	const char *prefix;
	complete_add_fn add;
	void *ctx;
};

static void compl_one(const char *name, void *arg)
{
	struct compl_ctx *c = arg;
	if (!strncmp(name, c->prefix, strlen(c->prefix)))
		c->add(name, c->ctx);
}

static void complete_cgroup(const char *prefix, complete_add_fn add, void *ctx)
{
	struct compl_ctx c = { prefix, add, ctx };
	cg_foreach(compl_one, &c);
}

static void complete_key(const char *prefix, complete_add_fn add, void *ctx)
{
	for (int i = 0; cg_friendly_keys[i]; i++)
		if (!strncmp(cg_friendly_keys[i], prefix, strlen(prefix)))
			add(cg_friendly_keys[i], ctx);
	/* Raw controller files, as a group of aisla's shows them. */
	if (!strchr(prefix, '.'))
		return;
	char d[320];
	struct err e = ERR_INIT;
	if (cg_setup(&e) < 0)
		return;
	for (int h = 0; h < nhiers; h++) {
		hier_dir(h, NULL, d, sizeof d);
		DIR *dir = opendir(d);
		struct dirent *de;
		while (dir && (de = readdir(dir))) {
			if (de->d_type == DT_DIR || !strncmp(de->d_name, "cgroup.", 7))
				continue;
			if (!strncmp(de->d_name, prefix, strlen(prefix)))
				add(de->d_name, ctx);
		}
		if (dir)
			closedir(dir);
	}
}

static void complete_load(const char *prefix, complete_add_fn add, void *ctx)
{
	static const char *const kinds[] = { "cpu", "mem", "forks", NULL };
	for (int i = 0; kinds[i]; i++)
		if (!strncmp(kinds[i], prefix, strlen(prefix)))
			add(kinds[i], ctx);
}

void cgroup_init(void)
{
	complete_register("CGROUP", complete_cgroup);
	complete_register("KEY", complete_key);
	complete_register("LOAD", complete_load);
}
