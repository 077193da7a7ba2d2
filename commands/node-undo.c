/* node-undo.c: removing what a node holds: its processes, found by
 * namespace inode with the namespaces pinned meanwhile and killed and
 * waited for by pidfd (never by waiting for a reap), and the journal
 * kinds of nodes ("node" holder + state, "netns" a bind mount under
 * /run/netns, "netnsdir" the shared self bind mount of /run/netns that
 * iproute2 also makes; "rootfs" is rootfs.c's). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <poll.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include "node.h"
#include "net.h"
#include "nsid.h"
#include "teardown.h"
#include "rootfs.h"
#include "../shell/i18n.h"
#include "../shell/journal.h"
#include "../shell/kernel/proc.h"

void ns_pins_init(struct ns_pins *p)
{
	for (int i = 0; i < 7; i++) {
		p->fd[i] = -1;
		p->ns[i] = 0;
	}
}

void ns_pins_release(struct ns_pins *p)
{
	for (int i = 0; i < 7; i++)
		if (p->fd[i] >= 0)
			close(p->fd[i]);
	ns_pins_init(p);
}

void ns_pin_path(struct ns_pins *p, int i, const char *path)
{
	struct stat st;
	if (p->fd[i] >= 0)
		return;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	if (fstat(fd, &st) < 0 || (unsigned long)st.st_ino == ns_pid_inode(getpid(), i)) {
		close(fd);
		return;
	}
	p->fd[i] = fd;
	p->ns[i] = (unsigned long)st.st_ino;
}

/* Pin the namespaces (mask) of a holder, if it is still (pid, start). */
bool ns_pin_holder(struct ns_pins *p, pid_t pid, unsigned long long start, unsigned mask)
{
	struct ns_pins tmp;
	ns_pins_init(&tmp);
	if (!proc_alive(pid, start))
		return false;
	for (int i = 0; i < 7; i++)
		if (mask & (1u << i)) {
			char path[64];
			snprintf(path, sizeof path, "/proc/%d/ns/%s", (int)pid, ns_name(i));
			ns_pin_path(&tmp, i, path);
		}
	if (!proc_alive(pid, start)) {	/* the pid was reused meanwhile */
		ns_pins_release(&tmp);
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


/* Is the process of pidfd gone (readable: it exited; a zombie is dead)? */
static bool pidfd_dead(int fd, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	return poll(&p, 1, ms) != 0;
}

/* Kill every live process in the namespaces, by pidfd, and wait for
 * their exit on the pidfds: a few passes over /proc (a process may fork
 * while we kill), never a wait for anyone's reap. */
int node_kill_by_ns(const unsigned long ns[7], struct err *e)
{
	int total = 0;
	bool any = false;
	(void)e;
	for (int i = 0; i < 7; i++)
		any |= ns[i] != 0;
	if (!any)
		return 0;
	for (int round = 0; round < 5; round++) {
		pid_t *pids;
		size_t n, live = 0;
		if (proc_scan_by_ns(ns, &pids, &n) < 0)
			break;
		int *fds = calloc(n ? n : 1, sizeof *fds);
		for (size_t i = 0; fds && i < n; i++) {
			fds[live] = pidfd_open_pid(pids[i]);
			if (fds[live] < 0)
				continue;
			/* pidfd first, then the namespaces again: a reused pid
			 * is not in these (pinned) namespaces. */
			bool in = false;
			for (int t = 0; t < 7 && !in; t++)
				in = ns[t] && ns_pid_inode(pids[i], t) == ns[t];
			if (!in || pidfd_dead(fds[live], 0)) {
				close(fds[live]);
				continue;
			}
			if (pidfd_kill(fds[live]) == 0)
				total++;
			live++;
		}
		free(pids);
		for (size_t i = 0; i < live; i++) {
			pidfd_dead(fds[i], 3000);
			close(fds[i]);
		}
		free(fds);
		if (!live)
			break;
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

/* ---- journal kinds ---- */

static enum undo_result undo_node(const struct jrec *r, struct err *e)
{
	struct node_info ni;
	struct ns_pins pins;
	struct err e2 = ERR_INIT;
	const char *id = jrec_get(r, "id");
	bool alive;

	memset(&ni, 0, sizeof ni);
	ns_pins_init(&pins);
	nl_forget_netns(r->name);
	if (node_state_read(r->name, &ni) < 0) {
		/* No state: the maker never got that far, or it is gone. A
		 * confirmed record still names the holder. */
		pid_t pid = (pid_t)jrec_get_ll(r, "holder", 0);
		unsigned long long start = (unsigned long long)jrec_get_ll(r, "start", 0);
		unsigned mask = (unsigned)jrec_get_ll(r, "mask", 0x7f);
		if (pid <= 0 || !start || !ns_pin_holder(&pins, pid, start, mask))
			return UNDO_GONE;
		kill(pid, SIGKILL);
		node_kill_by_ns(pins.ns, &e2);
		ns_pins_release(&pins);
		return UNDO_DONE;
	}
	if (id && strcmp(id, ni.id))
		return UNDO_FOREIGN;
	/* A dead holder's namespaces are not killed by their recorded
	 * inodes: those numbers may belong to new namespaces by now. A
	 * network namespace left bind-mounted is the "netns" record's. */
	alive = ni.holder && ns_pin_holder(&pins, ni.holder, ni.start, ni.mask);
	if (alive) {
		kill(ni.holder, SIGKILL);
		node_kill_by_ns(pins.ns, &e2);
	}
	ns_pins_release(&pins);
	char sp[PATH_MAX];
	node_state_path(r->name, sp, sizeof sp);
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
	/* Ours only if proven: the netns cookie recorded at creation, else
	 * (never confirmed) the placeholder file aisla made, else (a journal
	 * from before cookies) the inode. */
	const char *want = jrec_get(r, "nsid"), *pino = jrec_get(r, "pino");
	if (want && *want) {
		char id[NSID_MAX];
		struct err e2 = ERR_INIT;
		int fd = open(path, O_RDONLY | O_CLOEXEC);
		bool same = fd >= 0 && nsid_of_fd(fd, id, sizeof id, &e2) == 0 && nsid_same(id, want);
		if (fd >= 0)
			close(fd);
		if (!same)
			return UNDO_FOREIGN;
	} else if (pino && *pino) {
		if (!netns_placeholder_is(r->name, pino))
			return r->confirmed ? UNDO_FOREIGN : UNDO_UNPROVEN;
	} else if (!r->confirmed) {
		return UNDO_UNPROVEN;
	} else if (ns_path_inode(path) != (unsigned long)jrec_get_ll(r, "ino", 0)) {
		return UNDO_FOREIGN;
	}
	/* Processes still in it (exec'ed, ip netns exec...) die first,
	 * unless a live holder owns it: then the node's own record (undone
	 * next) kills them with the holder. */
	struct node_info ni;
	memset(&ni, 0, sizeof ni);
	bool owned = node_state_read(r->name, &ni) == 0 && proc_alive(ni.holder, ni.start);
	if (netns_is_mount(path) && !owned) {
		struct ns_pins pins;
		struct err e2 = ERR_INIT;
		ns_pins_init(&pins);
		ns_pin_path(&pins, 0, path);
		node_kill_by_ns(pins.ns, &e2);
		ns_pins_release(&pins);
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
