/* cmd-link.c: `link` (stub until its owner implements it). */
#include "../shell/cmd.h"
#include "../shell/i18n.h"

static int
cmd_link_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	(void)ctx; (void)a;
	return err_set(e, _("'%s' is not implemented yet"), "link");
}

const struct cmd_entry cmd_link_entry = {
	.name = "link",
	.min_args = 0, .max_args = -1, .rest_after = -1,
	.usage = "link set IF[@NODE] up|down|netns NODE2 | link del IF[@NODE] | link list [NODE]",
	.summary = N_("Network interfaces: state, namespace, deletion"),
	.help = N_("Network interfaces: state, namespace, deletion."),
	.exec = cmd_link_exec,
};
