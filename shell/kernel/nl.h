/* nl.h: rtnetlink sockets, one per network namespace, for the network
 * commands and the world model (shell/kernel: no aisla policy).
 *
 * A socket for another namespace is opened by a short helper thread that
 * setns()es into it, connects and exits: the socket stays bound to that
 * namespace while the shell's own thread never leaves the host's. Sockets
 * are cached by namespace name and reused; the cache checks the
 * namespace's inode on every use, so a namespace deleted and made again
 * under the same name (by anyone) gets a fresh socket.
 *
 * An open socket (and the namespace fd kept with it) keeps a network
 * namespace alive, and with it every interface inside: call
 * nl_drop_cached() (commands: nl_forget_netns()) before deleting a
 * namespace.
 *
 * Every socket asks for the kernel's extended ACK (NETLINK_EXT_ACK), so
 * nl_fail() can add the kernel's own explanation to an error.
 */
#ifndef AISLA_KERNEL_NL_H
#define AISLA_KERNEL_NL_H

#include <stdbool.h>
#include <stddef.h>
#include "../err.h"

struct nl_sock;

/* The request socket of NODE's network namespace ("host" = aisla's own),
 * opened on first use. Borrowed: valid until nl_forget_netns(NODE). */
int nl_get(const char *node, struct nl_sock **sk, struct err *e);
/* NODE's netns fd (borrowed, as above; for IFLA_NET_NS_FD) and inode. */
int nl_netns(const char *node, int *fd, unsigned long long *ino, struct err *e);

/* Open a new NETLINK_ROUTE socket inside the namespace of nsfd (the world
 * model's event sockets). The caller owns it (nl_socket_free). */
int nl_open_in(int nsfd, struct nl_sock **sk, struct err *e);
/* Enable extended ACKs on a socket made elsewhere (and the error hook
 * nl_fail reads). */
void nl_sock_setup(struct nl_sock *sk);

/* Run fn(arg, e) in a short helper thread inside the network namespace
 * of nsfd; returns fn's result. */
int nl_in_netns(int nsfd, int (*fn)(void *arg, struct err *e), void *arg, struct err *e);

/* After a libnl call on sk failed with nlerr (a negative NLE_ code):
 * fill e with fmt, the Spanish text of the kernel's errno and, when the
 * kernel sent one, its extended ACK message. Returns -1. */
int nl_fail(struct err *e, struct nl_sock *sk, int nlerr, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* The errno of the last failure on sk (0 if none). */
int nl_last_errno(struct nl_sock *sk);
/* Forget the last failure (after one that is an answer, e.g. ENODEV). */
void nl_clear_error(void);

/* Make a new network namespace and bind-mount it at path (an existing
 * empty file under /run/netns), as `ip netns add` does, in a short helper
 * thread (no fork): unshare(CLONE_NEWNET) there, bind-mount
 * /proc/thread-self/ns/net, and open NODE's rtnetlink socket while
 * inside, so the first network command on the node needs no thread of
 * its own. On failure returns -1 with *step = 1 (unshare) or 2 (mount)
 * and *errnum; nothing is left mounted. For node_netns_add() (commands). */
int nl_netns_create(const char *node, const char *path, int *step, int *errnum);

/* Close the cached socket and namespace fd of NODE (the world model
 * calls this when it sees a namespace go). */
void nl_drop_cached(const char *node);
/* Drop the cached sockets whose namespace left /run/netns, calling
 * gone(NODE) for each (NULL: nobody to tell). Cheap when nothing
 * changed (an inotify watch names what went). */
void nl_sweep(void (*gone)(const char *node));
/* Close every cached socket (exit). */
void nl_forget_all(void);

/* Read or write a sysctl of NODE's network namespace, e.g.
 * "net/ipv4/ip_forward" (the file under /proc/sys as that namespace sees
 * it, opened by a helper thread). read strips the trailing newline. */
int nl_sysctl_read(const char *node, const char *path, char *buf, size_t sz, struct err *e);
int nl_sysctl_write(const char *node, const char *path, const char *val, struct err *e);

/* ---- questions about links, on the cached sockets (nl-link.c) ---- */

#include <net/if.h>

struct nl_msg;

/* What the kernel says about one link. */
struct net_linkinfo {
	int index;
	char kind[16];		/* "veth", "bridge", "" */
	unsigned flags;		/* IFF_* */
	int master;		/* 0: not a port */
	int link;		/* IFLA_LINK (veth peer's index), 0 none */
	int link_netnsid;	/* -1: same namespace */
};
/* Look IF up in NODE now (kernel). 1 found, 0 absent, -1 error (e). */
int net_link_get(const char *node, const char *ifname, struct net_linkinfo *li, struct err *e);
/* Same, but absence is an error that says where we looked. */
int net_link_need(const char *node, const char *ifname, struct net_linkinfo *li, struct err *e);
/* Name of ifindex in NODE (IFNAMSIZ); -1 if absent. */
int net_link_name(const char *node, int index, char *name);
/* The host's uplink: the interface of its default route (IPv4, else
 * IPv6); ifname "" when there is none. */
void net_host_uplink(char *ifname);

/* Send a request built with nlmsg_alloc_simple() on NODE's socket and
 * wait for the ACK; consumes msg. On failure e says fmt + errno text +
 * the kernel's message. */
int net_request(const char *node, struct nl_msg *msg, struct err *e, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#endif
