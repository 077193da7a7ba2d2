/* valid.c: the words the kernel (and aisla's node registry) accept, each
 * checked in one place: node names, interface names, IF@NODE, addresses
 * with a prefix (see valid.h). */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "valid.h"
#include "nodes.h"
#include "../i18n.h"

static bool is_host(const char *node)
{
	return !strcmp(node, "host");
}

int net_ifname_valid(const char *name, struct err *e)
{
	size_t n = strlen(name);

	if (n == 0)
		return err_set(e, _("an interface name cannot be empty"));
	if (n >= IFNAMSIZ) {
		err_set(e, _("interface name '%s' is too long (%zu bytes; the kernel allows at most %d)"),
			name, n, IFNAMSIZ - 1);
		return err_hint(e, _("Linux keeps interface names in IFNAMSIZ = 16 bytes, the last one for the final zero"));
	}
	if (!strcmp(name, ".") || !strcmp(name, ".."))
		return err_set(e, _("'%s' is not a valid interface name"), name);
	for (const char *p = name; *p; p++)
		if (*p == '/' || *p == ':' || *p == ' ' || *p == '\t' || *p == '\n' ||
		    (unsigned char)*p < 0x20 || *p == 0x7f) {
			err_set(e, _("interface name '%s' contains a character the kernel does not accept ('%c')"),
				name, *p == '\t' || *p == '\n' ? ' ' : *p);
			return err_hint(e, _("interface names cannot contain '/', ':' or white space"));
		}
	return 0;
}

int net_node_valid(const char *node, struct err *e)
{
	if (is_host(node))
		return 0;
	if (node_name_valid(node, e) < 0)
		return -1;
	if (!node_exists(node)) {
		err_set(e, _("node '%s' does not exist"), node);
		return node_unknown_hint(node, e);
	}
	return 0;
}

/* The syntax of IF[@NODE], into ifname and node when given. */
static int ifnode_split(const char *word, char *ifname, char *node, struct err *e)
{
	const char *at = strrchr(word, '@');
	size_t n = at ? (size_t)(at - word) : strlen(word);
	char ifn[IFNAMSIZ];

	if (n >= IFNAMSIZ) {
		char tmp[256];
		snprintf(tmp, sizeof tmp, "%.*s", (int)n, word);
		return net_ifname_valid(tmp, e);
	}
	memcpy(ifn, word, n);
	ifn[n] = '\0';
	if (net_ifname_valid(ifn, e) < 0)
		return -1;
	if (ifname)
		memcpy(ifname, ifn, n + 1);
	if (!at) {
		if (node)
			strcpy(node, "host");
		return 0;
	}
	if (strlen(at + 1) >= NET_NODE_MAX)
		return err_set(e, _("invalid node name '%s'"), at + 1);
	if (!at[1]) {
		err_set(e, _("'%s': a node name is missing after '@'"), word);
		return err_hint(e, _("write IF@NODE, e.g. v-rojo@rojo, or just IF for the host"));
	}
	if (node)
		strcpy(node, at + 1);
	return 0;
}

int net_split_ifnode(const char *word, char *ifname, char *node, struct err *e)
{
	const char *at = strrchr(word, '@');

	if (ifnode_split(word, ifname, node, e) < 0)
		return -1;
	return at && !is_host(at + 1) ? node_name_valid(at + 1, e) : 0;
}

int net_ifnode_check(const char *word, struct err *e)
{
	return net_split_ifnode(word, NULL, NULL, e);
}

int net_parse_ifnode(const char *word, char *ifname, char *node, struct err *e)
{
	if (ifnode_split(word, ifname, node, e) < 0)
		return -1;
	return net_node_valid(node, e);
}

int net_cidr_check(const char *word, struct err *e)
{
	struct net_cidr c;

	return net_parse_cidr(word, &c, e);
}

const char *net_ifnode(const char *ifname, const char *node)
{
	static char buf[2][IFNAMSIZ + NET_NODE_MAX + 2];
	static int k;

	k ^= 1;
	if (is_host(node))
		snprintf(buf[k], sizeof buf[k], "%s", ifname);
	else
		snprintf(buf[k], sizeof buf[k], "%s@%s", ifname, node);
	return buf[k];
}

int net_parse_cidr(const char *s, struct net_cidr *c, struct err *e)
{
	char a[INET6_ADDRSTRLEN + 8];
	const char *slash = strchr(s, '/');
	size_t n = slash ? (size_t)(slash - s) : strlen(s);

	memset(c, 0, sizeof *c);
	if (n == 0 || n >= INET6_ADDRSTRLEN) {
		err_set(e, _("'%s' is not an IP address"), s);
		return err_hint(e, _("write an address with its prefix length, e.g. 10.0.0.1/24 or fd00::1/64"));
	}
	memcpy(a, s, n);
	a[n] = '\0';
	if (inet_pton(AF_INET, a, c->addr) == 1)
		c->family = AF_INET;
	else if (inet_pton(AF_INET6, a, c->addr) == 1)
		c->family = AF_INET6;
	else {
		err_set(e, _("'%s' is not an IP address"), s);
		return err_hint(e, _("write an address with its prefix length, e.g. 10.0.0.1/24 or fd00::1/64"));
	}
	int max = c->family == AF_INET ? 32 : 128;
	c->prefix = max;
	if (slash) {
		char *end;
		const char *p = slash + 1;
		if (!*p || *p == '-' || *p == '+' || *p == ' ')
			goto badprefix;
		long v = strtol(p, &end, 10);
		if (*end || v < 0 || v > max)
			goto badprefix;
		c->prefix = (int)v;
		c->has_prefix = true;
	}
	inet_ntop(c->family, c->addr, a, INET6_ADDRSTRLEN);
	snprintf(c->text, sizeof c->text, "%s/%d", a, c->prefix);
	return 0;
badprefix:
	err_set(e, _("'%s': the prefix length must be a number from 0 to %d"), s, max);
	return err_hint(e, _("/24 means the first 24 bits are the network: 10.0.0.1/24 is in 10.0.0.0-10.0.0.255"));
}

bool net_cidr_contains(const struct net_cidr *net, const unsigned char *addr, int family)
{
	if (family != net->family)
		return false;
	int bits = net->prefix, i = 0;
	for (; bits >= 8; bits -= 8, i++)
		if (net->addr[i] != addr[i])
			return false;
	if (bits) {
		unsigned char m = (unsigned char)(0xff << (8 - bits));
		if ((net->addr[i] & m) != (addr[i] & m))
			return false;
	}
	return true;
}

void net_cidr_network(struct net_cidr *c)
{
	int len = c->family == AF_INET ? 4 : 16, bits = c->prefix;
	char a[INET6_ADDRSTRLEN];

	for (int i = 0; i < len; i++, bits -= 8) {
		if (bits >= 8)
			continue;
		c->addr[i] &= bits > 0 ? (unsigned char)(0xff << (8 - bits)) : 0;
	}
	inet_ntop(c->family, c->addr, a, sizeof a);
	snprintf(c->text, sizeof c->text, "%s/%d", a, c->prefix);
}
