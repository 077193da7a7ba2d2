/* cmd-reset.c: `reset [-y]`: undo everything aisla created, newest first,
 * checking each object's identity first. */
#include <stdio.h>
#include <unistd.h>
#include "../shell/cmd.h"
#include "../shell/i18n.h"
#include "../shell/journal.h"
#include "../shell/out.h"
#include "../shell/repl.h"
#include "../shell/session.h"

static const struct cmd_flag reset_flags[] = {
	{ 'y', "yes", false },
	{ 0, "force", false },
	{ 0 },
};

/* Another session on this journal shows (and uses) what reset would
 * undo: say which, and ask (a terminal) or refuse (no terminal) unless
 * --force. Returns -1 with e filled when reset must not go on. */
static int reset_live_sessions(struct cmd_ctx *ctx, struct err *e)
{
	struct session_info s[4];
	int n = session_others(s, 4);
	(void)ctx;
	if (n == 0)
		return 0;
	if (n == 1)
		out_eprintf(_("another aisla session is open on this journal: %s\n"),
			    session_describe(&s[0]));
	else
		out_eprintf(_("%d aisla sessions are open on this journal, the first: %s\n"), n,
			    session_describe(&s[0]));
	out_eprintf("%s\n", _("what reset undoes disappears from under it."));
	if (isatty(STDIN_FILENO)) {
		if (repl_confirm(_("Undo what it is using anyway?")))
			return 0;
		err_set(e, _("nothing was changed: the session is still open"));
		return err_hint(e, _("close it first (Ctrl-D in it), or `reset --force`"));
	}
	err_set(e, _("reset refused: an aisla session is open on this journal (%s)"),
		session_describe(&s[0]));
	return err_hint(e, _("close it first (Ctrl-D in it), or `aisla reset --force`"));
}

static int cmd_reset_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	int n, nundone, nforeign;

	if (journal_count_err(&n, e) < 0)
		return -1;	/* another user's journal is not an empty one */
	if (n == 0) {
		out_printf("%s\n", _("Nothing to undo: the journal is empty."));
		return 0;
	}
	if (!args_has(a, "force") && reset_live_sessions(ctx, e) < 0)
		return -1;
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
	.usage = N_("reset [-y] [--force]"),
	.summary = N_("Undo everything aisla created, newest first"),
	.help = N_("Removes every node, link, bridge, cgroup, mount and process that aisla made "
		   "(in this session or an earlier one), newest first. Each object is checked "
		   "before it is removed: one with the same name made by someone else is left "
		   "alone and reported. Asks first when interactive; -y does not ask. While "
		   "another aisla session is open on the same journal, says which and asks "
		   "(refuses without a terminal); --force does not ask."),
	.attrs = CMD_NO_EXPLAIN | CMD_NO_RECORD,
	.exec = cmd_reset_exec,
};
