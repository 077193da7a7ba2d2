/* valid.h: the words the kernel and the node registry accept, each
 * checked in exactly one place (commands, the dispatcher and the lesson
 * checks all use these). Every check fills e with a Spanish error and a
 * hint and returns -1, or returns 0.
 */
#ifndef AISLA_KERNEL_VALID_H
#define AISLA_KERNEL_VALID_H

#include <stdbool.h>
#include <net/if.h>
#include <netinet/in.h>
#include "../err.h"
#include "nodes.h"

/* Room for a node word in IF@NODE buffers (longer words are refused). */
#define NET_NODE_MAX 64

/* node_name_valid() (a node's name: 1-15 of [A-Za-z0-9_.-], not
 * starting with - or .) is the registry's rule, in nodes.h. */
/* Check an interface name as the kernel does: 1-15 bytes, no '/', ':'
 * or white space, not "." or "..". */
int net_ifname_valid(const char *name, struct err *e);
/* Check a node word: "host", or an existing node. */
int net_node_valid(const char *node, struct err *e);
/* Split "IF[@NODE]" into ifname (IFNAMSIZ) and node (NET_NODE_MAX,
 * "host" when bare) and check both. */
int net_parse_ifnode(const char *word, char *ifname, char *node, struct err *e);
/* The syntax of IF[@NODE] alone (the node need not exist yet): the
 * same errors as net_parse_ifnode gives for a malformed word. */
int net_ifnode_check(const char *word, struct err *e);
/* net_ifnode_check, and the parts into ifname (IFNAMSIZ) and node
 * (NET_NODE_MAX, "host" when bare) when it passes. */
int net_split_ifnode(const char *word, char *ifname, char *node, struct err *e);
/* "IF" for the host, "IF@NODE" otherwise (static buffer, two slots). */
const char *net_ifnode(const char *ifname, const char *node);

/* An address or prefix. */
struct net_cidr {
	int family;			/* AF_INET, AF_INET6 */
	unsigned char addr[16];
	int prefix;			/* 0-32 / 0-128 */
	bool has_prefix;		/* "/N" was written */
	char text[INET6_ADDRSTRLEN + 16];	/* normalised "10.0.0.1/24" */
};
/* Parse "ADDR[/N]" (IPv4 or IPv6). A bare address gets /32 or /128. */
int net_parse_cidr(const char *s, struct net_cidr *c, struct err *e);
/* The syntax of ADDR[/N] alone (net_parse_cidr, result dropped). */
int net_cidr_check(const char *word, struct err *e);
/* Does prefix net (its first prefix bits) contain addr? */
bool net_cidr_contains(const struct net_cidr *net, const unsigned char *addr, int family);
/* Zero the host bits: 10.0.0.7/24 -> 10.0.0.0/24 (text updated). */
void net_cidr_network(struct net_cidr *c);

#endif
