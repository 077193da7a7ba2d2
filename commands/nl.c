/* nl.c: rtnetlink sockets per network namespace (see nl.h), the kernel's
 * extended ACK in errors, sysctls inside a namespace, and the network
 * commands' completion providers. */
#include <errno.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/inotify.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>
#include <netlink/msg.h>
#include <netlink/attr.h>
#include <netlink/errno.h>
#include <netlink/cache.h>
#include <netlink/route/link.h>
#include <netlink/route/route.h>
#include <arpa/inet.h>
#include "nl.h"
#include "node.h"
#include "../shell/cmd.h"
#include "../shell/complete.h"
#include "../shell/i18n.h"
#include "../shell/world/net.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

/* One cached namespace. */
struct nlns {
	char name[NET_NS_NAME_MAX];
	int fd;				/* netns fd */
	unsigned long long ino;
	struct nl_sock *sk;		/* request socket */
	struct nlns *next;
};

static struct nlns *cache;

/* The last kernel error seen on any socket. Only the main thread talks
 * on the sockets (helpers only open them), so one slot is enough. */
static struct {
	int error;		/* positive errno */
	char msg[256];		/* extended ACK text, "" if none */
} last_ack;

/* libnl's error callback: remember the errno and the extended ACK text
 * (NLMSGERR_ATTR_MSG after the echoed request) before libnl maps the
 * errno to its own codes and drops the rest. */
static int
ack_err_cb(struct sockaddr_nl *nla, struct nlmsgerr *nlerr, void *arg)
{
	(void)nla; (void)arg;
	struct nlmsghdr *h = (struct nlmsghdr *)((char *)nlerr - NLMSG_HDRLEN);

	last_ack.error = nlerr->error < 0 ? -nlerr->error : nlerr->error;
	last_ack.msg[0] = '\0';
	if (!(h->nlmsg_flags & NLM_F_ACK_TLVS))
		return NL_STOP;
	size_t off = sizeof(*nlerr);
	if (!(h->nlmsg_flags & NLM_F_CAPPED))
		off += nlerr->msg.nlmsg_len - NLMSG_HDRLEN;
	size_t total = h->nlmsg_len - NLMSG_HDRLEN;
	if (off >= total)
		return NL_STOP;
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	if (nla_parse(tb, NLMSGERR_ATTR_MAX, (struct nlattr *)((char *)nlerr + off),
		      (int)(total - off), NULL) < 0)
		return NL_STOP;
	if (tb[NLMSGERR_ATTR_MSG]) {
		const char *m = nla_data(tb[NLMSGERR_ATTR_MSG]);
		size_t n = strnlen(m, (size_t)nla_len(tb[NLMSGERR_ATTR_MSG]));
		if (n >= sizeof last_ack.msg)
			n = sizeof last_ack.msg - 1;
		memcpy(last_ack.msg, m, n);
		last_ack.msg[n] = '\0';
	}
	return NL_STOP;
}

void nl_sock_setup(struct nl_sock *sk)
{
	int one = 1, fd = nl_socket_get_fd(sk);

	if (fd >= 0) {
		setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof one);
		setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof one);
	}
	nl_socket_modify_err_cb(sk, NL_CB_CUSTOM, ack_err_cb, NULL);
}

/* Errno for a libnl error when the kernel did not give one. */
static int nle_errno(int nlerr)
{
	switch (nlerr < 0 ? -nlerr : nlerr) {
	case NLE_NOMEM: return ENOMEM;
	case NLE_EXIST: return EEXIST;
	case NLE_OBJ_NOTFOUND: return ENOENT;
	case NLE_NODEV: return ENODEV;
	case NLE_PERM: return EPERM;
	case NLE_BUSY: return EBUSY;
	case NLE_INVAL: return EINVAL;
	case NLE_RANGE: return ERANGE;
	case NLE_OPNOTSUPP: return EOPNOTSUPP;
	case NLE_AF_NOSUPPORT: return EAFNOSUPPORT;
	case NLE_NOACCESS: return EACCES;
	case NLE_AGAIN: return EAGAIN;
	default: return 0;
	}
}

