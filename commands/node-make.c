/* node-make.c: making and deleting nodes (see node.h): `netns add` as
 * iproute2 does it, `unshare ... NODE` with a holder, and `node del`.
 *
 * Where a node lives:
 *   - /run/netns/NAME      bind mount of its network namespace, exactly as
 *                          `ip netns add` makes it (iproute2 compatible);
 *   - journal_dir()/nodes/NAME   state written by the holder's maker: the
 *                          holder pid + start time, namespace mask, root,
 *                          hostname and an identity token shared with the
 *                          journal record;
 *   - the holder process, which keeps every other namespace alive.
 * Everything else (inodes, processes) is read from the kernel (the
 * registry: shell/kernel/nodes.h). Journal kinds: node-undo.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/random.h>
#include <sys/stat.h>
#include "node.h"
#include "holder.h"
#include "net.h"
#include "nsid.h"
#include "teardown.h"
#include "../shell/i18n.h"
#include "../shell/journal.h"
#include "../shell/kernel/nl.h"
#include "../shell/kernel/proc.h"

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
	snprintf(ino, sizeof ino, "ino=%lu", ns_path_inode(NETNS_DIR));
	return journal_done(seq, JKV(ino), e);
}

/* Bind-mount the netns of pid (0: a new one made by a child) onto
 * /run/netns/NAME. The placeholder file is created first, as ip does. */
static int netns_bind(const char *name, pid_t pid, unsigned long seq, struct err *e)
{
	char path[PATH_MAX], kvp[64], pt[48];
	snprintf(path, sizeof path, NETNS_DIR "/%s", name);
	/* The placeholder is made unnamed (O_TMPFILE), its identity (inode
	 * and birth time: the number alone is reused at once) journaled, and
	 * only then linked under its name: killed at any point, aisla leaves
	 * either nothing or a file its record proves its own. */
	bool unnamed = true;
	int fd = open(NETNS_DIR, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0);
	if (fd < 0 && (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL)) {
		unnamed = false;	/* no O_TMPFILE on this filesystem */
		fd = open(path, O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0);
	}
	if (fd < 0) {
		if (errno == EEXIST)
			return node_name_free(name, e);
		return err_errno(e, errno, _("could not create '%s'"), path);
	}
	snprintf(kvp, sizeof kvp, "pino=%s", netns_placeholder_id(fd, "", pt, sizeof pt) == 0 ? pt : "");
	if (journal_step(seq, JKV(kvp), e) < 0) {
		close(fd);
		if (!unnamed)
			unlink(path);
		return -1;
	}
	if (unnamed) {
		char self[64];
		snprintf(self, sizeof self, "/proc/self/fd/%d", fd);
		if (linkat(AT_FDCWD, self, AT_FDCWD, path, AT_SYMLINK_FOLLOW) < 0) {
			int saved = errno;
			close(fd);
			if (saved == EEXIST)
				return node_name_free(name, e);
			return err_errno(e, saved, _("could not create '%s'"), path);
		}
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
	 * process's, i.e. the host's), as architecture.md says; shell/kernel/nl.c's
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

/* Confirm a netns record with its identity: the netns cookie (never
 * reused; nsid.h) and, for older journals' readers, the inode. */
static int netns_done(const char *name, unsigned long seq, const char *kvi, struct err *e)
{
	char id[NSID_MAX], kvn[NSID_MAX + 8];

	if (nsid_of_node(name, id, sizeof id, e) < 0)
		return -1;
	snprintf(kvn, sizeof kvn, "nsid=%s", id);
	return journal_done(seq, JKV(kvi, kvn), e);
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
	if (netns_bind(name, 0, seq, e) < 0) {
		struct err e2 = ERR_INIT;
		journal_abort(seq, &e2);
		return -1;
	}
	snprintf(kvi, sizeof kvi, "ino=%lu", ns_path_inode(kvp + 5));
	if (netns_done(name, seq, kvi, e) < 0)
		return -1;
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
	node_state_dir(sd, sizeof sd);
	if (journal_mkdir(journal_dir(), e) < 0 || journal_mkdir(sd, e) < 0)
		return -1;
	node_state_path(s->name, sp, sizeof sp);
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
		snprintf(kv_ino[i], sizeof kv_ino[i], "%s=%lu", ns_name(i),
			 (mask & (1u << i)) ? ns_pid_inode(pid, i) : 0UL);
	if (journal_done(seq, JKV(kv_pid, kv_start, kv_ino[0], kv_ino[1], kv_ino[2], kv_ino[3],
				  kv_ino[4], kv_ino[5], kv_ino[6]), e) < 0)
		goto undo;
	if (bind) {
		unsigned long nseq;
		char kvp[PATH_MAX + 8], kvi[48];
		snprintf(kvp, sizeof kvp, "path=" NETNS_DIR "/%s", s->name);
		if (journal_intent("netns", s->name, JKV(kvp), &nseq, e) < 0)
			goto undo;
		if (netns_bind(s->name, pid, nseq, e) < 0) {
			struct err e2 = ERR_INIT;
			journal_abort(nseq, &e2);
			goto undo;
		}
		snprintf(kvi, sizeof kvi, "ino=%lu", ns_path_inode(kvp + 5));
		if (netns_done(s->name, nseq, kvi, e) < 0)
			goto undo;
	}
	test_stall("node-done");
	return 0;
undo: {
		struct err e2 = ERR_INIT;
		node_del(s->name, &e2);
		return -1;
	}
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
	ns_pins_init(&pins);
	bool alive = ni.holder && ns_pin_holder(&pins, ni.holder, ni.start, ni.mask);
	if (ni.netns_mount) {
		char path[PATH_MAX];
		snprintf(path, sizeof path, NETNS_DIR "/%s", name);
		ns_pin_path(&pins, 0, path);
	}
	/* The holder first (as PID 1 its death takes the PID namespace with
	 * it), then whatever is left in the node's namespaces. */
	if (alive)
		kill(ni.holder, SIGKILL);
	node_kill_by_ns(pins.ns, e);
	ns_pins_release(&pins);
	if (ni.netns_mount)
		netns_unbind(name);
	node_state_path(name, sp, sizeof sp);
	unlink(sp);
	struct err e2 = ERR_INIT;
	while (journal_find("netns", name, &r) == 0)
		if (journal_undone(r.seq, &e2) < 0)
			break;
	while (journal_find("node", name, &r) == 0)
		if (journal_undone(r.seq, &e2) < 0)
			break;
	return 0;
}
