/* node.c: nodes, the named sets of namespaces aisla makes (see node.h).
 *
 * Where a node lives:
 *   - /run/netns/NAME      bind mount of its network namespace, exactly as
 *                          `ip netns add` makes it (iproute2 compatible);
 *   - journal_dir()/nodes/NAME   state written by the holder's maker: the
 *                          holder pid + start time, namespace mask, root,
 *                          hostname and an identity token shared with the
 *                          journal record;
 *   - the holder process, which keeps every other namespace alive.
 * Everything else (inodes, processes) is read from the kernel.
 *
 * Journal kinds (ns_kinds[]): "node" (holder + state), "netns" (a bind
 * mount under /run/netns), "netnsdir" (the shared self bind mount of
 * /run/netns that iproute2 also makes), "rootfs" (a tree built by rootfs).
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "node.h"
#include "holder.h"
#include "nl.h"
#include "rootfs.h"
#include "../shell/complete.h"
#include "../shell/i18n.h"
#include "../shell/journal.h"
#include "../shell/run.h"
#include "../shell/world/world.h"

#define NETNS_DIR "/run/netns"

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif

static const char *const ns_names[7] = { "net", "pid", "user", "mnt", "uts", "ipc", "cgroup" };

const char *node_ns_name(int i)
{
	return i >= 0 && i < 7 ? ns_names[i] : "?";
}

const char *node_mask_flags(unsigned mask)
{
	static char buf[64];
	static const char letters[] = "npUmuiC";
	buf[0] = 0;
	for (int i = 0; i < 7; i++)
		if (mask & (1u << i)) {
			size_t l = strlen(buf);
			snprintf(buf + l, sizeof buf - l, "%s-%c", l ? " " : "", letters[i]);
		}
	return buf;
}

const char *node_mask_names(unsigned mask)
{
	static char buf[64];
	buf[0] = 0;
	for (int i = 0; i < 7; i++)
		if (mask & (1u << i)) {
			size_t l = strlen(buf);
			snprintf(buf + l, sizeof buf - l, "%s%s", l ? "," : "", ns_names[i]);
		}
	return buf;
}

int node_name_valid(const char *name, struct err *e)
{
	size_t n = strlen(name);
	if (n == 0 || n > NODE_NAME_MAX || name[0] == '-' || name[0] == '.') {
		err_set(e, _("invalid node name '%s'"), name);
		return err_hint(e, _("a node name has 1 to 15 characters among letters, digits, "
				     "'_', '.' and '-', and does not start with '-' or '.'"));
	}
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)name[i]) && !strchr("_.-", name[i])) {
			err_set(e, _("invalid node name '%s'"), name);
			return err_hint(e, _("a node name has 1 to 15 characters among letters, "
					     "digits, '_', '.' and '-', and does not start with "
					     "'-' or '.'"));
		}
	return 0;
}

static void state_dir(char *buf, size_t sz)
{
	snprintf(buf, sz, "%s/nodes", journal_dir());
}

static void state_path(const char *name, char *buf, size_t sz)
{
	snprintf(buf, sz, "%s/nodes/%s", journal_dir(), name);
}

/* Inode of a namespace link (/proc/PID/ns/X or a bind mount), 0 if none. */
static unsigned long ns_inode(const char *path)
{
	struct stat st;
	if (stat(path, &st) < 0)
		return 0;
	return (unsigned long)st.st_ino;
}

/* Is path an nsfs file (a namespace bind mount)? */
static bool is_nsfs(const char *path)
{
	/* A bind-mounted namespace is an nsfs inode: its device differs
	 * from the placeholder file's (the directory's). */
	struct stat st, dir;
	if (stat(path, &st) < 0 || stat(NETNS_DIR, &dir) < 0)
		return false;
	return st.st_dev != dir.st_dev;
}

static unsigned long pid_ns_inode(pid_t pid, int i)
{
	char p[64];
	snprintf(p, sizeof p, "/proc/%d/ns/%s", (int)pid, ns_names[i]);
	return ns_inode(p);
}

/* Parse the state file of a node. */
static int state_read(const char *name, struct node_info *ni)
{
	char path[PATH_MAX], line[512];
	state_path(name, path, sizeof path);
	/* Only a file nobody else could have written is believed. */
	int fd = journal_open_trusted(path);
	FILE *f = fd >= 0 ? fdopen(fd, "re") : NULL;
	if (!f) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	while (fgets(line, sizeof line, f)) {
		line[strcspn(line, "\n")] = 0;
		char *v = strchr(line, '=');
		if (!v)
			continue;
		*v++ = 0;
		if (!strcmp(line, "id"))
			snprintf(ni->id, sizeof ni->id, "%s", v);
		else if (!strcmp(line, "holder"))
			ni->holder = (pid_t)atoi(v);
		else if (!strcmp(line, "start"))
			ni->start = strtoull(v, NULL, 10);
		else if (!strcmp(line, "mask"))
			ni->mask = (unsigned)strtoul(v, NULL, 10);
		else if (!strcmp(line, "root"))
			snprintf(ni->root, sizeof ni->root, "%s", v);
		else if (!strcmp(line, "hostname"))
			snprintf(ni->hostname, sizeof ni->hostname, "%s", v);
	}
	fclose(f);
	ni->aisla = true;
	return 0;
}

