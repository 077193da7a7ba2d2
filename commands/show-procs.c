/* show-procs.c: the process part of `status`: how many processes, and
 * each node with its process tree (see show.h). Reads the world. */
#include <stdio.h>
#include <stdlib.h>
#include "show.h"
#include "../shell/i18n.h"
#include "../shell/out.h"
#include "../shell/kernel/nodes.h"
#include "../shell/world/procs.h"

struct status_ctx {
	int nodes;
};

static void status_node(const char *name, void *arg)
{
	struct status_ctx *c = arg;
	struct node_info ni;
	struct err e = ERR_INIT;
	if (node_get(name, &ni, &e) < 0)
		return;
	c->nodes++;
	out_printf("  %-15s %-24s", name, ns_mask_names(ni.mask));
	if (ni.holder && !ni.alive)
		out_printf(_(" holder %d (dead)"), (int)ni.holder);
	else if (ni.holder)
		out_printf(_(" holder %d"), (int)ni.holder);
	out_printf("\n");
	struct proc_row *rows;
	size_t n = procs_tree_rows(name, true, &rows);
	for (size_t i = 0; i < n && i < 12; i++) {
		const struct proc *p = rows[i].p;
		out_printf("    %s%d", rows[i].prefix, (int)p->pid);
		if (p->nnspid > 1)
			out_printf(" (%d)", (int)p->nspid[p->nnspid - 1]);
		out_printf(" %s\n", p->cmdline);
	}
	if (n > 12)
		out_printf(_("    ... %zu more\n"), n - 12);
	free(rows);
}

void show_procs_status(void)
{
	struct status_ctx c = { 0 };
	procs_sync();
	size_t user = 0, n = procs_count();
	for (size_t i = 0; i < n; i++) {
		const struct proc *p = procs_at(i);
		if (!p->kthread && !p->dead)
			user++;
	}
	out_printf(_("Processes: %zu (%zu kernel threads)\n"), user, n - user);
	out_printf(_("Nodes:\n"));
	node_foreach(status_node, &c);
	if (!c.nodes)
		out_printf(_("  (none)\n"));
}
