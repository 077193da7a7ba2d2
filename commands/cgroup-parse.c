/* cgroup-parse.c: the friendly keys of `cgroup set` and their values:
 * sizes ("64M"), CPU limits ("50%", "QUOTA PERIOD"), CPU lists, I/O
 * lines, raw controller files; then the plan of writes a value becomes
 * (the version's backend says which files) and, the other way, a key's
 * current value in the same form. The parsers are pure (unit-tested);
 * cg_parse adds the checks that ask the kernel (controller present,
 * CPUs online, block device exists).
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include "cgroup.h"
#include "../shell/i18n.h"
#include "../shell/world/cgroups.h"

/* Paths here are bounded (cgroupfs mounts and group names are short):
 * a truncated snprintf only makes an open() fail, which is reported. */
#pragma GCC diagnostic ignored "-Wformat-truncation"

const char *const cg_friendly_keys[] = {
	"cpu", "cpu.weight", "memory", "pids", "cpuset", "io", NULL,
};

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

/* CPUs set[0..1023] as a canonical list ("0-1,3"); how many ranges. */
static int cpu_list(const bool *set, char *out, size_t n)
{
	int ranges = 0;

	out[0] = '\0';
	for (int k = 0; k < 1024; k++) {
		if (!set[k] || (k > 0 && set[k - 1]))
			continue;
		int j = k;
		while (j + 1 < 1024 && set[j + 1])
			j++;
		size_t l = strlen(out);
		if (j > k)
			snprintf(out + l, n - l, "%s%d-%d", l ? "," : "", k, j);
		else
			snprintf(out + l, n - l, "%s%d", l ? "," : "", k);
		ranges++;
	}
	return ranges;
}

int cg_parse_cpuset(const char *s, const char *online, char *out, size_t n, struct err *e)
{
	bool on[1024] = { false }, want[1024] = { false };
	const char *p;
	char canon[256];
	int lo, hi;

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
				char list[128];
				cpu_list(on, list, sizeof list);
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
	if (!cpu_list(want, canon, sizeof canon))
		goto bad;
	snprintf(out, n, "%s", canon);
	return 0;
bad:
	err_set(e, _("invalid CPU list '%s'"), s);
	return err_hint(e, _("a CPU list is like '0', '0-1' or '0,2-3'"));
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
		if (!strcmp(pre, cgfs_ctl_name(c)))
			return c;
	return -2;	/* a controller aisla does not manage */
}

/* The kernel's side of an I/O line's device: a path must be a block
 * device; MAJ:MIN must exist in /sys/dev/block. */
static int resolve_dev(const char *dev, unsigned *maj, unsigned *min, struct err *e)
{
	struct stat st;
	char sys[64];

	if (dev[0] == '/') {
		if (stat(dev, &st) < 0 || !S_ISBLK(st.st_mode)) {
			err_set(e, _("'%s' is not a block device"), dev);
			return err_hint(e, _("lsblk lists the disks with their MAJ:MIN"));
		}
		*maj = major(st.st_rdev);
		*min = minor(st.st_rdev);
	} else if (sscanf(dev, "%u:%u", maj, min) != 2) {
		return -1;
	}
	snprintf(sys, sizeof sys, "/sys/dev/block/%u:%u", *maj, *min);
	if (access(sys, F_OK) < 0) {
		err_set(e, _("there is no block device %u:%u here"), *maj, *min);
		return err_hint(e, _("lsblk lists the disks with their MAJ:MIN"));
	}
	return 0;
}

