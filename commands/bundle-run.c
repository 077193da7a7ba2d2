/* bundle-run.c: `bundle run DIR [NODE]`: aisla as an OCI runtime, for the
 * subset of the runtime spec the course uses (see bundle.h).
 *
 * Parse, validate, then act: config.json is read whole (at most 1 MiB,
 * nesting at most 32) into a plan, every field checked, before anything
 * is made. Then: the node (a holder makes the new namespaces: pid, mount,
 * uts with the hostname, ipc, cgroup, user mapping root), an aisla cgroup
 * with the limits, and the process: a child that joins the namespaces
 * given by path (first: from inside a new user namespace it could not),
 * then the node's, mounts the listed filesystems inside the rootfs, makes
 * it the root with pivot_root(".", ".") and a lazy unmount of the old
 * root (runc's way), sets rlimits, ids, environment and cwd, and execs.
 * One difference with runc: PID 1 of the container is aisla's holder
 * (the init that reaps), the process is its child. */
#include <errno.h>
#include <grp.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <linux/magic.h>
#include <sys/syscall.h>
#include <json-c/json.h>
#include "bundle.h"
#include "cgroup.h"
#include "node.h"
#include "restart.h"
#include "../shell/i18n.h"
#include "../shell/out.h"
#include "../shell/run.h"
#include "../shell/kernel/cgroupfs.h"

#define CONFIG_MAX (1 << 20)
#define PLAN_MAX_ARGS 64
#define PLAN_MAX_MOUNTS 24
#define PLAN_MAX_RLIMITS 16

struct bmount {
	char dest[256], type[32], source[PATH_MAX];
	unsigned long flags;
	char data[256];
	bool bind;
};

struct bplan {
	char dir[PATH_MAX], rootfs[PATH_MAX];
	char name[NODE_NAME_MAX + 1];
	char hostname[65];
	unsigned newmask;		/* NS_* the holder makes */
	char nspath[7][PATH_MAX];	/* namespaces joined by path ("" = none) */
	bool map_root;
	char *args[PLAN_MAX_ARGS + 1], *env[PLAN_MAX_ARGS + 1];
	char cwd[PATH_MAX];
	uid_t uid;
	gid_t gid;
	bool nnp, readonly;
	struct { int res; rlim_t soft, hard; } rl[PLAN_MAX_RLIMITS];
	int nrl;
	struct bmount m[PLAN_MAX_MOUNTS];
	int nm;
	long long mem, pids, cpu_quota, cpu_period;	/* 0: not set */
	char notes[512];		/* fields read but not applied */
};

static void plan_free(struct bplan *p)
{
	for (int i = 0; p->args[i]; i++)
		free(p->args[i]);
	for (int i = 0; p->env[i]; i++)
		free(p->env[i]);
	memset(p->args, 0, sizeof p->args);
	memset(p->env, 0, sizeof p->env);
}

static int unsupported(struct err *e, const char *field, const char *why)
{
	err_set(e, _("config.json: the field '%s' is not supported by 'bundle run'%s%s"), field,
		why ? ": " : "", why ? why : "");
	return err_hint(e, _("aisla implements the part of the runtime spec the course uses; run this "
			     "bundle with 'runc run' or 'crun run'"));
}

static int bad(struct err *e, const char *field, const char *want)
{
	err_set(e, _("config.json: '%s' must be %s"), field, want);
	return err_hint(e, _("compare with what 'runc spec' writes, or with 'bundle NODE DIR'"));
}

static int missing(struct err *e, const char *field)
{
	err_set(e, _("config.json: '%s' is missing"), field);
	return err_hint(e, _("compare with what 'runc spec' writes, or with 'bundle NODE DIR'"));
}

static void note(struct bplan *p, const char *field)
{
	size_t l = strlen(p->notes);
	snprintf(p->notes + l, sizeof p->notes - l, "%s%s", l ? ", " : "", field);
}

/* Every key of o must be in allowed[] (space separated) or ignored[]
 * (read but not applied: noted). */
static int keys_check(struct bplan *p, json_object *o, const char *where, const char *allowed,
		      const char *ignored, struct err *e)
{
	json_object_object_foreach(o, key, val) {
		(void)val;
		char w[80], field[160];
		snprintf(w, sizeof w, " %s ", key);
		snprintf(field, sizeof field, "%s%s%s", where, *where ? "." : "", key);
		char a[400], ig[400];
		snprintf(a, sizeof a, " %s ", allowed);
		snprintf(ig, sizeof ig, " %s ", ignored ? ignored : "");
		if (strstr(a, w))
			continue;
		if (strstr(ig, w)) {
			note(p, field);
			continue;
		}
		return unsupported(e, field, NULL);
	}
	return 0;
}

