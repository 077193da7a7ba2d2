/* Unit tests: argument parsing against entry templates, command lookup,
 * suggestions, and the command table's completeness. */
#include <stdlib.h>
#include <unistd.h>
#include "tap.h"
#include "../../shell/cmd.h"
#include "../../shell/i18n.h"
#include "../../shell/suggest.h"
#include "../../shell/tok.h"

static int parse(const char *line, bool prefix, struct args *a, struct err *e)
{
	static struct tok_line t;
	tok_line_free(&t);
	if (tok_split(line, &t, e) < 0 || t.ncmds < 1)
		return -1;
	return cmd_parse(t.cmds[0].argc, t.cmds[0].argv, prefix, a, e);
}

int main(void)
{
	struct args a;
	struct err e = ERR_INIT;
	int i;

	i18n_init("es");

	/* The table: alphabetical after "!", every entry complete. */
	for (i = 0; cmd_table[i]; i++) {
		const struct cmd_entry *ce = cmd_table[i];
		ok(ce->usage && ce->usage[0], "%s has a usage", ce->name);
		ok(ce->summary && ce->summary[0], "%s has a summary", ce->name);
		ok(ce->help && ce->help[0], "%s has a help text", ce->name);
		ok(ce->exec != NULL || ce->subs != NULL, "%s has an exec or subcommands", ce->name);
		if (i > 1)
			ok(strcmp(cmd_table[i - 1]->name, ce->name) < 0, "%s after %s (alphabetical)",
			   ce->name, cmd_table[i - 1]->name);
		for (int k = 0; ce->subs && ce->subs[k]; k++) {
			const struct cmd_entry *s = ce->subs[k];
			ok(s->usage && s->summary && s->exec, "%s %s has usage, summary, exec",
			   ce->name, s->name);
		}
		/* Spanish help: the catalog translates the summary. */
		ok(strcmp(_(ce->summary), ce->summary) != 0, "%s's summary has a Spanish translation",
		   ce->name);
	}

	ok(parse("explain on", false, &a, &e) == 0 && a.argc == 1, "explain on parses");
	is_str(a.argv[0], "on", "positional");
	ok(parse("explain on off", false, &a, &e) < 0, "too many positionals rejected");
	ok(strstr(e.msg, "off") != NULL, "names the extra word: %s", e.msg);
	ok(strstr(e.hint, "uso:") != NULL, "hint shows the usage: %s", e.hint);

	ok(parse("source", false, &a, &e) < 0, "missing positional rejected: %s", e.msg);
	ok(parse("reset -y", false, &a, &e) == 0 && args_has(&a, "y") && args_has(&a, "yes"),
	   "short flag, found by short and long name");
	ok(parse("reset --yes", false, &a, &e) == 0 && args_has(&a, "y"), "long flag");
	ok(parse("reset -z", false, &a, &e) < 0 && strstr(e.msg, "-z"), "unknown flag named: %s", e.msg);
	ok(parse("reset --yes=3", false, &a, &e) < 0, "value to a flag without value rejected");

	ok(parse("nosuch", false, &a, &e) < 0 && strstr(e.msg, "nosuch"), "unknown command: %s", e.msg);
	ok(parse("statsu", false, &a, &e) < 0 && strstr(e.hint, "status"), "typo suggests: %s", e.hint);
	ok(parse("stat", false, &a, &e) < 0, "prefix refused in batch mode");
	ok(parse("stat", true, &a, &e) == 0 && !strcmp(a.entry->name, "status"), "unique prefix interactively");
	ok(parse("re", true, &a, &e) < 0 && strstr(e.msg, "ambiguo"), "ambiguous prefix lists candidates: %s", e.msg);
	ok(strstr(e.msg, "reset") && strstr(e.msg, "renice"), "candidates named");
	ok(parse("exit", false, &a, &e) == 0 && !strcmp(a.entry->name, "quit"), "alias");

	/* "--" and negative numbers. */
	ok(parse("help -- a b", false, &a, &e) == 0 && a.has_rest && a.restc == 2, "'--' starts the rest");
	is_str(a.rest[1], "b", "rest words");
	ok(parse("help -5", false, &a, &e) == 0 && a.argc == 1, "negative number is positional");
	ok(a.line && !strcmp(a.line, "help -5"), "re-quoted line kept");

	ok(suggest_distance("veht", "veth") == 1, "swap counts as one");
	ok(suggest_distance("abc", "abd") == 1, "one substitution");
	return done_testing();
}