int nl_fail(struct err *e, struct nl_sock *sk, int nlerr, const char *fmt, ...)
{
	(void)sk;
	char head[ERR_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(head, sizeof head, fmt, ap);
	va_end(ap);
	int en = last_ack.error ? last_ack.error : nle_errno(nlerr);
	if (en)
		err_errno(e, en, "%s", head);
	else
		err_set(e, "%s: %s", head, nl_geterror(nlerr));
	if (last_ack.msg[0]) {
		size_t n = strlen(e->msg);
		snprintf(e->msg + n, sizeof e->msg - n, _(" (the kernel says: %s)"), last_ack.msg);
	}
	last_ack.error = 0;
	last_ack.msg[0] = '\0';
	return -1;
}

int nl_last_errno(struct nl_sock *sk)
{
	(void)sk;
	return last_ack.error;
}

/* ---- helper threads ---- */

struct helper {
	int nsfd;
	int (*fn)(void *, struct err *);
	void *arg;
	struct err *e;
	int rc;
};

static void *helper_main(void *p)
{
	struct helper *h = p;

	/* Only this thread changes namespace; it exits right after. */
	if (setns(h->nsfd, CLONE_NEWNET) < 0) {
		h->rc = err_errno(h->e, errno, _("could not enter a network namespace"));
		if (errno == EPERM)
			err_hint(h->e, _("entering a namespace needs CAP_SYS_ADMIN: run aisla as root (sudo)"));
		return NULL;
	}
	h->rc = h->fn(h->arg, h->e);
	return NULL;
}

int nl_in_netns(int nsfd, int (*fn)(void *arg, struct err *e), void *arg, struct err *e)
{
	struct helper h = { .nsfd = nsfd, .fn = fn, .arg = arg, .e = e, .rc = -1 };
	pthread_t t;
	int rc = pthread_create(&t, NULL, helper_main, &h);

	if (rc)
		return err_errno(e, rc, _("could not start a helper thread"));
	pthread_join(t, NULL);
	return h.rc;
}

static int connect_fn(void *arg, struct err *e)
{
	struct nl_sock *sk = arg;
	int rc = nl_connect(sk, NETLINK_ROUTE);

	if (rc < 0)
		return err_set(e, _("could not open a netlink socket: %s"), nl_geterror(rc));
	return 0;
}

int nl_open_in(int nsfd, struct nl_sock **skp, struct err *e)
{
	struct nl_sock *sk = nl_socket_alloc();

	if (!sk)
		return err_errno(e, ENOMEM, _("could not open a netlink socket"));
	int rc = nsfd < 0 ? connect_fn(sk, e) : nl_in_netns(nsfd, connect_fn, sk, e);
	if (rc < 0) {
		nl_socket_free(sk);
		return -1;
	}
	fcntl(nl_socket_get_fd(sk), F_SETFD, FD_CLOEXEC);
	nl_sock_setup(sk);
	*skp = sk;
	return 0;
}

/* ---- the cache ---- */

static void nlns_free(struct nlns *n)
{
	if (n->sk)
		nl_socket_free(n->sk);
	if (n->fd >= 0)
		close(n->fd);
	free(n);
}

static struct nlns **nlns_slot(const char *node)
{
	struct nlns **pp;

	for (pp = &cache; *pp; pp = &(*pp)->next)
		if (!strcmp((*pp)->name, node))
			return pp;
	return NULL;
}

static bool is_host(const char *node)
{
	return !strcmp(node, "host");
}

/* The cached entry for node, (re)opened when missing or stale. The
 * check is one stat of /run/netns/NODE (its inode is the namespace's);
 * only a node without that mount asks node_netns_fd. */
static int nlns_get(const char *node, struct nlns **out, struct err *e)
{
	struct nlns **pp = nlns_slot(node);
	int fd;
	struct stat st;

	if (pp && is_host(node)) {
		*out = *pp;
		return 0;
	}
	if (strlen(node) >= NET_NS_NAME_MAX)
		return err_set(e, _("node '%s' does not exist"), node);
	if (pp) {
		char p[sizeof "/run/netns/" + NET_NS_NAME_MAX];
		snprintf(p, sizeof p, "/run/netns/%s", node);
		if (stat(p, &st) == 0 && (unsigned long long)st.st_ino == (*pp)->ino) {
			*out = *pp;
			return 0;
		}
	}
	if (node_netns_fd(node, &fd, e) < 0) {
		if (pp) {	/* gone: drop the stale socket (only ours: the world
				 * model may be walking its namespaces right now, and
				 * notices on its own through inotify) */
			struct nlns *n = *pp;
			*pp = n->next;
			nlns_free(n);
		}
		return -1;
	}
	if (fstat(fd, &st) < 0) {
		int en = errno;
		close(fd);
		return err_errno(e, en, _("could not open node '%s'"), node);
	}
	if (pp) {
		if ((*pp)->ino == (unsigned long long)st.st_ino) {
			close(fd);
			*out = *pp;
			return 0;
		}
		/* Same name, another namespace: forget the old one. */
		struct nlns *old = *pp;
		*pp = old->next;
		nlns_free(old);
	}
	struct nlns *n = calloc(1, sizeof *n);
	if (!n) {
		close(fd);
		return err_errno(e, ENOMEM, _("could not open node '%s'"), node);
	}
	snprintf(n->name, sizeof n->name, "%s", node);
	n->fd = fd;
	n->ino = st.st_ino;
	if (nl_open_in(is_host(node) ? -1 : fd, &n->sk, e) < 0) {
		err_wrap(e, _("node '%s': "), node);
		nlns_free(n);
		return -1;
	}
	n->next = cache;
	cache = n;
	*out = n;
	return 0;
}

int nl_get(const char *node, struct nl_sock **sk, struct err *e)
{
	struct nlns *n;

	if (nlns_get(node, &n, e) < 0)
		return -1;
	last_ack.error = 0;
	last_ack.msg[0] = '\0';
	*sk = n->sk;
	return 0;
}

int nl_netns(const char *node, int *fd, unsigned long long *ino, struct err *e)
{
	struct nlns *n;

	if (nlns_get(node, &n, e) < 0)
		return -1;
	if (fd)
		*fd = n->fd;
	if (ino)
		*ino = n->ino;
	return 0;
}

void nl_drop_cached(const char *node)
{
	struct nlns **pp = nlns_slot(node);

	if (pp && strcmp(node, "host")) {
		struct nlns *n = *pp;
		*pp = n->next;
		nlns_free(n);
	}
}

void nl_forget_netns(const char *node)
{
	nl_drop_cached(node);
	world_net_forget(node);
}

void nl_forget_all(void)
{
	while (cache) {
		struct nlns *n = cache;
		cache = n->next;
		nlns_free(n);
	}
}

/* ---- making a namespace ---- */

struct create_op {
	const char *path;
	int step, errnum;
	struct nl_sock *sk;
};

static void *create_main(void *p)
{
	struct create_op *op = p;

	if (unshare(CLONE_NEWNET) < 0) {
		op->step = 1;
		op->errnum = errno;
		return NULL;
	}
	/* /proc/thread-self: in a thread /proc/self is the process's (the
	 * host's) namespace, not this thread's new one. */
	if (mount("/proc/thread-self/ns/net", op->path, "none", MS_BIND, NULL) < 0) {
		op->step = 2;
		op->errnum = errno;
		return NULL;
	}
	op->sk = nl_socket_alloc();
	if (op->sk && nl_connect(op->sk, NETLINK_ROUTE) < 0) {
		nl_socket_free(op->sk);
		op->sk = NULL;
	}
	return NULL;
}

int nl_netns_create(const char *node, const char *path, int *step, int *errnum)
{
	struct create_op op = { .path = path };
	pthread_t t;
	int rc = pthread_create(&t, NULL, create_main, &op);

	if (rc) {
		*step = 1;
		*errnum = rc;
		return -1;
	}
	pthread_join(t, NULL);
	if (op.step) {
		*step = op.step;
		*errnum = op.errnum;
		return -1;
	}
	/* Cache the socket made inside, with the namespace's fd. */
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	struct nlns *n = NULL;
	if (op.sk && fd >= 0 && fstat(fd, &st) == 0 && strlen(node) < NET_NS_NAME_MAX &&
	    (n = calloc(1, sizeof *n))) {
		nl_drop_cached(node);
		snprintf(n->name, sizeof n->name, "%s", node);
		n->fd = fd;
		n->ino = st.st_ino;
		n->sk = op.sk;
		fcntl(nl_socket_get_fd(op.sk), F_SETFD, FD_CLOEXEC);
		nl_sock_setup(op.sk);
		n->next = cache;
		cache = n;
		return 0;
	}
	if (fd >= 0)
		close(fd);
	if (op.sk)
		nl_socket_free(op.sk);
	return 0;
}

/* ---- sysctls inside a namespace ---- */

struct sysctl_op {
	const char *path;
	char *buf;		/* read: out; write: value */
	size_t sz;
	bool write;
};

static int sysctl_fn(void *arg, struct err *e)
{
	struct sysctl_op *op = arg;
	char p[256];

	snprintf(p, sizeof p, "/proc/sys/%s", op->path);
	int fd = open(p, (op->write ? O_WRONLY : O_RDONLY) | O_CLOEXEC);
	if (fd < 0)
		return err_errno(e, errno, _("could not open '%s'"), p);
	if (op->write) {
		size_t n = strlen(op->buf);
		ssize_t w = write(fd, op->buf, n);
		int en = errno;
		close(fd);
		if (w != (ssize_t)n)
			return err_errno(e, w < 0 ? en : EIO, _("could not write '%s'"), p);
		return 0;
	}
	ssize_t r = read(fd, op->buf, op->sz - 1);
	int en = errno;
	close(fd);
	if (r < 0)
		return err_errno(e, en, _("could not read '%s'"), p);
	op->buf[r] = '\0';
	while (r > 0 && (op->buf[r - 1] == '\n' || op->buf[r - 1] == ' '))
		op->buf[--r] = '\0';
	return 0;
}

static int sysctl_do(const char *node, struct sysctl_op *op, struct err *e)
{
	if (is_host(node))
		return sysctl_fn(op, e);
	int fd;
	if (nl_netns(node, &fd, NULL, e) < 0)
		return -1;
	return nl_in_netns(fd, sysctl_fn, op, e);
}

int nl_sysctl_read(const char *node, const char *path, char *buf, size_t sz, struct err *e)
{
	struct sysctl_op op = { .path = path, .buf = buf, .sz = sz, .write = false };

	return sysctl_do(node, &op, e);
}

int nl_sysctl_write(const char *node, const char *path, const char *val, struct err *e)
{
	char v[64];
	struct sysctl_op op = { .path = path, .buf = v, .sz = sizeof v, .write = true };

	snprintf(v, sizeof v, "%s\n", val);
	return sysctl_do(node, &op, e);
}

/* ---- helpers of the network commands ---- */

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
		return err_hint(e, _("create it first with 'netns add %s'"), node);
	}
	return 0;
}