static int unknown_node(const char *name, struct err *e)
{
	err_set(e, _("unknown node '%s'"), name);
	return err_hint(e, _("create it with `netns add %s` (network only) or `unshare -n -p %s`; "
			     "`node list` shows the nodes"), name, name);
}

/* Is there a live "netns" record of that name? The names are cached and
 * reloaded only when the journal file changes: node_get runs for every
 * node each time the panes redraw. */
static bool netns_journaled(const char *name)
{
	static char path_c[PATH_MAX];
	static struct timespec mt;
	static off_t size = -1;
	static char (*names)[NODE_NAME_MAX + 1];
	static size_t nnames;
	char path[PATH_MAX];
	struct stat st;

	snprintf(path, sizeof path, "%s/journal", journal_dir());
	if (stat(path, &st) < 0)
		return false;
	if (strcmp(path, path_c) || st.st_size != size || st.st_mtim.tv_sec != mt.tv_sec ||
	    st.st_mtim.tv_nsec != mt.tv_nsec) {
		struct jrec *recs;
		size_t n;
		struct err e = ERR_INIT;
		free(names);
		names = NULL;
		nnames = 0;
		if (journal_load(&recs, &n, &e) < 0)
			return false;
		names = calloc(n ? n : 1, sizeof *names);
		for (size_t i = 0; names && i < n; i++)
			if (!strcmp(recs[i].kind, "netns"))
				snprintf(names[nnames++], sizeof names[0], "%.15s", recs[i].name);
		free(recs);
		snprintf(path_c, sizeof path_c, "%s", path);
		size = st.st_size;
		mt = st.st_mtim;
	}
	for (size_t i = 0; i < nnames; i++)
		if (!strcmp(names[i], name))
			return true;
	return false;
}

int node_get(const char *name, struct node_info *ni, struct err *e)
{
	char p[PATH_MAX];
	memset(ni, 0, sizeof *ni);
	if (node_name_valid(name, e) < 0)
		return -1;
	snprintf(ni->name, sizeof ni->name, "%s", name);
	if (!strcmp(name, "host")) {
		for (int i = 0; i < 7; i++)
			ni->ns[i] = pid_ns_inode(getpid(), i);
		ni->alive = true;
		return 0;
	}
	bool st = state_read(name, ni) == 0;
	snprintf(p, sizeof p, NETNS_DIR "/%s", name);
	ni->netns_mount = access(p, F_OK) == 0 && is_nsfs(p);
	if (!st && !ni->netns_mount)
		return unknown_node(name, e);
	if (st) {
		ni->alive = holder_alive(ni->holder, ni->start);
		if (ni->alive)
			for (int i = 0; i < 7; i++)
				if (ni->mask & (1u << i))
					ni->ns[i] = pid_ns_inode(ni->holder, i);
	} else {
		ni->mask = NS_NET;
		ni->alive = true;
		ni->aisla = netns_journaled(name);
	}
	if (ni->netns_mount) {
		ni->ns[0] = ns_inode(p);
		ni->mask |= NS_NET;
	}
	return 0;
}

int node_get_alive(const char *name, struct node_info *ni, struct err *e)
{
	if (node_get(name, ni, e) < 0)
		return -1;
	if (ni->holder && !ni->alive) {
		err_set(e, _("the holder of node '%s' (pid %d) is no longer running: its "
			     "namespaces are gone"), name, (int)ni->holder);
		return err_hint(e, _("remove what is left with `node del %s` and create it again"),
				name);
	}
	return 0;
}

bool node_exists(const char *name)
{
	char p[PATH_MAX];
	struct err e = ERR_INIT;
	if (node_name_valid(name, &e) < 0)
		return false;
	if (!strcmp(name, "host"))
		return true;
	snprintf(p, sizeof p, NETNS_DIR "/%s", name);
	if (access(p, F_OK) == 0)
		return true;
	state_path(name, p, sizeof p);
	return access(p, F_OK) == 0;
}

