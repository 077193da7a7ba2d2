/* nodes.c: the node registry (see nodes.h): which nodes exist and what
 * they are, read from the kernel, /run/netns and the nodes' state files.
 * Making, deleting and entering nodes is commands/' job (node-*.c).
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "nodes.h"
#include "ns.h"
#include "proc.h"
#include "../i18n.h"
#include "../journal.h"
#include "../suggest.h"

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

void node_state_dir(char *buf, size_t sz)
{
	snprintf(buf, sz, "%s/nodes", journal_dir());
}

void node_state_path(const char *name, char *buf, size_t sz)
{
	snprintf(buf, sz, "%s/nodes/%s", journal_dir(), name);
}

bool netns_is_mount(const char *path)
{
	/* A bind-mounted namespace is an nsfs inode: its device differs
	 * from the placeholder file's (the directory's). */
	struct stat st, dir;
	if (stat(path, &st) < 0 || stat(NETNS_DIR, &dir) < 0)
		return false;
	return st.st_dev != dir.st_dev;
}

int node_state_read(const char *name, struct node_info *ni)
{
	char path[PATH_MAX], line[512];
	node_state_path(name, path, sizeof path);
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

static void suggest_node(const char *name, void *arg)
{
	suggest_add(arg, name);
}

/* "did you mean 'rojo'?" when a node's name is near name; else 0. */
static int hint_nearest_node(const char *name, struct err *e)
{
	struct suggest sg;

	suggest_init(&sg, name, true);
	node_foreach(suggest_node, &sg);
	if (!suggest_found(&sg))
		return 0;
	return err_hint(e, _("did you mean %s? `node list` shows the nodes"), suggest_found(&sg));
}

int node_unknown_hint(const char *name, struct err *e)
{
	if (hint_nearest_node(name, e) < 0)
		return -1;
	return err_hint(e, _("create it with `netns add %s` (network only) or `unshare -n -p %s`; "
			     "`node list` shows the nodes"), name, name);
}

static int unknown_node(const char *name, struct err *e)
{
	err_set(e, _("unknown node '%s'"), name);
	return node_unknown_hint(name, e);
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
			ni->ns[i] = ns_pid_inode(getpid(), i);
		ni->alive = true;
		return 0;
	}
	bool st = node_state_read(name, ni) == 0;
	node_netns_path(name, p, sizeof p);
	ni->netns_mount = access(p, F_OK) == 0 && netns_is_mount(p);
	if (!st && !ni->netns_mount)
		return unknown_node(name, e);
	if (st) {
		ni->alive = proc_alive(ni->holder, ni->start);
		if (ni->alive)
			for (int i = 0; i < 7; i++)
				if (ni->mask & (1u << i))
					ni->ns[i] = ns_pid_inode(ni->holder, i);
	} else {
		ni->mask = NS_NET;
		ni->alive = true;
		ni->aisla = netns_journaled(name);
	}
	if (ni->netns_mount) {
		ni->ns[0] = ns_path_inode(p);
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

void node_netns_path(const char *name, char *buf, size_t sz)
{
	snprintf(buf, sz, NETNS_DIR "/%s", name);
}

bool node_exists(const char *name)
{
	char p[PATH_MAX];
	struct err e = ERR_INIT;
	if (node_name_valid(name, &e) < 0)
		return false;
	if (!strcmp(name, "host"))
		return true;
	node_netns_path(name, p, sizeof p);
	if (access(p, F_OK) == 0)
		return true;
	node_state_path(name, p, sizeof p);
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
	node_state_path(name, p, sizeof p);
	if (access(p, F_OK) == 0) {
		err_set(e, _("there is already a node called '%s'"), name);
		return err_hint(e, _("choose another name, or remove it first with `node del %s`"),
				name);
	}
	node_netns_path(name, p, sizeof p);
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
			node_netns_path(name, p, sizeof p);
		else
			snprintf(p, sizeof p, "/proc/%d/ns/net", (int)ni.holder);
	}
	*fd = open(p, O_RDONLY | O_CLOEXEC);
	if (*fd < 0)
		return err_errno(e, errno, _("could not open the network namespace of '%s'"), name);
	return 0;
}

int node_netns_ino(const char *name, unsigned long long *ino)
{
	char p[sizeof NETNS_DIR "/" + NODE_NAME_MAX + 1];
	struct stat st;
	struct err e = ERR_INIT;
	int fd;

	if (!strcmp(name, "host"))
		snprintf(p, sizeof p, "/proc/self/ns/net");
	else
		node_netns_path(name, p, sizeof p);
	if (stat(p, &st) == 0) {
		*ino = st.st_ino;
		return 0;
	}
	if (node_netns_fd(name, &fd, &e) < 0)
		return -1;
	int rc = fstat(fd, &st);
	close(fd);
	if (rc < 0)
		return -1;
	*ino = st.st_ino;
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

/* The namespaces that identify a node's processes: its own, minus the
 * host's (a netns-only node made by someone else has only net). */
static void node_ident_ns(const struct node_info *ni, unsigned long ns[7])
{
	for (int i = 0; i < 7; i++) {
		ns[i] = ni->ns[i];
		if (ns[i] && ns[i] == ns_pid_inode(getpid(), i))
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
	if (proc_scan_by_ns(ns, pids, n) < 0)
		return err_errno(e, errno, _("could not read '%s'"), "/proc");
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
	node_state_dir(sd, sizeof sd);
	namelist_dir(&l, sd);
	namelist_dir(&l, NETNS_DIR);
	if (l.n)
		qsort(l.v, l.n, sizeof *l.v, cmp_name);
	for (size_t i = 0; i < l.n; i++)
		fn(l.v[i], arg);
	free(l.v);
}

/* Is a process called name (its comm) running? */
static bool program_running(const char *name)
{
	DIR *d = opendir("/proc");
	struct dirent *de;
	bool found = false;

	if (!d)
		return false;
	while (!found && (de = readdir(d))) {
		char p[64], comm[32];
		if (!node_word_is_pid(de->d_name))
			continue;
		snprintf(p, sizeof p, "/proc/%.20s/comm", de->d_name);
		FILE *f = fopen(p, "re");
		if (!f)
			continue;
		if (fgets(comm, sizeof comm, f)) {
			comm[strcspn(comm, "\n")] = '\0';
			found = !strcmp(comm, name);
		}
		fclose(f);
	}
	closedir(d);
	return found;
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
	if (strcmp(word, "host") && !node_exists(word) && program_running(word)) {
		/* `kill sleep`: a running program's name is no node; offering
		 * to create a node called sleep would mislead. */
		err_set(e, _("'%s' is neither a node nor a process number"), word);
		if (hint_nearest_node(word, e) < 0)
			return -1;
		return err_hint(e, _("`node list` shows the nodes, `ps` the processes and their "
				     "pids (a program's name is neither: `ps` finds its pid)"));
	}
	if (node_get_alive(word, &ni, e) < 0)
		return -1;
	if (nsz)
		snprintf(node_out, nsz, "%s", word);
	*pid = ni.holder;
	return 0;
}

bool node_net_only(const struct node_info *ni)
{
	return ni->netns_mount && (!ni->holder || (ni->mask == NS_NET && !ni->root[0]));
}
