/* node.h: making, deleting and entering nodes, the named sets of
 * namespaces aisla makes (the registry that says which nodes exist and
 * what they are is shell/kernel/nodes.h, included here).
 *
 * A node outlives the command that made it and aisla itself, until
 * `node del` or `reset`. A network-only node (netns add) is just the bind
 * mount /run/netns/NAME, exactly as `ip netns add` makes it. A node made
 * by `unshare ... NODE` has a holder process that keeps its namespaces
 * alive (PID 1 of its PID namespace when it has one) and, with a netns,
 * the same bind mount.
 *
 * Files: node-make.c (create, netns add, del), node-undo.c (killing by
 * namespace, journal kinds), node-sh.c
 * (words for explanations), node-complete.c.
 */
#ifndef AISLA_NODE_H
#define AISLA_NODE_H

#include <stdbool.h>
#include <sys/types.h>
#include "../shell/complete.h"
#include "../shell/err.h"
#include "../shell/kernel/enter.h"
#include "../shell/kernel/nodes.h"
#include "../shell/kernel/ns.h"
#include "../shell/kernel/valid.h"

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

/* Namespaces held open while we kill by inode: an open namespace cannot
 * be freed, so its inode number cannot be reused by a new namespace
 * (whose processes we would otherwise kill) while we scan. Only live,
 * verified sources are pinned: a holder whose start time still matches,
 * or a bind mount under /run/netns. Never aisla's own namespaces. */
struct ns_pins {
	int fd[7];
	unsigned long ns[7];
};
void ns_pins_init(struct ns_pins *p);
void ns_pins_release(struct ns_pins *p);
/* Pin the namespace file path as namespace i (unless it is aisla's own). */
void ns_pin_path(struct ns_pins *p, int i, const char *path);
/* Pin the namespaces (mask) of a holder, if it is still (pid, start). */
bool ns_pin_holder(struct ns_pins *p, pid_t pid, unsigned long long start, unsigned mask);

/* Kill every live process (SIGKILL, by pidfd) that is in one of the
 * namespaces (inode per NS_* bit index, 0 = skip) and wait for their exit
 * on the pidfds (a zombie is dead: no reap is waited for). Returns how
 * many were killed.
 * The caller must hold those namespaces open (an fd) meanwhile: a freed
 * namespace's inode number is reused by the next one made. */
int node_kill_by_ns(const unsigned long ns[7], struct err *e);
/* Send sig to every process of NODE; returns how many got it in *n. */
int node_signal(const char *name, int sig, int *n, struct err *e);



/* Quote a word for bash as tok_quote() does, into rotating static
 * buffers (up to 8 alive, 1023 bytes each): for explanations. Joining
 * words quoted is tok_join(). */
const char *node_shq(const char *word);

/* The shell variable that explanations use for a node's holder pid:
 * "HOLDER_rojo" ('-' and '.' become '_'), and the expression that uses it
 * when a script defined it, else the live pid: "${HOLDER_rojo:-1234}".
 * Rotating static buffers (up to 8 alive). */
const char *node_sh_var(const char *name);
const char *node_sh_holder(const char *name, pid_t pid);

/* The NODE completion kind: every node, and "host" (node-complete.c). */
void complete_nodes(const char *prefix, complete_add_fn add, void *ctx);

#endif