int node_name_free(const char *name, struct err *e)
{
	char p[PATH_MAX];
	if (node_name_valid(name, e) < 0)
		return -1;
	if (!strcmp(name, "host")) {
		err_set(e, _("the name '%s' is reserved"), name);
		return err_hint(e, _("'host' names the namespaces aisla itself runs in; choose "
				     "another name"));
	}
	state_path(name, p, sizeof p);
	if (access(p, F_OK) == 0) {
		err_set(e, _("there is already a node called '%s'"), name);
		return err_hint(e, _("choose another name, or remove it first with `node del %s`"),
				name);
	}
	snprintf(p, sizeof p, NETNS_DIR "/%s", name);
	if (access(p, F_OK) == 0) {
		err_set(e, _("the name '%s' is already used by a network namespace of ip netns"),
			name);
		return err_hint(e, _("`ip netns list` shows it; choose another name, or remove it "
				     "with `node del %s` (or `ip netns del %s`)"), name, name);
	}
	return 0;
}

int node_netns_fd(const char *name, int *fd, struct err *e)
{
	char p[PATH_MAX];
	struct node_info ni;
	if (!strcmp(name, "host")) {
		snprintf(p, sizeof p, "/proc/self/ns/net");
	} else {
		if (node_get_alive(name, &ni, e) < 0)
			return -1;
		if (ni.netns_mount)
			snprintf(p, sizeof p, NETNS_DIR "/%s", name);
		else
			snprintf(p, sizeof p, "/proc/%d/ns/net", (int)ni.holder);
	}
	*fd = open(p, O_RDONLY | O_CLOEXEC);
	if (*fd < 0)
		return err_errno(e, errno, _("could not open the network namespace of '%s'"), name);
	return 0;
}

int node_holder(const char *name, pid_t *pid, struct err *e)
{
	struct node_info ni;
	if (node_get_alive(name, &ni, e) < 0)
		return -1;
	*pid = ni.holder;
	return 0;
}

/* Processes whose namespace i has inode ns[i] for some i. */
static int scan_by_ns(const unsigned long ns[7], pid_t **out, size_t *n)
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
			unsigned long ino = pid_ns_inode(pid, i);
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

/* The namespaces that identify a node's processes: its own, minus the
 * host's (a netns-only node made by someone else has only net). */
static void node_ident_ns(const struct node_info *ni, unsigned long ns[7])
{
	for (int i = 0; i < 7; i++) {
		ns[i] = ni->ns[i];
		if (ns[i] && ns[i] == pid_ns_inode(getpid(), i))
			ns[i] = 0;
	}
}

int node_pids(const char *name, pid_t **pids, size_t *n, struct err *e)
{
	struct node_info ni;
	unsigned long ns[7];
	*pids = NULL;
	*n = 0;
	if (node_get(name, &ni, e) < 0)
		return -1;
	if (!strcmp(name, "host"))
		return 0;
	node_ident_ns(&ni, ns);
	if (scan_by_ns(ns, pids, n) < 0)
		return err_errno(e, errno, _("could not read '%s'"), "/proc");
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

static int scan_net_cached(unsigned long ino, pid_t **out, size_t *n)
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
			netcache.ino[netcache.n] = pid_ns_inode(pid, 0);
			netcache.n++;
		}
		closedir(d);
		clock_gettime(CLOCK_MONOTONIC, &netcache.at);
	}
	for (size_t i = 0; i < netcache.n; i++) {
		if (netcache.ino[i] != ino || pid_ns_inode(netcache.pid[i], 0) != ino)
			continue;
		pid_t *np = realloc(*out, (*n + 1) * sizeof *np);
		if (!np)
			break;
		*out = np;
		(*out)[(*n)++] = netcache.pid[i];
	}
	return 0;
}

int node_kill_by_ns(const unsigned long ns[7], struct err *e)
{
	int total = 0;
	(void)e;
	bool any = false, net_only = ns[0] != 0;
	for (int i = 0; i < 7; i++) {
		any |= ns[i] != 0;
		if (i && ns[i])
			net_only = false;
	}
	if (!any)
		return 0;
	for (int round = 0; round < 100; round++) {
		pid_t *pids;
		size_t n;
		/* the first look may use the snapshot; after a kill, the truth */
		if (round == 0 && net_only ? scan_net_cached(ns[0], &pids, &n) < 0
					   : scan_by_ns(ns, &pids, &n) < 0)
			break;
		for (size_t i = 0; i < n; i++)
			if (kill(pids[i], SIGKILL) == 0 && round == 0)
				total++;
		free(pids);
		if (n == 0)
			break;
		usleep(round < 10 ? 5000 : 20000);
	}
	return total;
}