static json_object *get(json_object *o, const char *k)
{
	json_object *v;
	return o && json_object_object_get_ex(o, k, &v) ? v : NULL;
}

static int get_str(json_object *o, const char *k, const char *field, char *out, size_t sz,
		   bool required, struct err *e)
{
	json_object *v = get(o, k);
	if (!v) {
		if (required)
			return missing(e, field);
		return 0;
	}
	if (!json_object_is_type(v, json_type_string) || strlen(json_object_get_string(v)) >= sz)
		return bad(e, field, _("a string of reasonable length"));
	snprintf(out, sz, "%s", json_object_get_string(v));
	return 0;
}

static int get_i64(json_object *o, const char *k, const char *field, long long lo, long long hi,
		   long long *out, struct err *e)
{
	json_object *v = get(o, k);
	if (!v)
		return 0;
	if (!json_object_is_type(v, json_type_int))
		return bad(e, field, _("a whole number"));
	long long x = json_object_get_int64(v);
	if (x < lo || x > hi)
		return bad(e, field, _("a number in range"));
	*out = x;
	return 0;
}

static int str_array(json_object *o, const char *field, char **out, struct err *e)
{
	if (!json_object_is_type(o, json_type_array) || json_object_array_length(o) > PLAN_MAX_ARGS)
		return bad(e, field, _("a list of at most 64 strings"));
	for (size_t i = 0; i < json_object_array_length(o); i++) {
		json_object *s = json_object_array_get_idx(o, i);
		if (!json_object_is_type(s, json_type_string) || strlen(json_object_get_string(s)) > 4096)
			return bad(e, field, _("a list of strings"));
		if (!(out[i] = strdup(json_object_get_string(s))))
			return err_errno(e, ENOMEM, "%s", field);
	}
	return 0;
}

static const struct { const char *name; int res; } rlimit_names[] = {
	{ "RLIMIT_NOFILE", RLIMIT_NOFILE }, { "RLIMIT_NPROC", RLIMIT_NPROC },
	{ "RLIMIT_CORE", RLIMIT_CORE }, { "RLIMIT_CPU", RLIMIT_CPU },
	{ "RLIMIT_FSIZE", RLIMIT_FSIZE }, { "RLIMIT_STACK", RLIMIT_STACK },
	{ "RLIMIT_AS", RLIMIT_AS }, { "RLIMIT_DATA", RLIMIT_DATA },
	{ "RLIMIT_MEMLOCK", RLIMIT_MEMLOCK }, { "RLIMIT_NICE", RLIMIT_NICE },
	{ "RLIMIT_MSGQUEUE", RLIMIT_MSGQUEUE }, { "RLIMIT_RTPRIO", RLIMIT_RTPRIO },
	{ "RLIMIT_SIGPENDING", RLIMIT_SIGPENDING }, { "RLIMIT_LOCKS", RLIMIT_LOCKS },
	{ "RLIMIT_RSS", RLIMIT_RSS }, { "RLIMIT_RTTIME", RLIMIT_RTTIME },
};

