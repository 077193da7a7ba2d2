/* cmd-status.c: `status`: what exists now, as text (what the panes show),
 * read from the world model, plus what the journal says aisla made. */
#include <stdio.h>
#include <stdlib.h>
#include "cgroup.h"
#include "show.h"
#include "../shell/cmd.h"
#include "../shell/i18n.h"
#include "../shell/journal.h"
#include "../shell/out.h"
#include "../shell/rootless.h"

static int cmd_status_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	struct jrec *recs;
	size_t n;

	(void)ctx;
	(void)a;
	if (rootless_active())
		out_printf("%s\n", _("Mode: rootless (root of a user namespace of aisla's own; "
				     "the host below is its network namespace, gone when aisla exits)."));
	show_procs_status();
	show_net_status();
	cgroup_status();
	if (journal_load(&recs, &n, e) < 0)
		return -1;
	if (n == 0) {
		out_printf("%s\n", _("aisla has made nothing that still exists (the journal is empty)."));
	} else {
		out_printf(ngettext("aisla made %zu object that 'reset' would undo:\n",
				    "aisla made %zu objects that 'reset' would undo:\n",
				    (unsigned long)n), n);
		for (size_t i = 0; i < n; i++) {
			const struct journal_kind *k = journal_kind_find(recs[i].kind);
			char what[512];
			if (k && k->describe)
				snprintf(what, sizeof what, _(k->describe), recs[i].name);
			else
				snprintf(what, sizeof what, "%s '%s'", recs[i].kind, recs[i].name);
			out_printf("  %s%s\n", what,
				   recs[i].confirmed ? "" : _(" (interrupted while being made)"));
		}
	}
	free(recs);
	return 0;
}

const struct cmd_entry cmd_status_entry = {
	.name = "status",
	.min_args = 0, .max_args = 0, .rest_after = -1,
	.usage = N_("status"),
	.summary = N_("Every node, interface, address, route and cgroup, as text"),
	.help = N_("Prints what exists now, read from the kernel (the same the panes show), and "
		   "the list of objects aisla made that 'reset' would undo."),
	.attrs = CMD_NO_EXPLAIN | CMD_NO_RECORD,
	.exec = cmd_status_exec,
};