int node_signal(const char *name, int sig, int *count, struct err *e)
{
	pid_t *pids;
	size_t n;
	*count = 0;
	if (node_pids(name, &pids, &n, e) < 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (kill(pids[i], sig) == 0)
			(*count)++;
	free(pids);
	return 0;
}

/* Collect names for node_foreach. */
struct namelist {
	char (*v)[NODE_NAME_MAX + 1];
	size_t n, cap;
};

static void namelist_add(struct namelist *l, const char *name)
{
	struct err e = ERR_INIT;
	if (node_name_valid(name, &e) < 0)
		return;
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->v[i], name))
			return;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		void *nv = realloc(l->v, cap * sizeof *l->v);
		if (!nv)
			return;
		l->v = nv;
		l->cap = cap;
	}
	snprintf(l->v[l->n++], NODE_NAME_MAX + 1, "%s", name);
}

static void namelist_dir(struct namelist *l, const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.' || strstr(de->d_name, ".tmp"))
			continue;
		namelist_add(l, de->d_name);
	}
	closedir(d);
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(a, b);
}

void node_foreach(void (*fn)(const char *name, void *arg), void *arg)
{
	struct namelist l = { 0 };
	char sd[PATH_MAX];
	state_dir(sd, sizeof sd);
	namelist_dir(&l, sd);
	namelist_dir(&l, NETNS_DIR);
	if (l.n)
		qsort(l.v, l.n, sizeof *l.v, cmp_name);
	for (size_t i = 0; i < l.n; i++)
		fn(l.v[i], arg);
	free(l.v);
}

bool node_word_is_pid(const char *word)
{
	if (!*word)
		return false;
	for (const char *c = word; *c; c++)
		if (!isdigit((unsigned char)*c))
			return false;
	return true;
}

int node_or_pid(const char *word, char *node_out, size_t nsz, pid_t *pid, struct err *e)
{
	if (nsz)
		node_out[0] = 0;
	if (node_word_is_pid(word)) {
		char *end;
		long v = strtol(word, &end, 10);
		if (*end || v <= 0 || v > INT_MAX) {
			err_set(e, _("'%s' is neither a node nor a process number"), word);
			return err_hint(e, _("`node list` shows the nodes, `ps` the processes"));
		}
		char p[64];
		snprintf(p, sizeof p, "/proc/%ld", v);
		if (access(p, F_OK) < 0) {
			err_set(e, _("there is no process with pid %ld"), v);
			return err_hint(e, _("`ps` shows the processes and their pids"));
		}
		*pid = (pid_t)v;
		return 0;
	}
	struct node_info ni;
	if (node_get_alive(word, &ni, e) < 0)
		return -1;
	if (nsz)
		snprintf(node_out, nsz, "%s", word);
	*pid = ni.holder;
	return 0;
}

/* ---- /run/netns, as iproute2 makes it ---- */

/* Make /run/netns a shared mount point (iproute2's netns_add does the
 * same: mount --make-shared, or bind it on itself first). Journals the
 * self bind mount when it makes one. */
static int netns_dir_prepare(struct err *e)
{
	bool made_dir = false;
	if (mkdir(NETNS_DIR, 0755) == 0)
		made_dir = true;
	else if (errno != EEXIST)
		return err_errno(e, errno, _("could not create '%s'"), NETNS_DIR);
	if (mount("", NETNS_DIR, "none", MS_SHARED | MS_REC, NULL) == 0)
		return 0;
	if (errno != EINVAL)
		return err_errno(e, errno, _("could not make '%s' a shared mount point"), NETNS_DIR);
	unsigned long seq;
	if (journal_intent("netnsdir", NETNS_DIR, JKV(made_dir ? "made_dir=1" : "made_dir=0"),
			   &seq, e) < 0)
		return -1;
	if (mount(NETNS_DIR, NETNS_DIR, "none", MS_BIND | MS_REC, NULL) < 0 ||
	    mount("", NETNS_DIR, "none", MS_SHARED | MS_REC, NULL) < 0) {
		int saved = errno;
		umount2(NETNS_DIR, MNT_DETACH);
		struct err e2 = ERR_INIT;
		journal_abort(seq, &e2);
		return err_errno(e, saved, _("could not make '%s' a shared mount point"), NETNS_DIR);
	}
	char ino[48];
	snprintf(ino, sizeof ino, "ino=%lu", ns_inode(NETNS_DIR));
	return journal_done(seq, JKV(ino), e);
}

/* Bind-mount the netns of pid (0: a new one made by a child) onto
 * /run/netns/NAME. The placeholder file is created first, as ip does. */
