/* cmd-netns.c: `netns add|del NODE`, `netns list`: network-only nodes,
 * made exactly as `ip netns add` makes them (a bind mount under
 * /run/netns), so iproute2 sees them and aisla sees iproute2's. */
#include <stdio.h>
#include <stdlib.h>
#include "node.h"
#include "../shell/cmd.h"
#include "../shell/i18n.h"
#include "../shell/out.h"

static int cmd_netns_add_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	(void)ctx;
	for (int i = 0; i < a->argc; i++)
		if (node_name_free(a->argv[i], e) < 0)
			return -1;
	for (int i = 0; i < a->argc; i++) {
		if (node_netns_add(a->argv[i], e) < 0)
			return -1;
		out_printf(_("network namespace '%s' created (only lo, down)\n"), a->argv[i]);
	}
	return 0;
}

static int cmd_netns_del_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	(void)ctx;
	for (int i = 0; i < a->argc; i++) {
		struct node_info ni;
		if (node_get(a->argv[i], &ni, e) < 0)
			return -1;
		if (ni.holder) {
			err_set(e, _("'%s' is a node with more namespaces than the network one (%s)"),
				a->argv[i], ns_mask_names(ni.mask));
			return err_hint(e, _("remove it whole with `node del %s`"), a->argv[i]);
		}
	}
	for (int i = 0; i < a->argc; i++) {
		if (node_del(a->argv[i], e) < 0)
			return -1;
		out_printf(_("network namespace '%s' removed\n"), a->argv[i]);
	}
	return 0;
}

static void list_one(const char *name, void *arg)
{
	int *n = arg;
	struct node_info ni;
	struct err e = ERR_INIT;
	if (node_get(name, &ni, &e) < 0 || !(ni.mask & NS_NET))
		return;
	(*n)++;
	if (ni.holder)
		out_printf("%-15s  %s\n", name, ns_mask_names(ni.mask));
	else
		out_printf("%-15s  %s\n", name, ni.aisla ? "net" : _("net (made with ip netns)"));
}

static int cmd_netns_list_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	int n = 0;
	(void)ctx; (void)a; (void)e;
	node_foreach(list_one, &n);
	if (!n)
		out_printf("%s\n", _("No network namespaces. Create one with `netns add NAME`."));
	return 0;
}

static void cmd_netns_add_explain(struct cmd_ctx *ctx, const struct args *a)
{
	for (int i = 0; i < a->argc; i++)
		cmd_explain(ctx, "ip netns add %s", a->argv[i]);
}

static void cmd_netns_del_explain(struct cmd_ctx *ctx, const struct args *a)
{
	for (int i = 0; i < a->argc; i++)
		cmd_explain(ctx, "ip netns del %s", a->argv[i]);
}

static void cmd_netns_list_explain(struct cmd_ctx *ctx, const struct args *a)
{
	(void)a;
	cmd_explain(ctx, "ip netns list");
}

static const struct cmd_entry cmd_netns_add_entry = {
	.name = "add",
	.min_args = 1, .max_args = -1, .rest_after = -1,
	.usage = N_("netns add NODE ..."),
	.summary = N_("A node with only a network namespace, as ip netns add"),
	.help = N_("Creates a network namespace and bind-mounts it at /run/netns/NODE, exactly as "
		   "`ip netns add NODE`: `ip netns list` shows it and `ip netns exec NODE ...` "
		   "works. Inside there is only lo, down."),
	.attrs = CMD_ROOT,
	.exec = cmd_netns_add_exec,
	.explain = cmd_netns_add_explain,
};

static const struct cmd_entry cmd_netns_del_entry = {
	.name = "del", .alias = "delete",
	.min_args = 1, .max_args = -1, .rest_after = -1,
	.usage = N_("netns del NODE ..."),
	.summary = N_("Remove a network-only node"),
	.help = N_("Kills the processes left in the network namespace, unmounts "
		   "/run/netns/NODE and removes it, as `ip netns del NODE`."),
	.complete = "NODE *",
	.attrs = CMD_ROOT,
	.exec = cmd_netns_del_exec,
	.explain = cmd_netns_del_explain,
};

static const struct cmd_entry cmd_netns_list_entry = {
	.name = "list", .alias = "ls",
	.min_args = 0, .max_args = 0, .rest_after = -1,
	.usage = N_("netns list"),
	.summary = N_("The network namespaces with a name"),
	.help = N_("Lists the named network namespaces (aisla's and iproute2's), as "
		   "`ip netns list`."),
	.attrs = CMD_NO_RECORD,
	.exec = cmd_netns_list_exec,
	.explain = cmd_netns_list_explain,
};

const struct cmd_entry cmd_netns_entry = {
	.name = "netns",
	.min_args = 0, .max_args = 0, .rest_after = -1,
	.usage = N_("netns add|del NODE | netns [list]"),
	.summary = N_("Network-only nodes, exactly as ip netns"),
	.help = N_("`netns add NODE` creates a node with only a network namespace, as "
		   "`ip netns add`; `netns del NODE` removes it; `netns list` lists them."),
	.complete = "SUB",
	.attrs = CMD_NO_RECORD,
	.exec = cmd_netns_list_exec,		/* `netns` alone lists */
	.explain = cmd_netns_list_explain,
	.subs = (const struct cmd_entry *const[]){ &cmd_netns_add_entry, &cmd_netns_del_entry,
						   &cmd_netns_list_entry, NULL },
};