static int parse_process(struct bplan *p, json_object *pr, struct err *e)
{
	if (!pr || !json_object_is_type(pr, json_type_object))
		return bad(e, "process", _("an object"));
	if (keys_check(p, pr, "process", "terminal user args env cwd rlimits noNewPrivileges",
		       "capabilities oomScoreAdj", e) < 0)
		return -1;
	json_object *t = get(pr, "terminal");
	if (t && json_object_get_boolean(t))
		return unsupported(e, "process.terminal", _("aisla runs the process in the background, "
							     "its output in the console"));
	json_object *u = get(pr, "user");
	if (u) {
		long long uid = 0, gid = 0;
		if (keys_check(p, u, "process.user", "uid gid", "umask additionalGids", e) < 0 ||
		    get_i64(u, "uid", "process.user.uid", 0, 65535, &uid, e) < 0 ||
		    get_i64(u, "gid", "process.user.gid", 0, 65535, &gid, e) < 0)
			return -1;
		p->uid = (uid_t)uid;
		p->gid = (gid_t)gid;
	}
	json_object *a = get(pr, "args");
	if (!a || str_array(a, "process.args", p->args, e) < 0)
		return a ? -1 : missing(e, "process.args");
	if (!p->args[0])
		return bad(e, "process.args", _("a list with the program first"));
	json_object *env = get(pr, "env");
	if (env && str_array(env, "process.env", p->env, e) < 0)
		return -1;
	for (int i = 0; p->env[i]; i++)
		if (!strchr(p->env[i], '='))
			return bad(e, "process.env", _("a list of NAME=VALUE"));
	snprintf(p->cwd, sizeof p->cwd, "/");
	if (get_str(pr, "cwd", "process.cwd", p->cwd, sizeof p->cwd, true, e) < 0)
		return -1;
	if (p->cwd[0] != '/')
		return bad(e, "process.cwd", _("an absolute path"));
	json_object *nnp = get(pr, "noNewPrivileges");
	p->nnp = nnp && json_object_get_boolean(nnp);
	json_object *rls = get(pr, "rlimits");
	if (rls) {
		if (!json_object_is_type(rls, json_type_array) || json_object_array_length(rls) > PLAN_MAX_RLIMITS)
			return bad(e, "process.rlimits", _("a list of at most 16 limits"));
		for (size_t i = 0; i < json_object_array_length(rls); i++) {
			json_object *r = json_object_array_get_idx(rls, i);
			char type[32] = "";
			long long soft = -1, hard = -1;
			if (!json_object_is_type(r, json_type_object) ||
			    keys_check(p, r, "process.rlimits[]", "type soft hard", NULL, e) < 0 ||
			    get_str(r, "type", "process.rlimits[].type", type, sizeof type, true, e) < 0 ||
			    get_i64(r, "soft", "process.rlimits[].soft", 0, LLONG_MAX, &soft, e) < 0 ||
			    get_i64(r, "hard", "process.rlimits[].hard", 0, LLONG_MAX, &hard, e) < 0)
				return err_isset(e) ? -1 : bad(e, "process.rlimits[]", _("an object"));
			size_t k;
			for (k = 0; k < sizeof rlimit_names / sizeof *rlimit_names; k++)
				if (!strcmp(type, rlimit_names[k].name))
					break;
			if (k == sizeof rlimit_names / sizeof *rlimit_names)
				return bad(e, "process.rlimits[].type", _("an RLIMIT_ name Linux knows"));
			if (soft < 0 || hard < 0 || soft > hard)
				return bad(e, "process.rlimits[]", _("soft and hard, soft <= hard"));
			p->rl[p->nrl].res = rlimit_names[k].res;
			p->rl[p->nrl].soft = (rlim_t)soft;
			p->rl[p->nrl].hard = (rlim_t)hard;
			p->nrl++;
		}
	}
	return 0;
}

static const struct { const char *name; unsigned long flag; bool clear; } mount_opts[] = {
	{ "nosuid", MS_NOSUID, false }, { "suid", MS_NOSUID, true },
	{ "nodev", MS_NODEV, false }, { "dev", MS_NODEV, true },
	{ "noexec", MS_NOEXEC, false }, { "exec", MS_NOEXEC, true },
	{ "ro", MS_RDONLY, false }, { "rw", MS_RDONLY, true },
	{ "strictatime", MS_STRICTATIME, false }, { "relatime", MS_RELATIME, false },
	{ "noatime", MS_NOATIME, false }, { "bind", MS_BIND, false }, { "rbind", MS_BIND | MS_REC, false },
	{ "private", 0, false }, { "rprivate", 0, false },
};

static int parse_mounts(struct bplan *p, json_object *ms, struct err *e)
{
	if (!json_object_is_type(ms, json_type_array) || json_object_array_length(ms) > PLAN_MAX_MOUNTS)
		return bad(e, "mounts", _("a list of at most 24 mounts"));
	for (size_t i = 0; i < json_object_array_length(ms); i++) {
		json_object *m = json_object_array_get_idx(ms, i), *opts;
		struct bmount *b = &p->m[p->nm];
		if (!json_object_is_type(m, json_type_object) ||
		    keys_check(p, m, "mounts[]", "destination type source options", NULL, e) < 0 ||
		    get_str(m, "destination", "mounts[].destination", b->dest, sizeof b->dest, true, e) < 0 ||
		    get_str(m, "type", "mounts[].type", b->type, sizeof b->type, false, e) < 0 ||
		    get_str(m, "source", "mounts[].source", b->source, sizeof b->source, false, e) < 0)
			return err_isset(e) ? -1 : bad(e, "mounts[]", _("an object"));
		if (b->dest[0] != '/' || strstr(b->dest, ".."))
			return bad(e, "mounts[].destination", _("an absolute path without '..'"));
		if ((opts = get(m, "options"))) {
			if (!json_object_is_type(opts, json_type_array) || json_object_array_length(opts) > 16)
				return bad(e, "mounts[].options", _("a list of options"));
			for (size_t k = 0; k < json_object_array_length(opts); k++) {
				json_object *o = json_object_array_get_idx(opts, k);
				if (!json_object_is_type(o, json_type_string))
					return bad(e, "mounts[].options", _("a list of strings"));
				const char *s = json_object_get_string(o);
				size_t j;
				for (j = 0; j < sizeof mount_opts / sizeof *mount_opts; j++)
					if (!strcmp(s, mount_opts[j].name))
						break;
				if (j < sizeof mount_opts / sizeof *mount_opts) {
					if (mount_opts[j].clear)
						b->flags &= ~mount_opts[j].flag;
					else
						b->flags |= mount_opts[j].flag;
				} else if (strchr(s, '=') && strlen(b->data) + strlen(s) + 2 < sizeof b->data) {
					size_t l = strlen(b->data);
					snprintf(b->data + l, sizeof b->data - l, "%s%s", l ? "," : "", s);
				} else
					return unsupported(e, "mounts[].options", s);
			}
		}
		b->bind = (b->flags & MS_BIND) || !strcmp(b->type, "bind");
		if (!b->bind && strcmp(b->type, "proc") && strcmp(b->type, "tmpfs") &&
		    strcmp(b->type, "sysfs") && strcmp(b->type, "devpts") && strcmp(b->type, "mqueue"))
			return unsupported(e, "mounts[].type", b->type[0] ? b->type : "\"\"");
		if (b->bind && b->source[0] != '/')
			return bad(e, "mounts[].source", _("an absolute host path for a bind mount"));
		p->nm++;
	}
	return 0;
}

