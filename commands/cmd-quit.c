/* cmd-quit.c: `quit` / `exit`: leave aisla (what it made stays until reset). */
#include "../shell/cmd.h"
#include "../shell/i18n.h"
#include "../shell/journal.h"
#include "../shell/loop.h"
#include "../shell/out.h"
#include "../shell/shell.h"

static int cmd_quit_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	int left = journal_count();
	(void)a;
	(void)e;
	if (ctx->interactive && left > 0)
		out_printf(ngettext("%d object made by aisla stays; 'aisla reset' removes it.\n",
				    "%d objects made by aisla stay; 'aisla reset' removes them.\n",
				    (unsigned long)left), left);
	shell.quit = true;
	loop_quit();
	return 0;
}

const struct cmd_entry cmd_quit_entry = {
	.name = "quit",
	.alias = "exit",
	.min_args = 0, .max_args = 0, .rest_after = -1,
	.usage = N_("quit"),
	.summary = N_("Leave aisla"),
	.help = N_("Leaves aisla (Ctrl-D does the same). Nodes, links and cgroups that aisla "
		   "made stay until 'reset' (or 'aisla reset' from a plain shell); the next "
		   "start says how many there are."),
	.attrs = CMD_NO_EXPLAIN | CMD_NO_RECORD,
	.exec = cmd_quit_exec,
};
