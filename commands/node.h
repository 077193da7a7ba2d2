/* node.h: nodes, the named sets of namespaces aisla makes.
 *
 * A node outlives the command that made it and aisla itself, until
 * `node del` or `reset`. A network-only node (netns add) is just the bind
 * mount /run/netns/NAME, exactly as `ip netns add` makes it. A node made
 * by `unshare ... NODE` has a holder process that keeps its namespaces
 * alive (PID 1 of its PID namespace when it has one) and, with a netns,
 * the same bind mount. Nodes are found from the kernel and /run, so a
 * node made by another aisla process (or `ip netns add`) is seen too.
 *
 * "host" names the namespaces aisla itself runs in.
 */
#ifndef AISLA_NODE_H
#define AISLA_NODE_H

#include <stdbool.h>
#include <sys/types.h>
#include "../shell/err.h"

#define NODE_NAME_MAX 15

/* Namespace bits, in this order everywhere (flags -n -p -U -m -u -i -C). */
enum {
	NS_NET	  = 1 << 0,
	NS_PID	  = 1 << 1,
	NS_USER	  = 1 << 2,
	NS_MNT	  = 1 << 3,
	NS_UTS	  = 1 << 4,
	NS_IPC	  = 1 << 5,
	NS_CGROUP = 1 << 6,
};

/* Check a node name: 1-15 of [A-Za-z0-9_.-], not starting with - or . */
int node_name_valid(const char *name, struct err *e);

/* Does a node (or an `ip netns` name) exist? "host" always does. */
bool node_exists(const char *name);

/* Open NODE's network namespace (O_RDONLY|O_CLOEXEC); "host" gives
 * aisla's own. The caller closes the fd. Unknown node: a Spanish error
 * with a hint (netns add / unshare). */
int node_netns_fd(const char *name, int *fd, struct err *e);

/* The node's holder pid (0 for a netns-only node). */
int node_holder(const char *name, pid_t *pid, struct err *e);

/* Every process of NODE (found by namespace inode, not by name).
 * *pids is malloc'ed; the caller frees it. */
int node_pids(const char *name, pid_t **pids, size_t *n, struct err *e);

/* Call fn for every node name (aisla's and /run/netns), sorted. */
void node_foreach(void (*fn)(const char *name, void *arg), void *arg);

/* Resolve "NODE|PID" to a target pid (holder or the pid itself) for
 * exec/nsenter/kill/renice. A netns-only node has no pid (*pid = 0). */
int node_or_pid(const char *word, char *node_out, size_t nsz, pid_t *pid, struct err *e);

/* Run argv inside NODE (all its namespaces, its root, its cgroup): the
 * engine of `exec`, `ping`, `load -n`. Mode as in run.h. */
struct run_spec;
int node_run(const char *node, const struct run_spec *spec, int *status, pid_t *pid,
	     struct err *e);

/* Module init (completion providers...). */
void node_init(void);

#endif
