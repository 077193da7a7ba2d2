/* bundle.c: `bundle NODE DIR`: a node described as an OCI runtime bundle
 * (config.json written with json-c, rootfs from rootfs.h), and the
 * journal kind of bundle directories (see bundle.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <json-c/json.h>
#include "bundle.h"
#include "node.h"
#include "restart.h"
#include "rootfs.h"
#include "../shell/i18n.h"
#include "../shell/journal.h"
#include "../shell/run.h"
#include "../shell/kernel/cgroupfs.h"

#define BUNDLE_PATH "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

static json_object *jstr(const char *s)
{
	return json_object_new_string(s);
}

static json_object *jint(long long v)
{
	return json_object_new_int64(v);
}

/* {"type": T[, "path": P]} */
static json_object *jns(const char *type, const char *path)
{
	json_object *o = json_object_new_object();
	json_object_object_add(o, "type", jstr(type));
	if (path)
		json_object_object_add(o, "path", jstr(path));
	return o;
}

static json_object *jmount(const char *dest, const char *type, const char *src, const char *const *opts)
{
	json_object *o = json_object_new_object(), *a = json_object_new_array();
	json_object_object_add(o, "destination", jstr(dest));
	json_object_object_add(o, "type", jstr(type));
	json_object_object_add(o, "source", jstr(src));
	for (int i = 0; opts && opts[i]; i++)
		json_object_array_add(a, jstr(opts[i]));
	json_object_object_add(o, "options", a);
	return o;
}

/* The id maps of a process: "0 0 1" lines of /proc/PID/{uid,gid}_map. */
static json_object *jmaps(pid_t pid, const char *which)
{
	char p[64], line[128];
	json_object *a = json_object_new_array();
	snprintf(p, sizeof p, "/proc/%d/%s", (int)pid, which);
	FILE *f = fopen(p, "re");
	for (int n = 0; f && n < 32 && fgets(line, sizeof line, f); n++) {
		unsigned long long in, out, len;
		if (sscanf(line, "%llu %llu %llu", &in, &out, &len) != 3)
			continue;
		json_object *m = json_object_new_object();
		json_object_object_add(m, "containerID", jint((long long)in));
		json_object_object_add(m, "hostID", jint((long long)out));
		json_object_object_add(m, "size", jint((long long)len));
		json_object_array_add(a, m);
	}
	if (f)
		fclose(f);
	return a;
}

/* The aisla cgroup a process is in ("" if none): the component after
 * aisla's subtree in /proc/PID/cgroup. */
static void node_cgroup(pid_t pid, char *name, size_t sz)
{
	char p[64], line[1024];
	const char *sub = cgfs_subtree_dir();
	const char *base = sub ? strrchr(sub, '/') : NULL;
	char needle[80];

	name[0] = '\0';
	snprintf(needle, sizeof needle, "/%s/", base ? base + 1 : "aisla");
	snprintf(p, sizeof p, "/proc/%d/cgroup", (int)pid);
	FILE *f = fopen(p, "re");
	while (f && fgets(line, sizeof line, f)) {
		char *s = strstr(line, needle);
		if (!s)
			continue;
		s += strlen(needle);
		size_t n = strcspn(s, "/\n");
		if (n && n < sz) {
			memcpy(name, s, n);
			name[n] = '\0';
			break;
		}
	}
	if (f)
		fclose(f);
}