static int netns_bind(const char *name, pid_t pid, struct err *e)
{
	char path[PATH_MAX];
	snprintf(path, sizeof path, NETNS_DIR "/%s", name);
	int fd = open(path, O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0);
	if (fd < 0) {
		if (errno == EEXIST)
			return node_name_free(name, e);
		return err_errno(e, errno, _("could not create '%s'"), path);
	}
	close(fd);
	if (pid > 0) {
		char src[64];
		snprintf(src, sizeof src, "/proc/%d/ns/net", (int)pid);
		if (mount(src, path, "none", MS_BIND, NULL) < 0) {
			int saved = errno;
			unlink(path);
			return err_errno(e, saved, _("could not bind-mount the network namespace "
						     "at '%s'"), path);
		}
		return 0;
	}
	/* A short helper thread makes the new netns and bind-mounts its
	 * own /proc/thread-self/ns/net (in a thread /proc/self would be the
	 * process's, i.e. the host's), as architecture.md says; nl.c's
	 * nl_netns_create() does it and keeps a socket in it for later. */
	int step = 0, en = 0;
	if (nl_netns_create(name, path, &step, &en) < 0) {
		umount2(path, MNT_DETACH);
		unlink(path);
		if (step == 1)
			return node_ns_errno(e, en, CLONE_NEWNET, name);
		return err_errno(e, en, _("could not bind-mount the network namespace at '%s'"),
				 path);
	}
	return 0;
}

static void netns_unbind(const char *name)
{
	char path[PATH_MAX];
	/* an open socket there would keep the netns (and its veths) alive */
	nl_forget_netns(name);
	snprintf(path, sizeof path, NETNS_DIR "/%s", name);
	umount2(path, MNT_DETACH);
	unlink(path);
}

static void make_id(char *buf, size_t sz)
{
	unsigned char r[8];
	if (getrandom(r, sizeof r, 0) != (ssize_t)sizeof r)
		for (size_t i = 0; i < sizeof r; i++)
			r[i] = (unsigned char)(rand() ^ getpid() >> i);
	snprintf(buf, sz, "%02x%02x%02x%02x%02x%02x%02x%02x",
		 r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7]);
}

int node_netns_add(const char *name, struct err *e)
{
	unsigned long seq;
	char kvp[PATH_MAX + 8], kvi[48];
	if (node_name_free(name, e) < 0)
		return -1;
	if (netns_dir_prepare(e) < 0)
		return -1;
	snprintf(kvp, sizeof kvp, "path=" NETNS_DIR "/%s", name);
	if (journal_intent("netns", name, JKV(kvp), &seq, e) < 0)
		return -1;
	if (netns_bind(name, 0, e) < 0) {
		struct err e2 = ERR_INIT;
		journal_abort(seq, &e2);
		return -1;
	}
	snprintf(kvi, sizeof kvi, "ino=%lu", ns_inode(kvp + 5));
	if (journal_done(seq, JKV(kvi), e) < 0)
		return -1;
	world_changed(WORLD_NETNS | WORLD_NODES);
	return 0;
}

/* For the crash tests: AISLA_TEST_STALL=WHERE makes aisla stop at that
 * point of node creation (and wait to be killed). */
static void test_stall(const char *where)
{
	const char *w = getenv("AISLA_TEST_STALL");
	if (w && !strcmp(w, where))
		for (;;)
			pause();
}

int node_create(const struct node_spec *s, struct err *e)
{
	char sp[PATH_MAX], sd[PATH_MAX], id[40], root[PATH_MAX];
	char kv_ns[32], kv_id[64], kv_state[PATH_MAX + 8];
	unsigned long seq;
	unsigned mask = s->mask;
	pid_t pid;
	unsigned long long start;

	if (node_name_free(s->name, e) < 0)
		return -1;
	if (mask & NS_PID)
		mask |= NS_MNT;
	if (s->hostname)
		mask |= NS_UTS;
	if (s->map_root)
		mask |= NS_USER;
	root[0] = 0;
	if (s->root) {
		struct stat st;
		if (!realpath(s->root, root) || stat(root, &st) < 0 || !S_ISDIR(st.st_mode)) {
			err_errno(e, errno ? errno : ENOTDIR, _("'%s' is not a directory"), s->root);
			return err_hint(e, _("build a root filesystem first with `rootfs %s`"), s->root);
		}
	}
	state_dir(sd, sizeof sd);
	if (journal_mkdir(journal_dir(), e) < 0 || journal_mkdir(sd, e) < 0)
		return -1;
	state_path(s->name, sp, sizeof sp);
	make_id(id, sizeof id);
	snprintf(kv_ns, sizeof kv_ns, "mask=%u", mask);
	snprintf(kv_id, sizeof kv_id, "id=%s", id);
	snprintf(kv_state, sizeof kv_state, "state=%s", sp);
	/* /run/netns needs root in the initial user namespace: a rootless
	 * node (-U -r as a user) is reached through its holder only. */
	bool bind = (mask & NS_NET) && geteuid() == 0;
	if (bind && netns_dir_prepare(e) < 0)
		return -1;
	if (journal_intent("node", s->name, JKV(kv_ns, kv_id, kv_state), &seq, e) < 0)
		return -1;
	struct holder_spec hs = {
		.name = s->name, .mask = mask, .map_root = s->map_root,
		.hostname = s->hostname, .root = root[0] ? root : NULL,
		.state_path = sp, .id = id,
	};
	if (holder_start(&hs, &pid, &start, e) < 0) {
		struct err e2 = ERR_INIT;
		journal_abort(seq, &e2);
		return -1;
	}
	test_stall("node-holder");
	char kv_pid[32], kv_start[48], kv_ino[7][48];
	snprintf(kv_pid, sizeof kv_pid, "holder=%d", (int)pid);
	snprintf(kv_start, sizeof kv_start, "start=%llu", start);
	for (int i = 0; i < 7; i++)
		snprintf(kv_ino[i], sizeof kv_ino[i], "%s=%lu", ns_names[i],
			 (mask & (1u << i)) ? pid_ns_inode(pid, i) : 0UL);
	if (journal_done(seq, JKV(kv_pid, kv_start, kv_ino[0], kv_ino[1], kv_ino[2], kv_ino[3],
				  kv_ino[4], kv_ino[5], kv_ino[6]), e) < 0)
		goto undo;
	if (bind) {
		unsigned long nseq;
		char kvp[PATH_MAX + 8], kvi[48];
		snprintf(kvp, sizeof kvp, "path=" NETNS_DIR "/%s", s->name);
		if (journal_intent("netns", s->name, JKV(kvp), &nseq, e) < 0)
			goto undo;
		if (netns_bind(s->name, pid, e) < 0) {
			struct err e2 = ERR_INIT;
			journal_abort(nseq, &e2);
			goto undo;
		}
		snprintf(kvi, sizeof kvi, "ino=%lu", ns_inode(kvp + 5));
		if (journal_done(nseq, JKV(kvi), e) < 0)
			goto undo;
	}
	test_stall("node-done");
	world_changed(WORLD_NETNS | WORLD_NODES | WORLD_PROCS);
	return 0;
undo: {
		struct err e2 = ERR_INIT;
		node_del(s->name, &e2);
		return -1;
	}
}

