/* nodes.h: the node registry: which nodes exist and what they are.
 *
 * A node is a named set of namespaces. A network-only node (netns add, or
 * `ip netns add`) is just the bind mount /run/netns/NAME. A node made by
 * `unshare ... NODE` has a holder process that keeps its namespaces
 * alive and a state file (node_state_path) written by its maker, plus the
 * same bind mount when it has a netns. Everything is read from the kernel
 * and /run each time, so a node made by another aisla process (or by `ip
 * netns add`) is seen too. "host" names the namespaces aisla runs in.
 *
 * Making, deleting and entering nodes is in commands/node.h.
 */
#ifndef AISLA_KERNEL_NODES_H
#define AISLA_KERNEL_NODES_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include "ns.h"
#include "../err.h"

#define NODE_NAME_MAX 15
/* Where named network namespaces live, as iproute2 makes them. */
#define NETNS_DIR "/run/netns"

/* Everything known about one node, read from the kernel and the node's
 * state file (journal_dir()/nodes/NAME). */
struct node_info {
	char name[NODE_NAME_MAX + 1];
	unsigned mask;		/* namespaces of its own (NS_*) */
	bool aisla;		/* made by aisla (state file) rather than ip netns add */
	bool netns_mount;	/* /run/netns/NAME exists */
	pid_t holder;		/* 0: a netns-only node */
	unsigned long long start;	/* holder start time (clock ticks) */
	bool alive;		/* the holder is still the same live process */
	unsigned long ns[7];	/* inode per NS_* bit index (0: not its own) */
	char id[40];		/* identity token shared with the journal */
	char root[256];		/* --root DIR, "" if none */
	char hostname[65];	/* --hostname, "" if none */
};

/* Check a node name: 1-15 of [A-Za-z0-9_.-], not starting with - or . */
int node_name_valid(const char *name, struct err *e);

/* Read a node. Unknown node: a Spanish error with a hint. A node whose
 * holder died is returned with alive = false (not an error here). */
int node_get(const char *name, struct node_info *ni, struct err *e);
/* Like node_get, but a node whose holder died is an error that offers
 * `node del NAME`. Use before entering a node. */
int node_get_alive(const char *name, struct node_info *ni, struct err *e);

/* The hint for a node that does not exist: the nearest names of nodes
 * that do ("did you mean 'rojo'?"), else how to make it. Returns -1. */
int node_unknown_hint(const char *name, struct err *e);

/* Does a node (or an `ip netns` name) exist? "host" always does. */
bool node_exists(const char *name);
/* NODE's name in NETNS_DIR ("/run/netns/NODE"), whether or not it is there. */
void node_netns_path(const char *name, char *buf, size_t sz);
/* Is NAME free for a new node? (not aisla's, not in /run/netns) */
int node_name_free(const char *name, struct err *e);

/* Open NODE's network namespace (O_RDONLY|O_CLOEXEC); "host" gives
 * aisla's own. The caller closes the fd. Unknown node: a Spanish error
 * with a hint (netns add / unshare). */
int node_netns_fd(const char *name, int *fd, struct err *e);

/* The inode of NODE's network namespace ("host": aisla's own), by its
 * /run/netns mount when it has one, without keeping anything open there
 * (an open fd or socket would keep it alive while reset deletes it).
 * -1 when the node is gone. */
int node_netns_ino(const char *name, unsigned long long *ino);

/* The node's holder pid (0 for a netns-only node). */
int node_holder(const char *name, pid_t *pid, struct err *e);

/* Every process of NODE (found by namespace inode, not by name).
 * *pids is malloc'ed; the caller frees it. */
int node_pids(const char *name, pid_t **pids, size_t *n, struct err *e);

/* Call fn for every node name (aisla's and /run/netns), sorted. */
void node_foreach(void (*fn)(const char *name, void *arg), void *arg);

/* Is word a process number (all digits)? Node names may start with a
 * digit ("1a"), pids are digits only. */
bool node_word_is_pid(const char *word);

/* Resolve "NODE|PID" to a target pid (holder or the pid itself) for
 * exec/nsenter/kill/renice. A netns-only node has no pid (*pid = 0). */
int node_or_pid(const char *word, char *node_out, size_t nsz, pid_t *pid, struct err *e);

/* Is the node just a named network namespace, as `ip netns add` makes
 * (no holder, or a holder with only a netns, no root): then the real
 * tools reach it through /run/netns/NAME, as unshare's explanation says. */
bool node_net_only(const struct node_info *ni);

/* The nodes' state files: the directory, one node's file, and reading
 * one (fills the state fields of ni and sets ni->aisla; -1 if none). */
void node_state_dir(char *buf, size_t sz);
void node_state_path(const char *name, char *buf, size_t sz);
int node_state_read(const char *name, struct node_info *ni);

/* Is path (under NETNS_DIR) a namespace bind mount rather than the empty
 * placeholder file? */
bool netns_is_mount(const char *path);

/* ---- watching the registry (nodes-watch.c) ----
 *
 * One inotify watch on /run/netns and the nodes' state directory, for
 * everyone: the socket cache drops what went, the model adds and removes
 * namespaces and rebuilds its node map. */
enum node_event {
	NODE_EV_NETNS_ADDED,	/* name appeared under /run/netns */
	NODE_EV_NETNS_GONE,	/* name left /run/netns */
	NODE_EV_STATE,		/* a node's state file changed (name) */
	NODE_EV_RESCAN,		/* a directory appeared or went: look at everything
				 * again (name NULL) */
	NODE_EV_END,		/* end of the events read at once (name NULL) */
};
typedef void (*node_watch_fn)(enum node_event ev, const char *name, void *arg);
/* Subscribe (up to 8). The first subscriber opens the watch and hands
 * its fd to the event loop. -1 if inotify is not available. */
int node_watch(node_watch_fn fn, void *arg);
/* Unsubscribe; the last one closes the watch. */
void node_unwatch(node_watch_fn fn, void *arg);
/* Read what is pending now and tell the subscribers (the loop does it
 * when it polls; commands and batch mode call it). */
void node_watch_read(void);
/* Is /run/netns itself being watched (it exists)? */
bool node_watch_netns_dir(void);

#endif