/* Build config.json for NODE. id: the annotation (NULL for explain). */
static json_object *bundle_config(const struct node_info *ni, char *const *argv, const char *id)
{
	json_object *root = json_object_new_object();
	json_object_object_add(root, "ociVersion", jstr("1.0.2"));

	/* process */
	json_object *proc = json_object_new_object(), *args = json_object_new_array();
	json_object_object_add(proc, "terminal", json_object_new_boolean(0));
	json_object *user = json_object_new_object();
	json_object_object_add(user, "uid", jint(0));
	json_object_object_add(user, "gid", jint(0));
	json_object_object_add(proc, "user", user);
	char *const *cmd = argv && argv[0] ? argv : restart_cmd_argv(ni->name);
	if (cmd && cmd[0])
		for (int i = 0; cmd[i]; i++)
			json_object_array_add(args, jstr(cmd[i]));
	else
		json_object_array_add(args, jstr("sh"));
	json_object_object_add(proc, "args", args);
	json_object *env = json_object_new_array();
	json_object_array_add(env, jstr(BUNDLE_PATH));
	json_object_array_add(env, jstr("TERM=xterm"));
	json_object_array_add(env, jstr("HOME=/root"));
	json_object_object_add(proc, "env", env);
	json_object_object_add(proc, "cwd", jstr("/"));
	struct rlimit rl;
	json_object *rls = json_object_new_array();
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
		json_object *r = json_object_new_object();
		json_object_object_add(r, "type", jstr("RLIMIT_NOFILE"));
		json_object_object_add(r, "hard", jint((long long)rl.rlim_max));
		json_object_object_add(r, "soft", jint((long long)rl.rlim_cur));
		json_object_array_add(rls, r);
	}
	json_object_object_add(proc, "rlimits", rls);
	json_object_object_add(proc, "noNewPrivileges", json_object_new_boolean(1));
	json_object_object_add(root, "process", proc);

	json_object *rt = json_object_new_object();
	json_object_object_add(rt, "path", jstr("rootfs"));
	json_object_object_add(rt, "readonly", json_object_new_boolean(0));
	json_object_object_add(root, "root", rt);
	json_object_object_add(root, "hostname", jstr(ni->hostname[0] ? ni->hostname : ni->name));

	json_object *mounts = json_object_new_array();
	json_object_array_add(mounts, jmount("/proc", "proc", "proc",
					     (const char *[]){ "nosuid", "noexec", "nodev", NULL }));
	json_object_array_add(mounts, jmount("/dev", "tmpfs", "tmpfs",
					     (const char *[]){ "nosuid", "strictatime", "mode=755", "size=65536k", NULL }));
	json_object_array_add(mounts, jmount("/tmp", "tmpfs", "tmpfs",
					     (const char *[]){ "nosuid", "nodev", "mode=1777", NULL }));
	json_object_object_add(root, "mounts", mounts);

	/* linux: the node's network joined by path, the rest new. */
	json_object *lin = json_object_new_object(), *nss = json_object_new_array();
	json_object_array_add(nss, jns("pid", NULL));
	if (ni->netns_mount) {
		char p[sizeof NETNS_DIR + NODE_NAME_MAX + 2];
		snprintf(p, sizeof p, NETNS_DIR "/%s", ni->name);
		json_object_array_add(nss, jns("network", p));
	}
	json_object_array_add(nss, jns("ipc", NULL));
	json_object_array_add(nss, jns("uts", NULL));
	json_object_array_add(nss, jns("mount", NULL));
	if ((ni->mask & NS_CGROUP))
		json_object_array_add(nss, jns("cgroup", NULL));
	if ((ni->mask & NS_USER) && ni->holder) {
		json_object_array_add(nss, jns("user", NULL));
		json_object_object_add(lin, "uidMappings", jmaps(ni->holder, "uid_map"));
		json_object_object_add(lin, "gidMappings", jmaps(ni->holder, "gid_map"));
	}
	json_object_object_add(lin, "namespaces", nss);

	char cg[64];
	struct cgfs_group g;
	if (ni->holder)
		node_cgroup(ni->holder, cg, sizeof cg);
	else
		cg[0] = '\0';
	if (cg[0] && cgfs_read(cg, &g) == 0) {
		json_object *res = json_object_new_object();
		if (g.mem_max > 0) {
			json_object *m = json_object_new_object();
			json_object_object_add(m, "limit", jint(g.mem_max));
			json_object_object_add(res, "memory", m);
		}
		if (g.pids_max > 0) {
			json_object *m = json_object_new_object();
			json_object_object_add(m, "limit", jint(g.pids_max));
			json_object_object_add(res, "pids", m);
		}
		if (g.cpu_quota_us > 0 && g.cpu_period_us > 0) {
			json_object *m = json_object_new_object();
			json_object_object_add(m, "quota", jint(g.cpu_quota_us));
			json_object_object_add(m, "period", jint(g.cpu_period_us));
			json_object_object_add(res, "cpu", m);
		}
		json_object_object_add(lin, "resources", res);
		char cp[96];
		snprintf(cp, sizeof cp, "/aisla-bundle-%s", ni->name);
		json_object_object_add(lin, "cgroupsPath", jstr(cp));
	}
	json_object_object_add(root, "linux", lin);
	if (id) {
		json_object *an = json_object_new_object();
		json_object_object_add(an, "org.aisla.id", jstr(id));
		json_object_object_add(an, "org.aisla.node", jstr(ni->name));
		json_object_object_add(root, "annotations", an);
	}
	return root;
}