/* Namespaces held open while we kill by inode: an open namespace cannot
 * be freed, so its inode number cannot be reused by a new namespace
 * (whose processes we would otherwise kill) while we scan. Only live,
 * verified sources are pinned: a holder whose start time still matches,
 * or a bind mount under /run/netns. Never aisla's own namespaces. */
struct ns_pins {
	int fd[7];
	unsigned long ns[7];
};

static void pins_init(struct ns_pins *p)
{
	for (int i = 0; i < 7; i++) {
		p->fd[i] = -1;
		p->ns[i] = 0;
	}
}

static void pins_release(struct ns_pins *p)
{
	for (int i = 0; i < 7; i++)
		if (p->fd[i] >= 0)
			close(p->fd[i]);
	pins_init(p);
}

static void pin_path(struct ns_pins *p, int i, const char *path)
{
	struct stat st;
	if (p->fd[i] >= 0)
		return;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	if (fstat(fd, &st) < 0 || (unsigned long)st.st_ino == pid_ns_inode(getpid(), i)) {
		close(fd);
		return;
	}
	p->fd[i] = fd;
	p->ns[i] = (unsigned long)st.st_ino;
}

/* Pin the namespaces (mask) of a holder, if it is still (pid, start). */
static bool pin_holder(struct ns_pins *p, pid_t pid, unsigned long long start, unsigned mask)
{
	struct ns_pins tmp;
	pins_init(&tmp);
	if (!holder_alive(pid, start))
		return false;
	for (int i = 0; i < 7; i++)
		if (mask & (1u << i)) {
			char path[64];
			snprintf(path, sizeof path, "/proc/%d/ns/%s", (int)pid, ns_names[i]);
			pin_path(&tmp, i, path);
		}
	if (!holder_alive(pid, start)) {	/* the pid was reused meanwhile */
		pins_release(&tmp);
		return false;
	}
	for (int i = 0; i < 7; i++)
		if (tmp.fd[i] >= 0 && p->fd[i] < 0) {
			p->fd[i] = tmp.fd[i];
			p->ns[i] = tmp.ns[i];
		} else if (tmp.fd[i] >= 0) {
			close(tmp.fd[i]);
		}
	return true;
}

