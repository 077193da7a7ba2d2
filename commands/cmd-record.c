/* cmd-record.c: `record FILE` / `record stop`: append every command the
 * user types to FILE, as a script `source` and `demo play` replay. */
#include <string.h>
#include "../shell/cmd.h"
#include "../shell/i18n.h"
#include "../shell/lesson/lesson.h"

static int cmd_record_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	(void)ctx;
	if (a->argc == 0) {
		if (lesson_recording())
			return lesson_record_stop(e);
		err_set(e, _("'record' needs a FILE (or 'stop')"));
		return err_hint(e, _("usage: record FILE | record stop"));
	}
	if (!strcmp(a->argv[0], "stop"))
		return lesson_record_stop(e);
	return lesson_record_start(a->argv[0], e);
}

const struct cmd_entry cmd_record_entry = {
	.name = "record",
	.min_args = 0, .max_args = 1, .rest_after = -1,
	.usage = N_("record FILE | record stop"),
	.summary = N_("Record the commands typed as a replayable script"),
	.help = N_("From now on every command you type is appended to FILE, one a line, until "
		   "'record stop'. 'source FILE' runs it again and 'demo play FILE' replays it "
		   "typing at a readable pace. Commands that only show things (help, status...) "
		   "are not recorded."),
	.complete = "FILE",
	.attrs = CMD_NO_EXPLAIN | CMD_NO_RECORD,
	.exec = cmd_record_exec,
};
