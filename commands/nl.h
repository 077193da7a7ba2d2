/* nl.h: rtnetlink sockets, one per network namespace, for the network
 * commands and the world model.
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
 * nl_forget_netns() before deleting a namespace.
 *
 * Every socket asks for the kernel's extended ACK (NETLINK_EXT_ACK), so
 * nl_fail() can add the kernel's own explanation to an error.
 */
#ifndef AISLA_NL_H
#define AISLA_NL_H

#include <stdbool.h>
#include <stddef.h>
#include "../shell/err.h"

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

/* Close NODE's cached socket and namespace fd (and the world model's
 * socket there): call before deleting the namespace. */
void nl_forget_netns(const char *node);
/* Close every cached socket (exit). */
void nl_forget_all(void);

/* Read or write a sysctl of NODE's network namespace, e.g.
 * "net/ipv4/ip_forward" (the file under /proc/sys as that namespace sees
 * it, opened by a helper thread). read strips the trailing newline. */
int nl_sysctl_read(const char *node, const char *path, char *buf, size_t sz, struct err *e);
int nl_sysctl_write(const char *node, const char *path, const char *val, struct err *e);

/* Module init: completion providers of the network commands ("IFNODE",
 * "ADDR", "NETNODE"). main.c calls it once. */
void net_init(void);

#endif
