/* nsid.c: netns identities that are never reused (see nsid.h). */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>
#include <netlink/addr.h>
#include <netlink/route/link.h>
#include "net.h"
#include "nsid.h"
#include "../shell/i18n.h"
#include "../shell/out.h"

#ifndef SO_NETNS_COOKIE
#define SO_NETNS_COOKIE 71
#endif

/* Say once per process that identities are weaker here. */
static void warn_no_cookie(void)
{
	static bool said;

	if (said)
		return;
	said = true;
	out_eprintf("%s\n", _("warning: this kernel has no netns cookies (Linux 5.14 or later "
			      "has them): aisla tells its network namespaces apart by inode "
			      "number, which the kernel reuses"));
}

int nsid_of_sock(int sockfd, unsigned long long fallback_ino, char *id, size_t sz,
		 struct err *e)
{
	unsigned long long cookie = 0;
	socklen_t len = sizeof cookie;

	if (getsockopt(sockfd, SOL_SOCKET, SO_NETNS_COOKIE, &cookie, &len) == 0 &&
	    len == sizeof cookie) {
		snprintf(id, sz, "c:%llu", cookie);
		return 0;
	}
	if (errno != ENOPROTOOPT || !fallback_ino)
		return err_errno(e, errno, _("could not read the identity of a network namespace"));
	warn_no_cookie();
	snprintf(id, sz, "i:%llu", fallback_ino);
	return 0;
}

/* Inside the namespace (a helper thread): open a socket and ask it. */
static int ask_here(unsigned long long ino, char *id, size_t sz, struct err *e)
{
	int s = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (s < 0)
		return err_errno(e, errno, _("could not read the identity of a network namespace"));
	int rc = nsid_of_sock(s, ino, id, sz, e);
	close(s);
	return rc;
}

struct one_op {
	int fd;
	char *id;
	size_t sz;
	unsigned long long ino;
};

static int one_fn(void *arg, struct err *e)
{
	struct one_op *op = arg;
	return ask_here(op->ino, op->id, op->sz, e);
}

int nsid_of_fd(int nsfd, char *id, size_t sz, struct err *e)
{
	struct stat st;
	struct one_op op = { .fd = nsfd, .id = id, .sz = sz };

	if (fstat(nsfd, &st) < 0)
		return err_errno(e, errno, _("could not read the identity of a network namespace"));
	op.ino = st.st_ino;
	return nl_in_netns(nsfd, one_fn, &op, e);
}

struct many_op {
	const int *fds;
	size_t n;
	char (*ids)[NSID_MAX];
};

static void *many_main(void *arg)
{
	struct many_op *op = arg;
	struct err e = ERR_INIT;
	struct stat st;

	/* Only this thread changes namespace, visiting each in turn; it
	 * exits right after. */
	for (size_t i = 0; i < op->n; i++) {
		op->ids[i][0] = '\0';
		if (op->fds[i] < 0 || fstat(op->fds[i], &st) < 0 ||
		    setns(op->fds[i], CLONE_NEWNET) < 0)
			continue;
		if (ask_here(st.st_ino, op->ids[i], NSID_MAX, &e) < 0)
			op->ids[i][0] = '\0';
		err_clear(&e);
	}
	return NULL;
}

void nsid_of_fds(const int *fds, size_t n, char (*ids)[NSID_MAX])
{
	struct many_op op = { fds, n, ids };
	pthread_t t;

	if (n == 0)
		return;
	if (pthread_create(&t, NULL, many_main, &op) != 0) {
		for (size_t i = 0; i < n; i++) {
			struct err e = ERR_INIT;
			if (fds[i] < 0 || nsid_of_fd(fds[i], ids[i], NSID_MAX, &e) < 0)
				ids[i][0] = '\0';
		}
		return;
	}
	pthread_join(t, NULL);
}

int nsid_of_node(const char *node, char *id, size_t sz, struct err *e)
{
	struct nl_sock *sk;
	unsigned long long ino;

	if (nl_get(node, &sk, e) < 0 || nl_netns(node, NULL, &ino, e) < 0)
		return -1;
	return nsid_of_sock(nl_socket_get_fd(sk), ino, id, sz, e);
}

const char *nsid_kv(const char *key, const char *node)
{
	static char buf[4][NSID_MAX + 24];
	static int k;
	char id[NSID_MAX];
	struct err e = ERR_INIT;

	if (nsid_of_node(node, id, sizeof id, &e) < 0)
		return NULL;
	k = (k + 1) % 4;
	snprintf(buf[k], sizeof buf[k], "%.20s=%s", key, id);
	return buf[k];
}

void link_mark_mac(unsigned char mac[6], char *text, size_t sz)
{
	if (getrandom(mac, 6, 0) != 6)
		for (int i = 0; i < 6; i++)
			mac[i] = (unsigned char)(rand() >> 3);
	mac[0] = (unsigned char)((mac[0] & 0xfc) | 0x02);	/* unicast, locally administered */
	snprintf(text, sz, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2], mac[3], mac[4],
		 mac[5]);
}

unsigned link_mark_group(void)
{
	unsigned g = 0;
	if (getrandom(&g, sizeof g, 0) != (ssize_t)sizeof g)
		g = (unsigned)rand();
	return 0x20000000u | (g & 0x1fffffffu);
}

bool link_has_mark(const char *node, const char *ifname, const char *what, const char *val)
{
	struct nl_sock *sk;
	struct rtnl_link *l = NULL;
	struct err e = ERR_INIT;
	char buf[64] = "";
	bool same = false;

	if (!val || !*val || nl_get(node, &sk, &e) < 0 || rtnl_link_get_kernel(sk, 0, ifname, &l) < 0)
		return false;
	if (!strcmp(what, "mac") && rtnl_link_get_addr(l))
		same = !strcasecmp(nl_addr2str(rtnl_link_get_addr(l), buf, sizeof buf), val);
	else if (!strcmp(what, "group"))
		same = strtoul(val, NULL, 10) == rtnl_link_get_group(l);
	rtnl_link_put(l);
	return same;
}

bool nsid_same(const char *a, const char *b)
{
	return a && b && *a && !strcmp(a, b);
}
