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

/* Is word a process number (all digits)? Node names may start with a
 * digit ("1a"), pids are digits only. */
bool node_word_is_pid(const char *word);

/* Resolve "NODE|PID" to a target pid (holder or the pid itself) for
 * exec/nsenter/kill/renice. A netns-only node has no pid (*pid = 0). */
int node_or_pid(const char *word, char *node_out, size_t nsz, pid_t *pid, struct err *e);

/* Run argv inside NODE (all its namespaces, its root, its cgroup): the
 * engine of `exec`, `ping`, `load -n`. Mode as in run.h. */
struct run_spec;
int node_run(const char *node, const struct run_spec *spec, int *status, pid_t *pid,
	     struct err *e);

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

/* Is the node just a named network namespace, as `ip netns add` makes
 * (no holder, or a holder with only a netns, no root): then the real
 * tools reach it through /run/netns/NAME, as unshare's explanation says. */
bool node_net_only(const struct node_info *ni);

/* Read a node. Unknown node: a Spanish error with a hint. A node whose
 * holder died is returned with alive = false (not an error here). */
int node_get(const char *name, struct node_info *ni, struct err *e);
/* Like node_get, but a node whose holder died is an error that offers
 * `node del NAME`. Use before entering a node. */
int node_get_alive(const char *name, struct node_info *ni, struct err *e);

/* What `unshare ... NODE` asks for. */
struct node_spec {
	const char *name;
	unsigned mask;		/* NS_*; NS_PID adds NS_MNT (a fresh /proc) */
	bool map_root;		/* -r */
	const char *hostname;	/* --hostname, needs NS_UTS (added) */
	const char *root;	/* --root DIR (absolute or relative to cwd) */
};
/* Make a node: journal intent, holder, bind mount of its netns at
 * /run/netns/NAME when it has one, journal done. All or nothing. */
int node_create(const struct node_spec *s, struct err *e);
/* `netns add NAME`: a network-only node, exactly as `ip netns add`. */
int node_netns_add(const char *name, struct err *e);
/* Remove a node: kill its processes (by namespace), its holder, unmount
 * /run/netns/NAME, forget its state. Works for `ip netns add` names too. */
int node_del(const char *name, struct err *e);
/* Is NAME free for a new node? (not aisla's, not in /run/netns) */
int node_name_free(const char *name, struct err *e);

/* Kill every process (SIGKILL) that is in one of the namespaces (inode
 * per NS_* bit index, 0 = skip) until none is left. Returns how many.
 * The caller must hold those namespaces open (an fd) meanwhile: a freed
 * namespace's inode number is reused by the next one made. */
int node_kill_by_ns(const unsigned long ns[7], struct err *e);
/* Send sig to every process of NODE; returns how many got it in *n. */
int node_signal(const char *name, int sig, int *n, struct err *e);

/* Fill e for a failed unshare()/setns() with a hint that teaches (which
 * capability, which sysctl). clone_flags as given to unshare. Returns -1. */
int node_ns_errno(struct err *e, int errnum, int clone_flags, const char *what);

/* Letters of a namespace mask as the flags of unshare: "-n -p -m". */
const char *node_mask_flags(unsigned mask);
/* Names of a namespace mask: "net,pid,mnt" (static buffer). */
const char *node_mask_names(unsigned mask);
/* Name of the NS_* bit index i: "net", "pid", "user", "mnt", "uts", "ipc", "cgroup". */
const char *node_ns_name(int i);

/* Entering a node or a process from a forked child (used by node_run,
 * nsenter and unshare's foreground mode). Prepare in the parent (opens
 * fds), apply in the child. mask: namespaces to enter (0 = all of the
 * target's that differ from ours). */
struct node_enter {
	pid_t target;		/* process whose namespaces we join (0: netns only) */
	int pidfd;		/* pidfd_open(target) or -1 */
	int nsfd[7];		/* per-namespace fds (fallback), -1 if unused */
	int rootfd;		/* target's root (O_PATH), -1: keep ours */
	int cwdfd;		/* target's cwd, -1: / after the root change */
	unsigned mask;
	char cgroup_procs[8][640];	/* cgroup.procs files to join (host paths) */
	int ncgroup;
	bool fork_for_pid;	/* joined a PID ns: fork once more after setns */
};
int node_enter_prepare(struct node_enter *ne, const char *node, pid_t target,
		       unsigned mask, bool with_root, bool with_cgroup, struct err *e);
/* In the child: join everything; with fork_for_pid, forks and the
 * calling process becomes a waiter that exits as the real child does. */
int node_enter_apply(struct node_enter *ne, struct err *e);
void node_enter_release(struct node_enter *ne);

/* In a forked child that just joined or made a PID namespace: the real
 * work must happen in a child of it. Called with that child's pid, the
 * caller becomes a waiter (closes its close-on-exec fds, forwards
 * termination, exits as the child does). Never returns. */
void node_wait_child(pid_t child) __attribute__((noreturn));
/* In that child: if the terminal is ours, become its own process group
 * and take the terminal (see node.c). */
void node_take_tty(void);

/* Quote a word for bash (rotating static buffers: up to 8 alive). */
const char *node_shq(const char *word);
/* Join words quoted for bash (caller frees). */
char *node_sh_join(int argc, char *const *argv);

/* The shell variable that explanations use for a node's holder pid:
 * "HOLDER_rojo" ('-' and '.' become '_'), and the expression that uses it
 * when a script defined it, else the live pid: "${HOLDER_rojo:-1234}".
 * Rotating static buffers (up to 8 alive). */
const char *node_sh_var(const char *name);
const char *node_sh_holder(const char *name, pid_t pid);

/* Module init (completion providers...). */
void node_init(void);

#endif
