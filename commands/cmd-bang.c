/* cmd-bang.c: `!LINE`: run LINE with /bin/sh on the host; its output goes
 * to the console. */
#include <string.h>
#include <sys/wait.h>
#include "../shell/cmd.h"
#include "../shell/i18n.h"
#include "../shell/out.h"
#include "../shell/run.h"

static int cmd_bang_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	char *argv[] = { (char *)"/bin/sh", (char *)"-c", a->rest[0], NULL };
	struct run_spec s = { .argv = argv, .mode = RUN_CAPTURE };
	int st;

	(void)ctx;
	if (a->restc != 1 || strspn(a->rest[0], " \t\r\n") == strlen(a->rest[0])) {
		err_set(e, _("'!' needs a command for /bin/sh"));
		return err_hint(e, _("for example: !ip netns list"));
	}
	if (run_child(&s, &st, NULL, e) < 0)
		return -1;
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
		return err_set(e, _("the shell command %s"), run_status_str(st));
	return 0;
}

static void cmd_bang_explain(struct cmd_ctx *ctx, const struct args *a)
{
	const char *l = a->rest[0];
	cmd_explain(ctx, "%s", l + strspn(l, " \t"));
}

const struct cmd_entry cmd_bang_entry = {
	.name = "!",
	.min_args = 0, .max_args = 0, .rest_after = 0,
	.usage = N_("!LINE"),
	.summary = N_("Run a line with /bin/sh on the host"),
	.help = N_("Everything after ! goes to /bin/sh as it is (pipes, variables and all), on "
		   "the host, and its output appears in the console. Useful to check aisla's work "
		   "with the real tools: !ip netns list"),
	.attrs = CMD_NO_EXPLAIN,
	.exec = cmd_bang_exec,
	.explain = cmd_bang_explain,
};