char *bundle_json(const char *node, const char *dir, char *const *argv, struct err *e)
{
	struct node_info ni;
	(void)dir;

	if (node_get_alive(node, &ni, e) < 0)
		return NULL;
	json_object *o = bundle_config(&ni, argv, NULL);
	char *s = strdup(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
	return s;
}

/* Is dir absent (0), an empty directory (1)? Else an error. */
static int bundle_dir_free(const char *dir, struct err *e)
{
	struct stat st;

	if (lstat(dir, &st) < 0) {
		if (errno == ENOENT)
			return 0;
		return err_errno(e, errno, _("could not read '%s'"), dir);
	}
	if (!S_ISDIR(st.st_mode)) {
		err_set(e, _("'%s' exists and is not a directory"), dir);
		return err_hint(e, _("a bundle goes into a new or empty directory: choose another name"));
	}
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	struct dirent *de;
	int n = 0;
	while (d && (de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			n++;
	if (d)
		closedir(d);
	else if (fd >= 0)
		close(fd);
	if (n) {
		err_set(e, _("'%s' already exists and is not empty"), dir);
		return err_hint(e, _("a bundle goes into a new or empty directory: aisla never writes over "
				     "files it did not make; choose another name"));
	}
	return 1;
}

/* Undo a rootfs that bundle_write built, through its own journal kind. */
static void drop_rootfs(const char *path)
{
	struct jrec r;
	struct err e = ERR_INIT;
	const struct journal_kind *k = journal_kind_find("rootfs");

	if (k && journal_find("rootfs", path, &r) == 0 && k->undo(&r, &e) != UNDO_FAILED)
		journal_undone(r.seq, &e);
}

int bundle_write(const char *node, const char *dir_arg, char *const *argv, struct err *e)
{
	struct node_info ni;
	char dir[PATH_MAX], rootfs[PATH_MAX + 8], cfg[PATH_MAX + 16], id[20];
	unsigned char rnd[6];
	bool made = false;

	if (node_get_alive(node, &ni, e) < 0)
		return -1;
	int st = bundle_dir_free(dir_arg, e);
	if (st < 0)
		return -1;
	if (getrandom(rnd, sizeof rnd, 0) != (ssize_t)sizeof rnd)
		return err_errno(e, errno, _("could not make an id for the bundle"));
	snprintf(id, sizeof id, "%02x%02x%02x%02x%02x%02x", rnd[0], rnd[1], rnd[2], rnd[3], rnd[4], rnd[5]);
	if (!st) {
		if (mkdir(dir_arg, 0755) < 0)
			return err_errno(e, errno, _("could not create '%s'"), dir_arg);
		made = true;
	}
	if (!realpath(dir_arg, dir)) {
		int saved = errno;
		if (made)
			rmdir(dir_arg);
		return err_errno(e, saved, _("could not read '%s'"), dir_arg);
	}
	char k0[32], k1[40];
	unsigned long seq;
	snprintf(k0, sizeof k0, "made=%d", made);
	snprintf(k1, sizeof k1, "id=%s", id);
	if (journal_intent("bundle", dir, JKV(k0, k1), &seq, e) < 0) {
		if (made)
			rmdir(dir);
		return -1;
	}
	snprintf(rootfs, sizeof rootfs, "%s/rootfs", dir);
	snprintf(cfg, sizeof cfg, "%s/config.json", dir);
	if (rootfs_build(rootfs, NULL, e) < 0)
		goto fail;
	if (ni.root[0]) {
		/* The node's own root over the busybox one. */
		char src[PATH_MAX + 4];
		snprintf(src, sizeof src, "%s/.", ni.root);
		char a0[] = "cp", a1[] = "-a";
		char *cp[] = { a0, a1, src, rootfs, NULL };
		struct run_spec s = { .argv = cp, .mode = RUN_CAPTURE };
		int status;
		if (run_child(&s, &status, NULL, e) < 0)
			goto fail;
		if (status) {
			err_set(e, _("could not copy the root of node '%s' (%s) into '%s'"), node, ni.root, rootfs);
			goto fail;
		}
	}
	json_object *o = bundle_config(&ni, argv, id);
	int fd = open(cfg, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	const char *text = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE);
	size_t len = strlen(text);
	bool ok = fd >= 0 && write(fd, text, len) == (ssize_t)len && write(fd, "\n", 1) == 1;
	int saved = errno;
	if (fd >= 0)
		close(fd);
	json_object_put(o);
	if (!ok) {
		err_errno(e, saved, _("could not write '%s'"), cfg);
		unlink(cfg);
		goto fail;
	}
	return journal_done(seq, NULL, e);
fail: {
		struct err e2 = ERR_INIT;
		drop_rootfs(rootfs);
		if (made)
			rmdir(dir);
		journal_abort(seq, &e2);
		return -1;
	}
}

/* ---- the journal kind ---- */

/* The annotation org.aisla.id of DIR/config.json ("" if none). */
static void config_id(const char *dir, char *id, size_t sz)
{
	char p[PATH_MAX + 16];
	id[0] = '\0';
	snprintf(p, sizeof p, "%s/config.json", dir);
	json_object *o = json_object_from_file(p), *an, *v;
	if (o && json_object_object_get_ex(o, "annotations", &an) &&
	    json_object_object_get_ex(an, "org.aisla.id", &v) && json_object_is_type(v, json_type_string))
		snprintf(id, sz, "%s", json_object_get_string(v));
	json_object_put(o);
}

static enum undo_result bundle_undo(const struct jrec *r, struct err *e)
{
	char got[40], p[PATH_MAX + 16];
	const char *id = jrec_get(r, "id");
	struct stat st;

	if (lstat(r->name, &st) < 0)
		return UNDO_GONE;
	snprintf(p, sizeof p, "%s/config.json", r->name);
	config_id(r->name, got, sizeof got);
	if (!got[0] && access(p, F_OK) == 0)
		return UNDO_FOREIGN;	/* a config.json not ours */
	if (got[0] && (!id || strcmp(id, got)))
		return UNDO_FOREIGN;
	if (got[0] && unlink(p) < 0) {
		err_errno(e, errno, _("cannot remove '%s'"), p);
		return UNDO_FAILED;
	}
	if (jrec_get_ll(r, "made", 0) && rmdir(r->name) < 0) {
		err_errno(e, errno, _("cannot remove the directory '%s'"), r->name);
		return UNDO_FAILED;
	}
	return UNDO_DONE;
}

const struct journal_kind bundle_kind = {
	.name = "bundle",
	.undo = bundle_undo,
	.describe = N_("OCI bundle '%s'"),
};
