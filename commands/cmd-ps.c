/* cmd-ps.c: `ps [NODE]`: the process tree as text, from the model
 * (world/procs.h): each process's PID outside and inside its PID
 * namespace, its namespaces (by node name, or inode when not a node's),
 * uid inside -> outside, root, cgroup and nice value. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "node.h"
#include "../shell/cmd.h"
#include "../shell/i18n.h"
#include "../shell/kernel/mounts.h"
#include "../shell/out.h"
#include "../shell/world/procs.h"

/* "c1" when every namespace that differs from the host's is c1's;
 * otherwise "net=c1,pid=4026532248". */
static void ns_column(const struct proc *p, char *out, size_t sz)
{
	const char *common = NULL;
	bool mixed = false;
	int ndiff = 0;
	out[0] = 0;
	for (int i = 0; i < PNS_COUNT; i++) {
		const char *n = procs_node_of_ns(i, p->ns[i]);
		if (!p->ns[i] || (n && !strcmp(n, "host")))
			continue;
		ndiff++;
		if (!n || (common && strcmp(common, n)))
			mixed = true;
		else
			common = n;
	}
	if (!ndiff) {
		snprintf(out, sz, "host");
		return;
	}
	if (!mixed && common) {
		char names[64] = "";
		for (int i = 0; i < PNS_COUNT; i++) {
			const char *n = procs_node_of_ns(i, p->ns[i]);
			if (p->ns[i] && n && strcmp(n, "host")) {
				size_t l = strlen(names);
				snprintf(names + l, sizeof names - l, "%s%s", l ? "," : "",
					 procs_ns_name(i));
			}
		}
		snprintf(out, sz, "%s(%s)", common, names);
		return;
	}
	for (int i = 0; i < PNS_COUNT; i++) {
		const char *n = procs_node_of_ns(i, p->ns[i]);
		if (!p->ns[i] || (n && !strcmp(n, "host")))
			continue;
		size_t l = strlen(out);
		if (n)
			snprintf(out + l, sz - l, "%s%s=%s", l ? "," : "", procs_ns_name(i), n);
		else
			snprintf(out + l, sz - l, "%s%s=%lu", l ? "," : "", procs_ns_name(i), p->ns[i]);
	}
}

static int cmd_ps_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	const char *node = a->argc ? a->argv[0] : NULL;
	struct proc_row *rows;
	(void)ctx;

	if (node && strcmp(node, "host")) {
		struct node_info ni;
		if (node_get(node, &ni, e) < 0)
			return -1;
	}
	/* drain pending events and read what no event announces (setns) */
	procs_refresh();
	size_t n = procs_tree_rows(node && strcmp(node, "host") ? node : NULL, true, &rows);
	if (!n) {
		out_printf(node ? _("No processes in node '%s'.\n") : _("No processes.\n"),
			   node ? node : "");
		free(rows);
		return 0;
	}
	out_printf("%7s %6s  %-22s %-11s %4s  %-10s %-22s %s\n", "PID", _("INSIDE"),
		   _("NAMESPACES"), _("UID in>out"), "NI", _("ROOT"), "CGROUP", _("COMMAND"));
	for (size_t i = 0; i < n; i++) {
		const struct proc *p = rows[i].p;
		if (node && !strcmp(node, "host")) {
			char nsbuf[8];
			ns_column(p, nsbuf, sizeof nsbuf);
			if (strcmp(nsbuf, "host"))
				continue;
		}
		char inside[16] = "-", ns[160], uid[32];
		if (p->nnspid > 1)
			snprintf(inside, sizeof inside, "%d", (int)p->nspid[p->nnspid - 1]);
		ns_column(p, ns, sizeof ns);
		if (p->uid_inside != p->uid)
			snprintf(uid, sizeof uid, "%u>%u", (unsigned)p->uid_inside, (unsigned)p->uid);
		else
			snprintf(uid, sizeof uid, "%u", (unsigned)p->uid);
		out_printf("%7d %6s  %-22s %-11s %4d  %-10s %-22s %s%.72s\n", (int)p->pid, inside,
			   ns, uid, p->nice, mounts_root_label(p->root), p->cgroup[0] ? p->cgroup : "-",
			   rows[i].prefix,
			   p->cmdline);
	}
	free(rows);
	return 0;
}

static void cmd_ps_explain(struct cmd_ctx *ctx, const struct args *a)
{
	struct node_info ni;
	struct err e = ERR_INIT;
	if (a->argc && strcmp(a->argv[0], "host") && node_get(a->argv[0], &ni, &e) == 0) {
		if (ni.holder)
			cmd_explain(ctx, "nsenter --target %s --all ps -ef --forest",
				    node_sh_holder(a->argv[0], ni.holder));
		else
			cmd_explain(ctx, "ps -o pid,ppid,nice,cmd -p \"$(ip netns pids %s | paste -sd,)\"",
				    a->argv[0]);
		return;
	}
	cmd_explain(ctx, "ps -e -o pid,ppid,uid,nice,netns,pidns,mntns,cgroup,args --forest");
}

const struct cmd_entry cmd_ps_entry = {
	.name = "ps",
	.min_args = 0, .max_args = 1, .rest_after = -1,
	.usage = N_("ps [NODE]"),
	.summary = N_("The process tree, with namespaces, uid, root, cgroup and nice"),
	.help = N_("Shows the process tree (kernel threads hidden): each process's PID as the "
		   "host sees it and INSIDE its own PID namespace, the node its namespaces belong "
		   "to (or their inode number when they are not a node's), its uid inside its user "
		   "namespace > outside, its nice value, its root directory, its cgroup and its "
		   "command. With NODE, only the processes of that node."),
	.complete = "NODE",
	.attrs = CMD_NO_RECORD,
	.exec = cmd_ps_exec,
	.explain = cmd_ps_explain,
};
