/* probe-child.c: the child side of the checks that must try to know:
 * aisla re-executed as `aisla PROBE_ARGV1 TEST [ARG]` (probe.c starts it).
 * It makes a throw-away network namespace (in a user namespace of its own
 * when it is not root), tries one thing there, prints why it failed and
 * exits 0 or 1. The namespaces die with it: nothing stays behind.
 *
 *   userns [UID]   a user namespace mapped to root, a network namespace
 *                  in it and a veth there (as UID when given: root tries
 *                  for a user without privileges)
 *   link KIND      a veth pair, a bridge or a vxlan
 *   nft PATH       `nft add table inet aisla_probe`
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <sys/prctl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <netlink/netlink.h>
#include <netlink/route/link.h>
#include <netlink/route/link/bridge.h>
#include <netlink/route/link/veth.h>
#include <netlink/route/link/vxlan.h>
#include "err.h"
#include "i18n.h"
#include "rootless.h"
#include "probe.h"

/* Print why, and exit with what the parent needs to choose the fix:
 * PROBE_EXIT_LIMIT for ENOSPC (a namespace count limit), 1 otherwise. */
static int fail(const char *what, int errnum)
{
	printf("%s: %s\n", what, err_strerror(errnum));
	return errnum == ENOSPC ? PROBE_EXIT_LIMIT : 1;
}

/* A user namespace where this user is root (one uid mapped, as an
 * unprivileged process may write it itself). */
static int enter_userns(void)
{
	struct err e = ERR_INIT;

	if (rootless_userns(false, &e) == 0)
		return 0;
	printf("%s\n", e.msg);
	return e.errnum == ENOSPC ? PROBE_EXIT_LIMIT : 1;
}

/* A network namespace of our own: directly with the privilege for it,
 * else inside a user namespace first. */
static int enter_netns(void)
{
	if (unshare(CLONE_NEWNET) == 0)
		return 0;
	if (errno != EPERM || enter_userns() != 0)
		return fail("unshare(CLONE_NEWNET)", errno);
	if (unshare(CLONE_NEWNET) < 0)
		return fail("unshare(CLONE_NEWNET)", errno);
	return 0;
}

static int make_link(const char *kind)
{
	struct nl_sock *sk = nl_socket_alloc();
	struct rtnl_link *l = NULL;
	int rc;

	if (!sk || nl_connect(sk, NETLINK_ROUTE) < 0) {
		printf("netlink: %s\n", _("cannot open a netlink socket"));
		return 1;
	}
	if (!strcmp(kind, "veth")) {
		rc = rtnl_link_veth_add(sk, "probe0", "probe1", getpid());
	} else if (!strcmp(kind, "bridge")) {
		rc = rtnl_link_bridge_add(sk, "probebr0");
	} else if (!strcmp(kind, "vxlan")) {
		l = rtnl_link_vxlan_alloc();
		rtnl_link_set_name(l, "probevx0");
		rtnl_link_vxlan_set_id(l, 42);
		rtnl_link_vxlan_set_port(l, 4789);
		rc = rtnl_link_add(sk, l, NLM_F_CREATE | NLM_F_EXCL);
		rtnl_link_put(l);
	} else {
		printf("%s\n", kind);
		return 2;
	}
	nl_socket_free(sk);
	if (rc < 0) {
		printf("ip link add type %s: %s\n", kind, nl_geterror(rc));
		return 1;
	}
	return 0;
}

int probe_child_main(int argc, char **argv)
{
	const char *test = argc > 1 ? argv[1] : "", *arg = argc > 2 ? argv[2] : NULL;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!strcmp(test, "userns")) {
		if (arg) {
			/* root trying as a user without privileges */
			uid_t u = (uid_t)strtoul(arg, NULL, 10);
			if (setgroups(0, NULL) < 0 || setresgid(u, u, u) < 0 || setresuid(u, u, u) < 0)
				return fail("setresuid", errno);
			/* changing uid made us non-dumpable: /proc/self/ would
			 * stay root's and the maps unwritable */
			prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
		}
		if (enter_userns() != 0)
			return 1;
		if (unshare(CLONE_NEWNET) < 0)
			return fail(_("a network namespace inside it"), errno);
		return make_link("veth");
	}
	if (!strcmp(test, "link") && arg) {
		if (enter_netns() != 0)
			return 1;
		return make_link(arg);
	}
	if (!strcmp(test, "nft") && arg) {
		char *nargv[] = { (char *)"nft", (char *)"add", (char *)"table", (char *)"inet",
				  (char *)"aisla_probe", NULL };
		if (enter_netns() != 0)
			return 1;
		dup2(STDOUT_FILENO, STDERR_FILENO);
		execv(arg, nargv);
		return fail(arg, errno);
	}
	printf("?\n");
	return 2;
}