/* Remove everything of a node; mark its journal records undone. */
int node_del(const char *name, struct err *e)
{
	struct node_info ni;
	char sp[PATH_MAX];
	struct jrec r;

	if (!strcmp(name, "host")) {
		err_set(e, _("'host' is not a node: it is the system itself"));
		return err_hint(e, _("`node list` shows the nodes that can be removed"));
	}
	if (node_get(name, &ni, e) < 0)
		return -1;
	nl_forget_netns(name);	/* our sockets there would keep it alive */
	struct ns_pins pins;
	pins_init(&pins);
	bool alive = ni.holder && pin_holder(&pins, ni.holder, ni.start, ni.mask);
	if (ni.netns_mount) {
		char path[PATH_MAX];
		snprintf(path, sizeof path, NETNS_DIR "/%s", name);
		pin_path(&pins, 0, path);
	}
	/* The holder first (as PID 1 its death takes the PID namespace with
	 * it), then whatever is left in the node's namespaces. */
	if (alive)
		kill(ni.holder, SIGKILL);
	node_kill_by_ns(pins.ns, e);
	pins_release(&pins);
	if (ni.netns_mount)
		netns_unbind(name);
	state_path(name, sp, sizeof sp);
	unlink(sp);
	struct err e2 = ERR_INIT;
	while (journal_find("netns", name, &r) == 0)
		if (journal_undone(r.seq, &e2) < 0)
			break;
	while (journal_find("node", name, &r) == 0)
		if (journal_undone(r.seq, &e2) < 0)
			break;
	world_changed(WORLD_NETNS | WORLD_NODES | WORLD_PROCS);
	return 0;
}

/* ---- journal kinds ---- */

static enum undo_result undo_node(const struct jrec *r, struct err *e)
{
	struct node_info ni;
	struct ns_pins pins;
	struct err e2 = ERR_INIT;
	const char *id = jrec_get(r, "id");
	bool alive;

	memset(&ni, 0, sizeof ni);
	pins_init(&pins);
	nl_forget_netns(r->name);
	if (state_read(r->name, &ni) < 0) {
		/* No state: the maker never got that far, or it is gone. A
		 * confirmed record still names the holder. */
		pid_t pid = (pid_t)jrec_get_ll(r, "holder", 0);
		unsigned long long start = (unsigned long long)jrec_get_ll(r, "start", 0);
		unsigned mask = (unsigned)jrec_get_ll(r, "mask", 0x7f);
		if (pid <= 0 || !start || !pin_holder(&pins, pid, start, mask))
			return UNDO_GONE;
		kill(pid, SIGKILL);
		node_kill_by_ns(pins.ns, &e2);
		pins_release(&pins);
		return UNDO_DONE;
	}
	if (id && strcmp(id, ni.id))
		return UNDO_FOREIGN;
	/* A dead holder's namespaces are not killed by their recorded
	 * inodes: those numbers may belong to new namespaces by now. A
	 * network namespace left bind-mounted is the "netns" record's. */
	alive = ni.holder && pin_holder(&pins, ni.holder, ni.start, ni.mask);
	if (alive) {
		kill(ni.holder, SIGKILL);
		node_kill_by_ns(pins.ns, &e2);
	}
	pins_release(&pins);
	char sp[PATH_MAX];
	state_path(r->name, sp, sizeof sp);
	if (unlink(sp) < 0 && errno != ENOENT) {
		err_errno(e, errno, _("could not remove '%s'"), sp);
		return UNDO_FAILED;
	}
	return alive ? UNDO_DONE : UNDO_GONE;
}

static enum undo_result undo_netns(const struct jrec *r, struct err *e)
{
	char path[PATH_MAX];
	snprintf(path, sizeof path, NETNS_DIR "/%s", r->name);
	if (access(path, F_OK) < 0)
		return UNDO_GONE;
	unsigned long want = (unsigned long)jrec_get_ll(r, "ino", 0);
	unsigned long ino = ns_inode(path);
	if (r->confirmed && want && ino != want)
		return UNDO_FOREIGN;
	/* Processes still in it (exec'ed, ip netns exec...) die first,
	 * unless a live holder owns it: then the node's own record (undone
	 * next) kills them with the holder. */
	struct node_info ni;
	memset(&ni, 0, sizeof ni);
	bool owned = state_read(r->name, &ni) == 0 && holder_alive(ni.holder, ni.start);
	if (is_nsfs(path) && !owned) {
		struct ns_pins pins;
		struct err e2 = ERR_INIT;
		pins_init(&pins);
		pin_path(&pins, 0, path);
		node_kill_by_ns(pins.ns, &e2);
		pins_release(&pins);
	}
	nl_forget_netns(r->name);
	if (umount2(path, MNT_DETACH) < 0 && errno != EINVAL) {
		err_errno(e, errno, _("could not unmount '%s'"), path);
		return UNDO_FAILED;
	}
	if (unlink(path) < 0 && errno != ENOENT) {
		err_errno(e, errno, _("could not remove '%s'"), path);
		return UNDO_FAILED;
	}
	return UNDO_DONE;
}