static const char *const oci_ns[7] = { "network", "pid", "user", "mount", "uts", "ipc", "cgroup" };

static int parse_linux(struct bplan *p, json_object *lin, struct err *e)
{
	if (!lin || !json_object_is_type(lin, json_type_object))
		return bad(e, "linux", _("an object"));
	if (keys_check(p, lin, "linux", "namespaces uidMappings gidMappings resources cgroupsPath",
		       "maskedPaths readonlyPaths", e) < 0)
		return -1;
	json_object *nss = get(lin, "namespaces");
	if (!nss || !json_object_is_type(nss, json_type_array) || json_object_array_length(nss) > 7)
		return bad(e, "linux.namespaces", _("a list of namespaces"));
	unsigned seen = 0;
	for (size_t i = 0; i < json_object_array_length(nss); i++) {
		json_object *n = json_object_array_get_idx(nss, i);
		char type[16] = "", path[PATH_MAX] = "";
		if (!json_object_is_type(n, json_type_object) ||
		    keys_check(p, n, "linux.namespaces[]", "type path", NULL, e) < 0 ||
		    get_str(n, "type", "linux.namespaces[].type", type, sizeof type, true, e) < 0 ||
		    get_str(n, "path", "linux.namespaces[].path", path, sizeof path, false, e) < 0)
			return err_isset(e) ? -1 : bad(e, "linux.namespaces[]", _("an object"));
		int k;
		for (k = 0; k < 7 && strcmp(type, oci_ns[k]); k++)
			;
		if (k == 7)
			return unsupported(e, "linux.namespaces[].type", type);
		if (seen & (1u << k))
			return bad(e, "linux.namespaces", _("a list with each type once"));
		seen |= 1u << k;
		if (path[0]) {
			struct stat st;
			if (stat(path, &st) < 0) {
				err_errno(e, errno, _("config.json: the %s namespace to join, '%s', does not exist"),
					  type, path);
				return err_hint(e, _("is the node still there? 'node list' shows them"));
			}
			if (k == 1 || k == 2)	/* pid, user: joined by the holder it would need */
				return unsupported(e, "linux.namespaces[].path", type);
			snprintf(p->nspath[k], sizeof p->nspath[k], "%s", path);
		} else
			p->newmask |= 1u << k;
	}
	if (!(seen & NS_MNT))
		return unsupported(e, "linux.namespaces", _("without a mount namespace pivot_root would change the host's root"));
	json_object *um = get(lin, "uidMappings"), *gm = get(lin, "gidMappings");
	if (p->newmask & NS_USER) {
		/* Only what a holder can map itself: root inside = our ids. */
		for (int w = 0; w < 2; w++) {
			json_object *mm = w ? gm : um;
			const char *f = w ? "linux.gidMappings" : "linux.uidMappings";
			long long c = -1, h = -1, s = -1;
			json_object *one = mm && json_object_is_type(mm, json_type_array) &&
					   json_object_array_length(mm) == 1 ? json_object_array_get_idx(mm, 0) : NULL;
			if (!one || get_i64(one, "containerID", f, 0, UINT32_MAX, &c, e) < 0 ||
			    get_i64(one, "hostID", f, 0, UINT32_MAX, &h, e) < 0 ||
			    get_i64(one, "size", f, 0, UINT32_MAX, &s, e) < 0)
				return err_isset(e) ? -1 : unsupported(e, f, _("only one mapping, root inside to your own id outside, size 1"));
			if (c != 0 || s != 1 || h != (long long)(w ? getegid() : geteuid()))
				return unsupported(e, f, _("only one mapping, root inside to your own id outside, size 1"));
		}
		p->map_root = true;
	} else if (um || gm)
		return bad(e, "linux.uidMappings", _("given only with a user namespace"));
	json_object *res = get(lin, "resources");
	if (res) {
		json_object *mem = get(res, "memory"), *pids = get(res, "pids"), *cpu = get(res, "cpu");
		if (keys_check(p, res, "linux.resources", "memory pids cpu", "devices", e) < 0 ||
		    (mem && (keys_check(p, mem, "linux.resources.memory", "limit", "swap reservation", e) < 0 ||
			     get_i64(mem, "limit", "linux.resources.memory.limit", 4096, LLONG_MAX, &p->mem, e) < 0)) ||
		    (pids && (keys_check(p, pids, "linux.resources.pids", "limit", NULL, e) < 0 ||
			      get_i64(pids, "limit", "linux.resources.pids.limit", 1, 4194304, &p->pids, e) < 0)) ||
		    (cpu && (keys_check(p, cpu, "linux.resources.cpu", "quota period", "shares", e) < 0 ||
			     get_i64(cpu, "quota", "linux.resources.cpu.quota", 1000, 1000000000, &p->cpu_quota, e) < 0 ||
			     get_i64(cpu, "period", "linux.resources.cpu.period", 1000, 1000000, &p->cpu_period, e) < 0)))
			return -1;
		if (p->cpu_quota && !p->cpu_period)
			p->cpu_period = 100000;
	}
	return 0;
}