int cg_parse_io(const char *s, cg_dev_resolve_fn resolve, struct cg_value *v, struct err *e)
{
	char buf[160], *save = NULL, *tok;
	unsigned maj, min;
	int nkeys = 0;

	snprintf(buf, sizeof buf, "%s", s);
	v->io.rbps = v->io.wbps = v->io.riops = v->io.wiops = CG_UNSET;
	tok = strtok_r(buf, " \t", &save);
	if (!tok)
		goto bad;
	if (tok[0] != '/' && sscanf(tok, "%u:%u", &maj, &min) != 2)
		goto bad;
	if (resolve(tok, &v->io.maj, &v->io.min, e) < 0)
		return -1;
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
	if (cgfs_setup(e) < 0)
		return -1;
	cgfs_have_list(have, sizeof have);
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
						     "controller file (%s: %s)"), cgfs_mode_name(), have);
			return err_hint(e, _("keys: cpu, cpu.weight, memory, pids, cpuset, io, or a "
					     "controller file of %s (controllers here: %s)"),
					cgfs_mode_name(), have);
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
	if (!cgfs_have(v->ctl)) {
		err_set(e, _("the controller '%s' is not available on this machine (%s)"),
			cgfs_ctl_name(v->ctl), cgfs_mode_name());
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
		cgfs_read_file("/sys/devices/system/cpu/online", online, sizeof online);
		return cg_parse_cpuset(value, online, v->str, sizeof v->str, e);
	}
	case CGK_IO:
		return cg_parse_io(value, resolve_dev, v, e);
	case CGK_RAW:
		return 0;
	}
	return 0;
}

int cg_plan_set(const char *name, const struct cg_value *v, struct cg_plan *p, struct err *e)
{
	char dir[320], path[400];
	struct cg_facts f = { .mem_limit = CG_UNSET };

	memset(p, 0, sizeof *p);
	if (!cgfs_group_dir(name, v->ctl, dir, sizeof dir))
		return err_set(e, _("the controller '%s' is not available on this machine"),
			       cgfs_ctl_name(v->ctl));
	if (v->key == CGK_RAW) {
		struct stat st;
		snprintf(path, sizeof path, "%s/%s", dir, v->raw_file);
		if (stat(path, &st) < 0 || !(st.st_mode & S_IWUSR)) {
			char files[512] = "";
			DIR *d = opendir(dir);
			struct dirent *de;
			size_t pl = strlen(cgfs_ctl_name(v->ctl));
			while (d && (de = readdir(d))) {
				char fp[400];
				struct stat fs;
				if (strncmp(de->d_name, cgfs_ctl_name(v->ctl), pl) || de->d_name[pl] != '.')
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
				err_set(e, _("there is no file '%s' in %s"), v->raw_file, cgfs_mode_name());
			return err_hint(e, _("writable files of '%s': %s"), cgfs_ctl_name(v->ctl), files);
		}
		return cg_plan_add(p, dir, v->raw_file, "%s", v->str);
	}
	if (v->key == CGK_MEMORY) {
		snprintf(path, sizeof path, "%s/memory.memsw.limit_in_bytes", dir);
		f.memsw = access(path, F_OK) == 0;
		snprintf(path, sizeof path, "%s/memory.limit_in_bytes", dir);
		f.mem_limit = cgfs_read_ll(path);
		snprintf(path, sizeof path, "%s/memory.swap.max", dir);
		f.swap = access(path, F_OK) == 0;
	}
	return cg_backend()->plan(dir, v, &f, p, e);
}

int cg_get(const char *name, const char *key, char *buf, size_t n, struct err *e)
{
	struct cgfs_group g;

	if (cgfs_read(name, &g) < 0)
		return err_set(e, _("the group '%s' does not exist"), name);
	buf[0] = '\0';
	if (!strcmp(key, "cpu")) {
		world_cgroups_fmt_cpu(&g, buf, n);
	} else if (!strcmp(key, "cpu.weight")) {
		snprintf(buf, n, "%lld", g.cpu_weight);
	} else if (!strcmp(key, "memory")) {
		cgfs_fmt_bytes(g.mem_max, buf, n);
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
		if (c < 0 || !cgfs_group_dir(name, c, dir, sizeof dir))
			return err_set(e, _("unknown key '%s'"), key);
		snprintf(path, sizeof path, "%s/%s", dir, key);
		if (cgfs_read_file(path, buf, n) < 0)
			return err_errno(e, errno, _("cannot read '%s'"), path);
		buf[strcspn(buf, "\n")] = '\0';
	}
	return 0;
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

