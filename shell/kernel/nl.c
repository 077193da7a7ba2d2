/* nl.c: rtnetlink sockets, one per network namespace (see nl.h): the
 * cache, the kernel's extended ACK in errors, the helper thread that opens
 * a socket inside another namespace, making a namespace, and sysctls as a
 * namespace sees them. No aisla policy here. */
#include <errno.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>
#include <netlink/msg.h>
#include <netlink/attr.h>
#include <netlink/errno.h>
#include "nl.h"
#include "nodes.h"
#include "../i18n.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

/* Longest name the cache keeps (longer ones are no node anyway). */
#define NL_NAME_MAX 64

/* One cached namespace. */
struct nlns {
	char name[NL_NAME_MAX];
	int fd;				/* netns fd */
	unsigned long long ino;
	struct nl_sock *sk;		/* request socket */
	struct nlns *next;
};

static struct nlns *cache;

/* The sweep of namespaces that went (end of file). */
static bool sweeping;
static void on_node_event(enum node_event ev, const char *name, void *arg);

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

void nl_clear_error(void)
{
	last_ack.error = 0;
	last_ack.msg[0] = '\0';
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
	if (strlen(node) >= NL_NAME_MAX)
		return err_set(e, _("node '%s' does not exist"), node);
	if (pp) {
		char p[sizeof NETNS_DIR "/" + NL_NAME_MAX];
		snprintf(p, sizeof p, NETNS_DIR "/%s", node);
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

void nl_forget_all(void)
{
	if (sweeping) {
		node_unwatch(on_node_event, NULL);
		sweeping = false;
	}
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
	if (op.sk && fd >= 0 && fstat(fd, &st) == 0 && strlen(node) < NL_NAME_MAX &&
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

/* ---- namespaces that went ---- */

/* Drop cached sockets whose namespace went from /run/netns. The watch on
 * /run/netns (nodes-watch.c) names what went: O(1) per command when
 * nothing changed. */
static void (*sweep_gone)(const char *node);

static void drop_if_stale(struct nlns **pp)
{
	struct nlns *n = *pp;
	char p[sizeof NETNS_DIR "/" + NL_NAME_MAX];
	struct stat st;
	char name[NL_NAME_MAX];

	snprintf(p, sizeof p, NETNS_DIR "/%s", n->name);
	if (stat(p, &st) == 0 && (unsigned long long)st.st_ino == n->ino)
		return;
	*pp = n->next;
	snprintf(name, sizeof name, "%s", n->name);
	nlns_free(n);
	if (sweep_gone)
		sweep_gone(name);
}

static void check_all(void)
{
	for (struct nlns **pp = &cache; *pp;) {
		struct nlns *n = *pp;
		if (!is_host(n->name))
			drop_if_stale(pp);
		if (*pp == n)
			pp = &n->next;
	}
}

static void on_node_event(enum node_event ev, const char *name, void *arg)
{
	(void)arg;
	if (ev == NODE_EV_NETNS_GONE) {
		struct nlns **pp = nlns_slot(name);
		if (pp && !is_host(name))
			drop_if_stale(pp);
	} else if (ev == NODE_EV_RESCAN) {
		check_all();
	}
}

void nl_sweep(void (*gone)(const char *node))
{
	sweep_gone = gone;
	if (!sweeping) {
		if (node_watch(on_node_event, NULL) < 0)
			return;
		sweeping = true;
		check_all();	/* just started watching: check everything once */
	}
	node_watch_read();
}
