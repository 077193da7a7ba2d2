/* nodes-watch.c: the one inotify watch on what defines nodes (see
 * nodes.h): /run/netns (named network namespaces, ours and `ip netns
 * add`'s) and the nodes' state directory, plus their parents so that the
 * directories being created are noticed. Subscribers (the socket cache,
 * the model's network and process parts) are told what changed; the fd
 * is polled by the event loop, and read on demand by node_watch_read()
 * (after each command, and in batch mode where no loop runs). */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/inotify.h>
#include "nodes.h"
#include "../journal.h"
#include "../loop.h"

#define MAX_SUBS 8

static struct {
	node_watch_fn fn;
	void *arg;
} subs[MAX_SUBS];
static int nsubs;

static int ino_fd = -1;
/* What is watched: /run and the run dir (for their children being
 * created), /run/netns, the run dir's nodes/. */
static int wd_run = -1, wd_jdir = -1, wd_netns = -1, wd_nodes = -1;

static void tell(enum node_event ev, const char *name)
{
	for (int i = 0; i < nsubs; i++)
		subs[i].fn(ev, name, subs[i].arg);
}

/* Add the watches that are missing (a directory may have appeared).
 * Returns true when one was added. */
static bool watch_dirs(void)
{
	char nodes[PATH_MAX];
	bool added = false;

	if (ino_fd < 0)
		return false;
	if (wd_run < 0)
		wd_run = inotify_add_watch(ino_fd, "/run", IN_CREATE | IN_MOVED_TO | IN_ONLYDIR);
	if (wd_jdir < 0 && strcmp(journal_dir(), "/run")) {
		wd_jdir = inotify_add_watch(ino_fd, journal_dir(),
					    IN_CREATE | IN_MOVED_TO | IN_ONLYDIR);
		added |= wd_jdir >= 0;
	}
	if (wd_netns < 0) {
		wd_netns = inotify_add_watch(ino_fd, NETNS_DIR,
					     IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO |
					     IN_ONLYDIR);
		added |= wd_netns >= 0;
	}
	if (wd_nodes < 0) {
		node_state_dir(nodes, sizeof nodes);
		wd_nodes = inotify_add_watch(ino_fd, nodes,
					     IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO |
					     IN_CLOSE_WRITE | IN_ONLYDIR);
		added |= wd_nodes >= 0;
	}
	return added;
}

void node_watch_read(void)
{
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	ssize_t n;
	bool any = false, rescan = false;

	if (ino_fd < 0)
		return;
	while ((n = read(ino_fd, buf, sizeof buf)) > 0) {
		any = true;
		for (char *p = buf; p < buf + n;) {
			struct inotify_event *ev = (struct inotify_event *)p;
			p += sizeof *ev + ev->len;
			if (ev->mask & IN_IGNORED) {	/* a watched directory went */
				if (ev->wd == wd_netns)
					wd_netns = -1;
				else if (ev->wd == wd_nodes)
					wd_nodes = -1;
				else if (ev->wd == wd_jdir)
					wd_jdir = -1;
				else if (ev->wd == wd_run)
					wd_run = -1;
				rescan = true;
				continue;
			}
			if (ev->wd == wd_run || ev->wd == wd_jdir) {
				rescan |= watch_dirs();
				continue;
			}
			if (!ev->len)
				continue;
			if (ev->wd == wd_netns) {
				if (ev->mask & (IN_DELETE | IN_MOVED_FROM))
					tell(NODE_EV_NETNS_GONE, ev->name);
				else
					tell(NODE_EV_NETNS_ADDED, ev->name);
			} else if (ev->wd == wd_nodes) {
				tell(NODE_EV_STATE, ev->name);
			}
		}
	}
	if (rescan) {
		watch_dirs();
		tell(NODE_EV_RESCAN, NULL);
	}
	if (any)
		tell(NODE_EV_END, NULL);
}

static void on_ready(int fd, short revents, void *arg)
{
	(void)fd; (void)revents; (void)arg;
	node_watch_read();
}

int node_watch(node_watch_fn fn, void *arg)
{
	if (nsubs == MAX_SUBS)
		return -1;
	if (ino_fd < 0) {
		ino_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
		if (ino_fd < 0)
			return -1;
		watch_dirs();
		loop_add_fd(ino_fd, POLLIN, on_ready, NULL);
	}
	subs[nsubs].fn = fn;
	subs[nsubs].arg = arg;
	nsubs++;
	return 0;
}

void node_unwatch(node_watch_fn fn, void *arg)
{
	for (int i = 0; i < nsubs; i++)
		if (subs[i].fn == fn && subs[i].arg == arg) {
			memmove(&subs[i], &subs[i + 1], (size_t)(nsubs - i - 1) * sizeof subs[0]);
			nsubs--;
			break;
		}
	if (nsubs == 0 && ino_fd >= 0) {
		loop_del_fd(ino_fd);
		close(ino_fd);
		ino_fd = -1;
		wd_run = wd_jdir = wd_netns = wd_nodes = -1;
	}
}

bool node_watch_netns_dir(void)
{
	return wd_netns >= 0;
}
