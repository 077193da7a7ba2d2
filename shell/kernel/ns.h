/* ns.h: the seven kinds of namespace, named once: their bits, their names
 * under /proc/PID/ns, the flag letters of unshare/nsenter and their
 * CLONE_NEW* flags. Every module that speaks of namespaces uses this
 * table (node, unshare, nsenter, the process model, the lesson checks).
 */
#ifndef AISLA_KERNEL_NS_H
#define AISLA_KERNEL_NS_H

#include <sched.h>
#include <sys/types.h>

/* The one table: X(bit, name under /proc/PID/ns, flag letter of unshare
 * and nsenter, their long option, CLONE_NEW* flag), in NS_* bit order.
 * Commands build their flag tables from it: NS_TABLE(NS_CMD_FLAG). */
#define NS_TABLE(X) \
	X(NS_NET, "net", 'n', "net", CLONE_NEWNET) \
	X(NS_PID, "pid", 'p', "pid", CLONE_NEWPID) \
	X(NS_USER, "user", 'U', "user", CLONE_NEWUSER) \
	X(NS_MNT, "mnt", 'm', "mount", CLONE_NEWNS) \
	X(NS_UTS, "uts", 'u', "uts", CLONE_NEWUTS) \
	X(NS_IPC, "ipc", 'i', "ipc", CLONE_NEWIPC) \
	X(NS_CGROUP, "cgroup", 'C', "cgroup", CLONE_NEWCGROUP)
/* A struct cmd_flag initializer (shell/cmd.h) for each namespace. */
#define NS_CMD_FLAG(bit, name, letter, opt, clone) { letter, opt, false },

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
#define NS_COUNT 7
#define NS_ALL	 ((1u << NS_COUNT) - 1)

/* Name of the NS_* bit index i: "net", "pid", "user", "mnt", "uts", "ipc",
 * "cgroup" (the file under /proc/PID/ns); "?" out of range. */
const char *ns_name(int i);
/* The flag letter of bit index i as unshare and nsenter spell it:
 * 'n' 'p' 'U' 'm' 'u' 'i' 'C'. */
char ns_letter(int i);
/* Letters of a namespace mask as the flags of unshare: "-n -p -m"
 * (static buffer). */
const char *ns_mask_flags(unsigned mask);
/* Names of a namespace mask: "net,pid,mnt" (static buffer). */
const char *ns_mask_names(unsigned mask);
/* The CLONE_NEW* flags of a mask (for unshare, clone and setns). */
int ns_clone_flags(unsigned mask);

/* Inode of a namespace file (/proc/PID/ns/X or a bind mount of one),
 * 0 if none. */
unsigned long ns_path_inode(const char *path);
/* Inode of namespace i of pid (/proc/PID/ns/NAME), 0 if none. */
unsigned long ns_pid_inode(pid_t pid, int i);

#endif