/* Read and check DIR/config.json into p. Nothing is made. */
static int plan_read(const char *dir_arg, const char *name, struct bplan *p, struct err *e)
{
	char cfg[PATH_MAX + 16];
	struct stat st;

	memset(p, 0, sizeof *p);
	if (!realpath(dir_arg, p->dir))
		return err_errno(e, errno, _("bundle '%s' cannot be read"), dir_arg);
	snprintf(cfg, sizeof cfg, "%s/config.json", p->dir);
	int fd = open(cfg, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0) {
		err_errno(e, errno, _("bundle '%s' has no config.json"), dir_arg);
		if (fd >= 0)
			close(fd);
		return err_hint(e, _("a bundle is a directory with config.json and rootfs: 'bundle NODE %s' "
				     "writes one"), dir_arg);
	}
	if (st.st_size > CONFIG_MAX) {
		close(fd);
		err_set(e, _("'%s' is too big for a config.json (%lld bytes)"), cfg, (long long)st.st_size);
		return err_hint(e, _("a config.json is a few KiB"));
	}
	char *buf = malloc((size_t)st.st_size + 1);
	ssize_t n = buf ? read(fd, buf, (size_t)st.st_size) : -1;
	close(fd);
	if (n < 0) {
		free(buf);
		return err_errno(e, errno, _("could not read '%s'"), cfg);
	}
	buf[n] = '\0';
	struct json_tokener *tok = json_tokener_new_ex(32);
	if (!tok) {
		free(buf);
		return err_errno(e, ENOMEM, _("could not read '%s'"), cfg);
	}
	json_object *o = json_tokener_parse_ex(tok, buf, (int)n);
	enum json_tokener_error jerr = json_tokener_get_error(tok);
	size_t off = tok->char_offset;
	json_tokener_free(tok);
	/* Only white space may follow the object (no second document). */
	size_t rest = off;
	while (o && jerr == json_tokener_success && rest < (size_t)n && buf[rest] && strchr(" \t\r\n", buf[rest]))
		rest++;
	const char *why = jerr == json_tokener_continue ? _("it ends before the object closes") :
			  jerr != json_tokener_success ? json_tokener_error_desc(jerr) :
			  !json_object_is_type(o, json_type_object) ? _("not an object") :
			  rest < (size_t)n ? _("something follows the object") : NULL;
	free(buf);
	if (why) {
		json_object_put(o);
		err_set(e, _("'%s' is not JSON: %s (at byte %zu)"), cfg, why, off);
		return err_hint(e, _("check it with 'jq . %s'"), cfg);
	}
	int r = -1;
	char ver[32] = "";
	if (keys_check(p, o, "", "ociVersion process root hostname mounts linux annotations", NULL, e) < 0 ||
	    get_str(o, "ociVersion", "ociVersion", ver, sizeof ver, true, e) < 0)
		goto out;
	if (strncmp(ver, "1.", 2)) {
		unsupported(e, "ociVersion", ver);
		goto out;
	}
	json_object *rt = get(o, "root");
	char rp[PATH_MAX] = "";
	if (!rt || keys_check(p, rt, "root", "path readonly", NULL, e) < 0 ||
	    get_str(rt, "path", "root.path", rp, sizeof rp, true, e) < 0) {
		if (!err_isset(e))
			bad(e, "root", _("an object with path"));
		goto out;
	}
	json_object *ro = get(rt, "readonly");
	p->readonly = ro && json_object_get_boolean(ro);
	if (rp[0] == '/')
		snprintf(p->rootfs, sizeof p->rootfs, "%s", rp);
	else if (snprintf(p->rootfs, sizeof p->rootfs, "%s/%s", p->dir, rp) >= (int)sizeof p->rootfs) {
		bad(e, "root.path", _("a shorter path"));
		goto out;
	}
	if (stat(p->rootfs, &st) < 0 || !S_ISDIR(st.st_mode)) {
		err_set(e, _("the bundle's root '%s' is not a directory"), p->rootfs);
		err_hint(e, _("root.path names the rootfs directory, usually 'rootfs' beside config.json"));
		goto out;
	}
	if (get_str(o, "hostname", "hostname", p->hostname, sizeof p->hostname, false, e) < 0 ||
	    parse_process(p, get(o, "process"), e) < 0 || parse_linux(p, get(o, "linux"), e) < 0 ||
	    (get(o, "mounts") && parse_mounts(p, get(o, "mounts"), e) < 0))
		goto out;
	if (p->hostname[0] && !(p->newmask & NS_UTS)) {
		bad(e, "hostname", _("given only with a new uts namespace"));
		goto out;
	}
	snprintf(p->name, sizeof p->name, "%s", bundle_run_name(p->dir, name));
	if (node_name_valid(p->name, e) < 0 || node_name_free(p->name, e) < 0)
		goto out;
	r = 0;
out:
	json_object_put(o);
	if (r < 0)
		plan_free(p);
	return r;
}