static enum undo_result undo_netnsdir(const struct jrec *r, struct err *e)
{
	DIR *d = opendir(NETNS_DIR);
	if (!d)
		return UNDO_GONE;
	struct dirent *de;
	int n = 0;
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			n++;
	closedir(d);
	/* Someone else's namespaces live there now (ip netns, another
	 * aisla): the shared mount point is theirs too; leave it, as
	 * iproute2 does, without calling it foreign. */
	if (n)
		return UNDO_GONE;
	if (umount2(NETNS_DIR, MNT_DETACH) < 0 && errno != EINVAL) {
		err_errno(e, errno, _("could not unmount '%s'"), NETNS_DIR);
		return UNDO_FAILED;
	}
	/* several self-binds may be stacked by concurrent makers */
	while (umount2(NETNS_DIR, MNT_DETACH) == 0)
		;
	if (jrec_get_ll(r, "made_dir", 0))
		rmdir(NETNS_DIR);
	return UNDO_DONE;
}

static const struct journal_kind kind_node = {
	.name = "node", .undo = undo_node, .describe = N_("node '%s'"),
};
static const struct journal_kind kind_netns = {
	.name = "netns", .undo = undo_netns, .describe = N_("network namespace '%s'"),
};
static const struct journal_kind kind_netnsdir = {
	.name = "netnsdir", .undo = undo_netnsdir,
	.describe = N_("shared mount point '%s'"),
};

const struct journal_kind *const ns_kinds[] = {
	&kind_node, &kind_netns, &kind_netnsdir, &rootfs_kind, NULL,
};

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
		unsigned long theirs = pid_ns_inode(target, i);
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
		if (theirs != pid_ns_inode(getpid(), i))
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
				snprintf(p, sizeof p, "/proc/%d/ns/%s", (int)target, ns_names[i]);
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
	return holder_clone_flags(1u << i);
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
	holder_set_title("aisla-enter");
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
		holder_title_prepare();	/* the waiter's title, while /proc is ours */
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
		int flags = holder_clone_flags(ne->mask);
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
				return node_ns_errno(e, errno, ns_clone_flag(i), ns_names[i]);
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

/* ---- quoting for explanations ---- */

const char *node_shq(const char *w)
{
	static char bufs[8][1024];
	static int next;
	char *b = bufs[next];
	next = (next + 1) % 8;
	bool plain = *w != 0;
	for (const char *c = w; *c; c++)
		if (!isalnum((unsigned char)*c) && !strchr("_-./:=@%+,", *c))
			plain = false;
	if (plain) {
		snprintf(b, 1024, "%s", w);
		return b;
	}
	size_t n = 0;
	b[n++] = '\'';
	for (const char *c = w; *c && n < 1016; c++) {
		if (*c == '\'') {
			memcpy(b + n, "'\\''", 4);
			n += 4;
		} else {
			b[n++] = *c;
		}
	}
	b[n++] = '\'';
	b[n] = 0;
	return b;
}

bool node_net_only(const struct node_info *ni)
{
	return ni->netns_mount && (!ni->holder || (ni->mask == NS_NET && !ni->root[0]));
}

const char *node_sh_var(const char *name)
{
	static char bufs[8][32];
	static int next;
	char *b = bufs[next];
	next = (next + 1) % 8;
	snprintf(b, 32, "HOLDER_%s", name);
	for (char *c = b; *c; c++)
		if (!isalnum((unsigned char)*c) && *c != '_')
			*c = '_';
	return b;
}

const char *node_sh_holder(const char *name, pid_t pid)
{
	static char bufs[8][64];
	static int next;
	char *b = bufs[next];
	next = (next + 1) % 8;
	snprintf(b, 64, "${%s:-%d}", node_sh_var(name), (int)pid);
	return b;
}

char *node_sh_join(int argc, char *const *argv)
{
	size_t cap = 1, len = 0;
	char *s = malloc(cap);
	if (!s)
		return NULL;
	s[0] = 0;
	for (int i = 0; i < argc; i++) {
		const char *q = node_shq(argv[i]);
		size_t ql = strlen(q);
		char *ns = realloc(s, cap + ql + 1);
		if (!ns) {
			free(s);
			return NULL;
		}
		s = ns;
		cap += ql + 1;
		if (len)
			s[len++] = ' ';
		memcpy(s + len, q, ql);
		len += ql;
		s[len] = 0;
	}
	return s;
}

/* ---- init ---- */

struct complete_ctx {
	const char *prefix;
	complete_add_fn add;
	void *ctx;
};

static void complete_one(const char *name, void *arg)
{
	struct complete_ctx *c = arg;
	if (!strncmp(name, c->prefix, strlen(c->prefix)))
		c->add(name, c->ctx);
}

static void complete_nodes(const char *prefix, complete_add_fn add, void *ctx)
{
	struct complete_ctx c = { prefix, add, ctx };
	node_foreach(complete_one, &c);
	if (!strncmp("host", prefix, strlen(prefix)))
		add("host", ctx);
}

void node_init(void)
{
	complete_register("NODE", complete_nodes);
}
