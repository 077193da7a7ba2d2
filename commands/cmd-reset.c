/* cmd-reset.c: `reset [-y]`: undo everything aisla created, newest first,
 * checking each object's identity first. */
#include <stdio.h>
#include "../shell/cmd.h"
#include "../shell/i18n.h"
#include "../shell/journal.h"
#include "../shell/out.h"
#include "../shell/repl.h"

static const struct cmd_flag reset_flags[] = {
	{ 'y', "yes", false },
	{ 0 },
};

static int cmd_reset_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	int n, nundone, nforeign;

	if (journal_count_err(&n, e) < 0)
		return -1;	/* another user's journal is not an empty one */
	if (n == 0) {
		out_printf("%s\n", _("Nothing to undo: the journal is empty."));
		return 0;
	}
	if (ctx->interactive && !args_has(a, "y")) {
		char q[256];
		snprintf(q, sizeof q, ngettext("Undo %d object made by aisla?",
					       "Undo %d objects made by aisla?",
					       (unsigned long)n), n);
		if (!repl_confirm(q)) {
			out_printf("%s\n", _("Nothing was changed."));
			return 0;
		}
	}
	if (journal_reset(&nundone, &nforeign, e) < 0)
		return -1;
	out_printf(ngettext("%d object undone", "%d objects undone", (unsigned long)nundone),
		   nundone);
	if (nforeign)
		out_printf(ngettext(", %d left alone (not aisla's)",
				    ", %d left alone (not aisla's)", (unsigned long)nforeign),
			   nforeign);
	out_printf(".\n");
	return 0;
}

const struct cmd_entry cmd_reset_entry = {
	.name = "reset",
	.flags = reset_flags,
	.min_args = 0, .max_args = 0, .rest_after = -1,
	.usage = "reset [-y]",
	.summary = N_("Undo everything aisla created, newest first"),
	.help = N_("Removes every node, link, bridge, cgroup, mount and process that aisla made "
		   "(in this session or an earlier one), newest first. Each object is checked "
		   "before it is removed: one with the same name made by someone else is left "
		   "alone and reported. Asks first when interactive; -y does not ask."),
	.attrs = CMD_NO_EXPLAIN | CMD_NO_RECORD,
	.exec = cmd_reset_exec,
};