const char *bundle_run_name(const char *dir, const char *name)
{
	static char buf[NODE_NAME_MAX + 1];
	char cfg[PATH_MAX + 16];

	if (name)
		return name;
	/* The bundle's hostname, else the directory's name. */
	snprintf(cfg, sizeof cfg, "%s/config.json", dir);
	buf[0] = '\0';
	json_object *o = json_object_from_file(cfg), *h;
	if (o && json_object_object_get_ex(o, "hostname", &h) && json_object_is_type(h, json_type_string) &&
	    strlen(json_object_get_string(h)) <= NODE_NAME_MAX)
		snprintf(buf, sizeof buf, "%s", json_object_get_string(h));
	json_object_put(o);
	if (!buf[0]) {
		const char *b = strrchr(dir, '/');
		snprintf(buf, sizeof buf, "%s", b && b[1] ? b + 1 : dir);
	}
	return buf;
}

/* ---- the child ---- */

static int process_setup(const struct bplan *p, struct err *e);

struct brun {
	struct bplan *p;
	struct node_enter ne;
	int pathfd[7];
	struct cg_join cj;
	bool cg;
	bool again;	/* a restart: the root is already pivoted (the holder's) */
};

/* Mount m inside the new root (still at p->rootfs). */
static int child_mount(const struct bplan *p, const struct bmount *m, struct err *e)
{
	char target[PATH_MAX * 2];
	snprintf(target, sizeof target, "%s%s", p->rootfs, m->dest);
	mkdir(target, 0755);	/* may exist; mount says if it is wrong */
	unsigned long flags = m->flags & ~(MS_BIND | MS_REC | MS_RDONLY);
	int rc;
	if (m->bind) {
		struct stat st;
		if (stat(m->source, &st) == 0 && !S_ISDIR(st.st_mode)) {
			rmdir(target);
			int fd = open(target, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
			if (fd >= 0)
				close(fd);
		}
		rc = mount(m->source, target, NULL, MS_BIND | (m->flags & MS_REC), NULL);
		if (rc == 0 && (m->flags & (MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC)))
			rc = mount(NULL, target, NULL, MS_BIND | MS_REMOUNT | (m->flags & ~MS_REC), NULL);
	} else
		rc = mount(m->source[0] ? m->source : m->type, target, m->type, flags | (m->flags & MS_RDONLY),
			   m->data[0] ? m->data : NULL);
	if (rc < 0)
		return err_errno(e, errno, _("bundle run: could not mount %s on '%s'"), m->type[0] ? m->type : "bind",
				 m->dest);
	return 0;
}

/* runc's minimal /dev on a fresh tmpfs: the host's device nodes bound
 * (as in a user namespace, where mknod is refused). */
static void child_devices(const struct bplan *p)
{
	static const char *const devs[] = { "null", "zero", "full", "random", "urandom", "tty" };
	for (int i = 0; i < p->nm; i++) {
		if (strcmp(p->m[i].dest, "/dev") || strcmp(p->m[i].type, "tmpfs"))
			continue;
		for (size_t k = 0; k < sizeof devs / sizeof *devs; k++) {
			char src[32], dst[PATH_MAX + 32];
			snprintf(src, sizeof src, "/dev/%s", devs[k]);
			snprintf(dst, sizeof dst, "%s/dev/%s", p->rootfs, devs[k]);
			int fd = open(dst, O_WRONLY | O_CREAT | O_CLOEXEC, 0666);
			if (fd >= 0)
				close(fd);
			mount(src, dst, NULL, MS_BIND, NULL);
		}
	}
}

static int child_setup(void *arg, struct err *e)
{
	struct brun *br = arg;
	struct bplan *p = br->p;

	/* Namespaces by path first: once inside a new user namespace the
	 * process has no capability over the host's. */
	for (int i = 0; i < 7; i++)
		if (br->pathfd[i] >= 0 && setns(br->pathfd[i], 0) < 0)
			return err_errno(e, errno, _("bundle run: could not join the namespace '%s'"), p->nspath[i]);
	if (br->cg && cg_join_fds(&br->cj, e) < 0)
		return -1;
	if (node_enter_apply(&br->ne, e) < 0)
		return -1;
	if (br->again)
		return process_setup(p, e);
	/* Inside the node's mount namespace (private since the holder made
	 * it): the rootfs becomes a mount point, the listed filesystems go
	 * inside, and pivot_root swaps it with the old root. */
	if (mount(p->rootfs, p->rootfs, NULL, MS_BIND | MS_REC, NULL) < 0)
		return err_errno(e, errno, _("bundle run: could not bind '%s' on itself"), p->rootfs);
	for (int i = 0; i < p->nm; i++)
		if (child_mount(p, &p->m[i], e) < 0)
			return -1;
	child_devices(p);
	if (chdir(p->rootfs) < 0)
		return err_errno(e, errno, _("bundle run: could not enter '%s'"), p->rootfs);
	if (syscall(SYS_pivot_root, ".", ".") == 0) {
		if (umount2(".", MNT_DETACH) < 0)
			return err_errno(e, errno, _("bundle run: could not detach the old root"));
	} else {
		/* The old root is the initramfs (rootfs), which pivot_root
		 * refuses (EINVAL): move the new root over it and chroot, as
		 * `runc run --no-pivot` does. */
		int saved = errno;
		struct statfs sf;
		if (saved != EINVAL || statfs("/", &sf) < 0 ||
		    (sf.f_type != RAMFS_MAGIC && sf.f_type != TMPFS_MAGIC))
			return err_errno(e, saved, _("bundle run: pivot_root into '%s' failed"), p->rootfs);
		if (mount(".", "/", NULL, MS_MOVE, NULL) < 0 || chroot(".") < 0)
			return err_errno(e, errno, _("bundle run: could not move the root over the initramfs"));
	}
	if (chdir("/") < 0)
		return err_errno(e, errno, _("bundle run: could not enter the new root"));
	if (p->readonly && mount(NULL, "/", NULL, MS_BIND | MS_REMOUNT | MS_RDONLY, NULL) < 0)
		return err_errno(e, errno, _("bundle run: could not make the root read-only"));
	return process_setup(p, e);
}

/* What every start of the process sets, the first and each restart. */
static int process_setup(const struct bplan *p, struct err *e)
{
	for (int i = 0; i < p->nrl; i++) {
		struct rlimit rl = { .rlim_cur = p->rl[i].soft, .rlim_max = p->rl[i].hard };
		if (setrlimit(p->rl[i].res, &rl) < 0)
			return err_errno(e, errno, _("bundle run: could not set an rlimit"));
	}
	if (p->gid && (setgroups(0, NULL) < 0 || setresgid(p->gid, p->gid, p->gid) < 0))
		return err_errno(e, errno, _("bundle run: could not become gid %d"), (int)p->gid);
	if (p->uid && setresuid(p->uid, p->uid, p->uid) < 0)
		return err_errno(e, errno, _("bundle run: could not become uid %d"), (int)p->uid);
	if (p->nnp && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return err_errno(e, errno, _("bundle run: could not set no_new_privs"));
	if (chdir(p->cwd) < 0)
		return err_errno(e, errno, _("bundle run: the working directory '%s' does not exist in the bundle"),
				 p->cwd);
	clearenv();
	for (int i = 0; p->env[i]; i++)
		putenv(p->env[i]);
	return 0;
}

/* Start the bundle's process in node p->name: the namespaces by path, the
 * cgroup (when it exists), the node's namespaces, and the first time the
 * mounts and pivot_root. A restart (again) joins the holder's root. */
static int bundle_spawn(struct bplan *p, bool again, pid_t *pid, struct err *e)
{
	struct brun br = { .p = p, .again = again };
	char cgname[40];
	int r = -1;

	for (int i = 0; i < 7; i++)
		br.pathfd[i] = -1;
	for (int i = 0; i < 7; i++)
		if (p->nspath[i][0] && (br.pathfd[i] = open(p->nspath[i], O_RDONLY | O_CLOEXEC)) < 0) {
			err_errno(e, errno, _("bundle run: could not open '%s'"), p->nspath[i]);
			goto out;
		}
	snprintf(cgname, sizeof cgname, "bundle-%s", p->name);
	if (cgfs_exists(cgname)) {
		if (cg_join_open(cgname, &br.cj, e) < 0)
			goto out;
		br.cg = true;
	}
	if (node_enter_prepare(&br.ne, p->name, 0, 0, again, false, e) < 0)
		goto out;
	struct run_spec s = {
		.argv = p->args, .mode = RUN_BACKGROUND, .label = p->name, .report_exit = true,
		.setup = child_setup, .setup_arg = &br, .on_exit = restart_child_exit,
	};
	r = run_child(&s, NULL, pid, e);
	node_enter_release(&br.ne);
out:
	if (br.cg)
		cg_join_close(&br.cj);
	for (int i = 0; i < 7; i++)
		if (br.pathfd[i] >= 0)
			close(br.pathfd[i]);
	return r;
}

/* restart's way to start a bundle's process again (restart.h). */
static int bundle_respawn(void *arg, pid_t *pid, struct err *e)
{
	return bundle_spawn(arg, true, pid, e);
}

static void bundle_plan_free(void *arg)
{
	plan_free(arg);
	free(arg);
}

int bundle_run(const char *dir, const char *name, struct err *e)
{
	struct bplan *p = calloc(1, sizeof *p);
	char cgname[40];
	bool cg = false;

	if (!p)
		return err_errno(e, ENOMEM, _("bundle '%s' cannot be read"), dir);
	if (plan_read(dir, name, p, e) < 0) {
		free(p);
		return -1;
	}
	/* The limits, checked by the cgroup code before anything is made. */
	struct cg_value v[3];
	int nv = 0;
	char val[64];
	snprintf(cgname, sizeof cgname, "bundle-%s", p->name);
	if (p->mem) {
		snprintf(val, sizeof val, "%lld", p->mem);
		if (cg_parse("memory", val, &v[nv++], e) < 0)
			goto fail;
	}
	if (p->pids) {
		snprintf(val, sizeof val, "%lld", p->pids);
		if (cg_parse("pids", val, &v[nv++], e) < 0)
			goto fail;
	}
	if (p->cpu_quota) {
		snprintf(val, sizeof val, "%lld %lld", p->cpu_quota, p->cpu_period);
		if (cg_parse("cpu", val, &v[nv++], e) < 0)
			goto fail;
	}
	if (!nv && cgfs_exists(cgname)) {
		err_set(e, _("a control group '%s' already exists"), cgname);
		err_hint(e, _("aisla would put the bundle's process in it: remove it first ('cgroup del %s')"),
			 cgname);
		goto fail;
	}
	for (int i = 0; i < 7; i++)
		if (p->nspath[i][0] && access(p->nspath[i], R_OK) < 0) {
			err_errno(e, errno, _("bundle run: could not open '%s'"), p->nspath[i]);
			goto fail;
		}
	if (p->notes[0])
		out_printf(_("bundle run: read but not applied: %s\n"), p->notes);

	struct node_spec ns = {
		.name = p->name, .mask = p->newmask,
		.map_root = p->map_root, .hostname = p->hostname[0] ? p->hostname : NULL,
	};
	if (node_create(&ns, e) < 0)
		goto fail;
	pid_t holder = 0;
	if (node_holder(p->name, &holder, e) < 0)
		goto undo;
	if (nv) {
		struct cg_plan plan;
		if (cg_add(cgname, e) < 0)
			goto undo;
		cg = true;
		for (int i = 0; i < nv; i++)	/* one plan a value (cg_plan_set starts it afresh) */
			if (cg_plan_set(cgname, &v[i], &plan, e) < 0 || cg_plan_apply(&plan, e) < 0)
				goto undo;
		if (holder && cg_attach(cgname, holder, e) < 0)
			goto undo;
	}
	pid_t pid;
	if (bundle_spawn(p, false, &pid, e) < 0)
		goto undo;
	out_printf(_("bundle '%s' running as node '%s' (namespaces %s; holder pid %d)\n"), p->dir, p->name,
		   ns_mask_names(p->newmask), (int)holder);
	/* The plan now belongs to the restart policy's record of the node. */
	restart_track_spawn(p->name, p->args, pid, bundle_respawn, p, bundle_plan_free);
	return 0;
undo: {
		struct err e2 = ERR_INIT;
		node_del(p->name, &e2);
		if (cg)
			cg_del(cgname, &e2);
	}
fail:
	bundle_plan_free(p);
	return -1;
}
