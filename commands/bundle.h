/* bundle.h: OCI runtime bundles (DIR/config.json + DIR/rootfs).
 *
 * bundle_write() describes a node as a bundle that runc and crun accept:
 * its namespaces (the network namespace joined by path, /run/netns/NODE,
 * the others new), hostname, uid/gid maps, the mounts a busybox root
 * needs, rlimits, the process (args, env, cwd) and the limits of the
 * aisla cgroup the node is in. The rootfs is a busybox root (rootfs.h)
 * with the node's own root copied over it when it has one.
 *
 * bundle_run() runs a bundle as a node of aisla: a holder makes the new
 * namespaces (node.h), the process joins the namespaces given by path,
 * then the node's, mounts what config.json lists inside the rootfs and
 * makes it the root with pivot_root(2), as runc does. It implements the
 * subset of the runtime spec the course uses and names any field it does
 * not support.
 *
 * Journal kind "bundle" (name DIR; id made | ): DIR/config.json carries
 * the id in annotations "org.aisla.id"; undo removes config.json and DIR
 * when still ours (the rootfs has its own record, kind "rootfs").
 */
#ifndef AISLA_BUNDLE_H
#define AISLA_BUNDLE_H

#include "../shell/err.h"

struct bundle_out {
	char config[4096 + 512];	/* DIR/config.json path */
	int nargs;
};

/* Write DIR (must not exist, or be empty) describing NODE. argv: the
 * process (NULL: the node's command, else "sh"). */
int bundle_write(const char *node, const char *dir, char *const *argv, struct err *e);

/* The compact JSON bundle_write would write (for explain), caller frees;
 * NULL on error. */
char *bundle_json(const char *node, const char *dir, char *const *argv, struct err *e);

/* Run the bundle in DIR as node NAME (NULL: the hostname of the bundle,
 * else DIR's last component). */
int bundle_run(const char *dir, const char *name, struct err *e);
/* The node name bundle_run would use (static buffer). */
const char *bundle_run_name(const char *dir, const char *name);

struct journal_kind;
extern const struct journal_kind bundle_kind;

#endif
