/* cmd-node.c: `node list` and `node del NODE`: the nodes (aisla's and
 * `ip netns` names), and removing one with all its processes and
 * namespaces. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "node.h"
#include "restart.h"
#include "../shell/cmd.h"
#include "../shell/i18n.h"
#include "../shell/out.h"

static void list_one(const char *name, void *arg)
{
	int *count = arg;
	struct node_info ni;
	struct err e = ERR_INIT;
	pid_t *pids = NULL;
	size_t n = 0;
	char holder[48], extra[400] = "";

	if (node_get(name, &ni, &e) < 0)
		return;
	if (!*count)
		out_printf("%-15s  %-28s  %-14s  %s\n", _("NODE"), _("NAMESPACES"), _("HOLDER"),
			   _("PROCESSES"));
	(*count)++;
	if (!ni.holder)
		snprintf(holder, sizeof holder, "-");
	else if (!ni.alive)
		snprintf(holder, sizeof holder, _("%d (dead)"), (int)ni.holder);
	else
		snprintf(holder, sizeof holder, "%d", (int)ni.holder);
	node_pids(name, &pids, &n, &e);
	free(pids);
	if (!ni.aisla)
		snprintf(extra + strlen(extra), sizeof extra - strlen(extra), "  %s",
			 _("(made with ip netns)"));
	if (ni.hostname[0])
		snprintf(extra + strlen(extra), sizeof extra - strlen(extra), "  hostname=%s",
			 ni.hostname);
	if (ni.root[0])
		snprintf(extra + strlen(extra), sizeof extra - strlen(extra), "  root=%s", ni.root);
	if (ni.holder && !ni.alive)
		snprintf(extra + strlen(extra), sizeof extra - strlen(extra), "  %s",
			 _("(its namespaces are gone: `node del` it)"));
	const char *rs = restart_describe(name);
	if (rs && *rs)
		snprintf(extra + strlen(extra), sizeof extra - strlen(extra), "  %s", rs);
	out_printf("%-15s  %-28s  %-14s  %-9zu%s\n", name, ns_mask_names(ni.mask), holder, n,
		   extra);
}

static int cmd_node_list_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	int count = 0;
	(void)ctx; (void)a; (void)e;
	node_foreach(list_one, &count);
	if (!count)
		out_printf("%s\n", _("No nodes. Create one with `netns add NAME` or `unshare -n -p NAME`."));
	return 0;
}

/* What the last `node del` removed, for its explanation (which runs after
 * the node is gone). */
#define DEL_MAX 16
static struct node_info deleted[DEL_MAX];
static int ndeleted;

static int cmd_node_del_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	(void)ctx;
	ndeleted = 0;
	for (int i = 0; i < a->argc; i++) {
		struct node_info ni;
		if (node_get(a->argv[i], &ni, e) < 0)
			return -1;
		if (ndeleted < DEL_MAX)
			deleted[ndeleted++] = ni;
	}
	for (int i = 0; i < a->argc; i++) {
		if (node_del(a->argv[i], e) < 0)
			return -1;
		out_printf(_("node '%s' removed\n"), a->argv[i]);
	}
	return 0;
}

static void cmd_node_list_explain(struct cmd_ctx *ctx, const struct args *a)
{
	(void)a;
	cmd_explain(ctx, "ip netns list");
	cmd_explain(ctx, "lsns");
}

static void cmd_node_del_explain(struct cmd_ctx *ctx, const struct args *a)
{
	(void)a;
	for (int i = 0; i < ndeleted; i++) {
		const struct node_info *ni = &deleted[i];
		if (ni->holder)
			cmd_explain(ctx, "kill -9 %s", node_sh_holder(ni->name, ni->holder));
		if (ni->netns_mount) {
			cmd_explain(ctx, "ip netns pids %s | xargs -r kill -9", ni->name);
			cmd_explain(ctx, "ip netns del %s", ni->name);
		}
	}
}

static const struct cmd_entry cmd_node_list_entry = {
	.name = "list", .alias = "ls",
	.min_args = 0, .max_args = 0, .rest_after = -1,
	.usage = N_("node list"),
	.summary = N_("The nodes, their namespaces, holder and processes"),
	.help = N_("Lists every node (aisla's and those made with `ip netns add`) with its "
		   "namespaces, its holder process and how many processes it has."),
	.attrs = CMD_NO_RECORD,
	.exec = cmd_node_list_exec,
	.explain = cmd_node_list_explain,
};

static const struct cmd_entry cmd_node_del_entry = {
	.name = "del", .alias = "rm",
	.min_args = 1, .max_args = -1, .rest_after = -1,
	.usage = N_("node del NODE ..."),
	.summary = N_("Remove a node with all its processes and namespaces"),
	.help = N_("Kills every process of NODE (found by namespace), its holder, unmounts "
		   "/run/netns/NODE and forgets it. Also works on a node whose holder died."),
	.complete = "NODE *",
	.exec = cmd_node_del_exec,
	.explain = cmd_node_del_explain,
};

const struct cmd_entry cmd_node_entry = {
	.name = "node",
	.min_args = 0, .max_args = 0, .rest_after = -1,
	.usage = N_("node [list] | node del NODE"),
	.summary = N_("List or remove nodes"),
	.help = N_("`node list` shows the nodes; `node del NODE` removes one."),
	.complete = "SUB",
	.attrs = CMD_NO_RECORD,
	.exec = cmd_node_list_exec,		/* `node` alone lists */
	.explain = cmd_node_list_explain,
	.subs = (const struct cmd_entry *const[]){ &cmd_node_list_entry, &cmd_node_del_entry, NULL },
};