int net_parse_ifnode(const char *word, char *ifname, char *node, struct err *e)
{
	const char *at = strrchr(word, '@');
	size_t n = at ? (size_t)(at - word) : strlen(word);

	if (n >= IFNAMSIZ) {
		char tmp[256];
		snprintf(tmp, sizeof tmp, "%.*s", (int)n, word);
		return net_ifname_valid(tmp, e);
	}
	memcpy(ifname, word, n);
	ifname[n] = '\0';
	if (net_ifname_valid(ifname, e) < 0)
		return -1;
	if (!at) {
		strcpy(node, "host");
		return 0;
	}
	if (strlen(at + 1) >= NET_NODE_MAX)
		return err_set(e, _("invalid node name '%s'"), at + 1);
	strcpy(node, at + 1);
	if (!node[0]) {
		err_set(e, _("'%s': a node name is missing after '@'"), word);
		return err_hint(e, _("write IF@NODE, e.g. v-rojo@rojo, or just IF for the host"));
	}
	return net_node_valid(node, e);
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

const char *net_ip(const char *node)
{
	static char buf[NET_NODE_MAX + 8];

	if (is_host(node))
		return "ip ";
	snprintf(buf, sizeof buf, "ip -n %s ", node);
	return buf;
}

static void linkinfo_fill(struct rtnl_link *l, struct net_linkinfo *li)
{
	const char *t = rtnl_link_get_type(l);
	int32_t id;

	memset(li, 0, sizeof *li);
	li->index = rtnl_link_get_ifindex(l);
	snprintf(li->kind, sizeof li->kind, "%s", t ? t : "");
	li->flags = rtnl_link_get_flags(l);
	li->master = rtnl_link_get_master(l);
	li->link = rtnl_link_get_link(l);
	li->link_netnsid = rtnl_link_get_link_netnsid(l, &id) == 0 ? id : -1;
}

int net_link_get(const char *node, const char *ifname, struct net_linkinfo *li, struct err *e)
{
	struct nl_sock *sk;
	struct rtnl_link *l = NULL;

	if (nl_get(node, &sk, e) < 0)
		return -1;
	int rc = rtnl_link_get_kernel(sk, 0, ifname, &l);
	if (rc == -NLE_OBJ_NOTFOUND || rc == -NLE_NODEV || (rc < 0 && last_ack.error == ENODEV)) {
		last_ack.error = 0;
		last_ack.msg[0] = '\0';
		return 0;
	}
	if (rc < 0)
		return nl_fail(e, sk, rc, _("could not read interface '%s'"), net_ifnode(ifname, node));
	if (li)
		linkinfo_fill(l, li);
	rtnl_link_put(l);
	return 1;
}

int net_link_need(const char *node, const char *ifname, struct net_linkinfo *li, struct err *e)
{
	int rc = net_link_get(node, ifname, li, e);

	if (rc < 0)
		return -1;
	if (rc == 0) {
		if (is_host(node))
			err_set(e, _("there is no interface '%s' in the host"), ifname);
		else
			err_set(e, _("there is no interface '%s' in node '%s'"), ifname, node);
		return err_hint(e, _("'link list %s' shows the interfaces there"),
				is_host(node) ? "host" : node);
	}
	return 0;
}

int net_link_name(const char *node, int index, char *name)
{
	struct nl_sock *sk;
	struct rtnl_link *l = NULL;
	struct err e = ERR_INIT;

	if (nl_get(node, &sk, &e) < 0)
		return -1;
	if (rtnl_link_get_kernel(sk, index, NULL, &l) < 0) {
		last_ack.error = 0;
		return -1;
	}
	snprintf(name, IFNAMSIZ, "%s", rtnl_link_get_name(l) ? rtnl_link_get_name(l) : "");
	rtnl_link_put(l);
	return 0;
}

void net_host_uplink(char *ifname)
{
	struct nl_sock *sk;
	struct nl_cache *c = NULL;
	struct err e = ERR_INIT;
	int idx = 0;

	ifname[0] = '\0';
	if (nl_get("host", &sk, &e) < 0)
		return;
	for (int fam = 0; fam < 2 && !idx; fam++) {
		if (rtnl_route_alloc_cache(sk, fam ? AF_INET6 : AF_INET, 0, &c) < 0)
			continue;
		for (struct nl_object *o = nl_cache_get_first(c); o; o = nl_cache_get_next(o)) {
			struct rtnl_route *r = (struct rtnl_route *)o;
			struct nl_addr *d = rtnl_route_get_dst(r);
			if (rtnl_route_get_table(r) != RT_TABLE_MAIN || (d && nl_addr_get_prefixlen(d) != 0))
				continue;
			if (rtnl_route_get_nnexthops(r) > 0) {
				idx = rtnl_route_nh_get_ifindex(rtnl_route_nexthop_n(r, 0));
				if (idx)
					break;
			}
		}
		nl_cache_free(c);
		c = NULL;
	}
	if (idx)
		net_link_name("host", idx, ifname);
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

int net_request(const char *node, struct nl_msg *msg, struct err *e, const char *fmt, ...)
{
	struct nl_sock *sk;
	char head[ERR_MSG_MAX];
	va_list ap;

	if (nl_get(node, &sk, e) < 0) {
		nlmsg_free(msg);
		return -1;
	}
	int rc = nl_send_sync(sk, msg);
	if (rc >= 0)
		return 0;
	va_start(ap, fmt);
	vsnprintf(head, sizeof head, fmt, ap);
	va_end(ap);
	return nl_fail(e, sk, rc, "%s", head);
}

/* ---- completion ---- */

/* IFNODE: "IF" for the host's interfaces, "IF@NODE" for the others. */
static void complete_ifnode(const char *prefix, complete_add_fn add, void *ctx)
{
	size_t pl = strlen(prefix);
	char w[IFNAMSIZ + NET_NS_NAME_MAX + 2];

	for (int i = 0; i < world_net_count(); i++) {
		const struct net_ns *ns = world_net_ns_at(i);
		for (int j = 0; j < ns->nlinks; j++) {
			if (is_host(ns->name))
				snprintf(w, sizeof w, "%s", ns->links[j].name);
			else
				snprintf(w, sizeof w, "%s@%s", ns->links[j].name, ns->name);
			if (!strncmp(w, prefix, pl))
				add(w, ctx);
		}
	}
}

/* CIDR: the addresses already present anywhere (for addr del). */
static void complete_cidr(const char *prefix, complete_add_fn add, void *ctx)
{
	size_t pl = strlen(prefix);

	for (int i = 0; i < world_net_count(); i++) {
		const struct net_ns *ns = world_net_ns_at(i);
		for (int j = 0; j < ns->naddrs; j++)
			if (!strncmp(ns->addrs[j].cidr, prefix, pl))
				add(ns->addrs[j].cidr, ctx);
	}
}

/* Drop cached sockets whose namespace went from /run/netns. An inotify
 * watch on /run/netns names what went (O(1) per command when nothing
 * changed); until the directory exists, a stat of each entry does. */
static int sweep_fd = -1, sweep_wd = -1;

static void drop_if_stale(struct nlns **pp)
{
	struct nlns *n = *pp;
	char p[sizeof "/run/netns/" + NET_NS_NAME_MAX];
	struct stat st;
	char name[NET_NS_NAME_MAX];

	snprintf(p, sizeof p, "/run/netns/%s", n->name);
	if (stat(p, &st) == 0 && (unsigned long long)st.st_ino == n->ino)
		return;
	*pp = n->next;
	snprintf(name, sizeof name, "%s", n->name);
	nlns_free(n);
	world_net_forget(name);
}

static void nl_sweep(void)
{
	if (sweep_fd < 0)
		sweep_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (sweep_fd >= 0 && sweep_wd < 0) {
		sweep_wd = inotify_add_watch(sweep_fd, "/run/netns", IN_DELETE | IN_MOVED_FROM);
		if (sweep_wd < 0)
			return;	/* no /run/netns: nothing of ours can be there */
		/* Just started watching: check everything once. */
		for (struct nlns **pp = &cache; *pp;) {
			struct nlns *n = *pp;
			if (!is_host(n->name))
				drop_if_stale(pp);
			if (*pp == n)
				pp = &n->next;
		}
		return;
	}
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	ssize_t len;
	while ((len = read(sweep_fd, buf, sizeof buf)) > 0) {
		for (char *q = buf; q < buf + len;) {
			struct inotify_event *ev = (struct inotify_event *)q;
			q += sizeof *ev + ev->len;
			if (ev->mask & IN_IGNORED) {	/* /run/netns itself went */
				sweep_wd = -1;
				continue;
			}
			struct nlns **pp = ev->len ? nlns_slot(ev->name) : NULL;
			if (pp && !is_host(ev->name))
				drop_if_stale(pp);
		}
	}
}

/* After every command: a namespace deleted by it (netns del, node del,
 * or ip through `!`) must lose our sockets now, or it stays alive with
 * the veth ends inside it. */
void net_after_command(struct cmd_ctx *ctx, const struct args *a, char *const *explain,
		       int nexplain)
{
	(void)ctx; (void)a; (void)explain; (void)nexplain;
	world_net_pending();
	nl_sweep();
}

void net_init(void)
{
	struct rlimit rl;

	/* A socket and a namespace fd per node: a 200-node lab needs more
	 * than the default 1024 descriptors. */
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max && rl.rlim_cur < 65536) {
		rl.rlim_cur = rl.rlim_max < 65536 ? rl.rlim_max : 65536;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	complete_register("IFNODE", complete_ifnode);
	complete_register("CIDR", complete_cidr);
}
