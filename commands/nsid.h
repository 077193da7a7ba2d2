/* nsid.h: identities of network namespaces that the kernel never reuses.
 *
 * A freed nsfs inode number is handed out again at once (`ip netns del X;
 * ip netns add X` gets the same inode), so an inode is no identity. The
 * netns cookie is: a 64-bit counter the kernel gives each namespace at
 * birth (getsockopt(SO_NETNS_COOKIE) on any socket opened inside it,
 * Linux >= 5.14). On older kernels the identity falls back to the inode,
 * with a warning.
 *
 * Text form, as written in the journal: "c:COOKIE" or "i:INODE".
 */
#ifndef AISLA_NSID_H
#define AISLA_NSID_H

#include <stdbool.h>
#include <stddef.h>
#include "../shell/err.h"

#define NSID_MAX 32

/* The identity of the namespace a socket lives in (fallback_ino: the
 * namespace's inode, used when the kernel has no cookies). */
int nsid_of_sock(int sockfd, unsigned long long fallback_ino, char *id, size_t sz,
		 struct err *e);
/* The identity of the namespace of nsfd (an open /run/netns/X or
 * /proc/PID/ns/net): a short helper thread enters it and asks. */
int nsid_of_fd(int nsfd, char *id, size_t sz, struct err *e);
/* The same for many namespaces at once, in one helper thread: ids[i]
 * gets "" when fds[i] could not be entered. */
void nsid_of_fds(const int *fds, size_t n, char (*ids)[NSID_MAX]);
/* NODE's current namespace ("host" = aisla's own), through the request
 * socket the network commands keep there (nl_get). */
int nsid_of_node(const char *node, char *id, size_t sz, struct err *e);

/* "KEY=ID" for NODE's namespace, for a journal record (static buffer,
 * four slots); NULL if it cannot be read: put it last in a JKV list. */
const char *nsid_kv(const char *key, const char *node);

/* ---- marks on links ----
 * A mark aisla gives a link in the very request that creates it, written
 * in the intent first, so that a record never confirmed (aisla killed
 * right after the kernel made the link) still proves the link its own:
 * a random locally administered MAC on a veth end (a veth's MAC is
 * random anyway); a random link group on a bridge, put back to the
 * default group once the record is confirmed (a bridge's MAC follows
 * its ports unless set). */
void link_mark_mac(unsigned char mac[6], char *text, size_t sz);
unsigned link_mark_group(void);
/* Does IF in NODE carry the mark: "mac" (aa:bb:..) or "group" (a number)? */
bool link_has_mark(const char *node, const char *ifname, const char *what, const char *val);

/* Do two recorded identities name the same namespace? A cookie against
 * an inode (a journal from another kernel) never matches. */
bool nsid_same(const char *a, const char *b);

#endif
