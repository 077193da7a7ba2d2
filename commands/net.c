/* net.c: what the network commands share: `ip`'s words for the
 * explanations, closing every socket on a namespace before it is deleted,
 * the completion kinds IFNODE and CIDR, and the after-command sweep of
 * sockets whose namespace went. The sockets and validators themselves are
 * in shell/kernel (nl.h, valid.h). */
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include "net.h"
#include "../shell/cmd.h"
#include "../shell/complete.h"
#include "../shell/world/net.h"

static bool is_host(const char *node)
{
	return !strcmp(node, "host");
}

const char *net_ip(const char *node)
{
	static char buf[NET_NODE_MAX + 8];

	if (is_host(node))
		return "ip ";
	snprintf(buf, sizeof buf, "ip -n %s ", node);
	return buf;
}

/* Close NODE's cached socket and namespace fd and the world model's
 * socket there: before deleting the namespace. */
void nl_forget_netns(const char *node)
{
	nl_drop_cached(node);
	world_net_forget(node);
}

/* ---- completion ---- */

/* IFNODE: "IF" for the host's interfaces, "IF@NODE" for the others. */
void complete_ifnode(const char *prefix, complete_add_fn add, void *ctx)
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
void complete_cidr(const char *prefix, complete_add_fn add, void *ctx)
{
	size_t pl = strlen(prefix);

	for (int i = 0; i < world_net_count(); i++) {
		const struct net_ns *ns = world_net_ns_at(i);
		for (int j = 0; j < ns->naddrs; j++)
			if (!strncmp(ns->addrs[j].cidr, prefix, pl))
				add(ns->addrs[j].cidr, ctx);
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
	nl_sweep(world_net_forget);
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
}
