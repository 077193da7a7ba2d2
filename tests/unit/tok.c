/* Unit tests: the tokenizer (quotes, ';', '#', escapes, errors). */
#include <stdlib.h>
#include "tap.h"
#include "../../shell/i18n.h"
#include "../../shell/tok.h"

static int split(const char *line, struct tok_line *t)
{
	struct err e = ERR_INIT;
	return tok_split(line, t, &e);
}

int main(void)
{
	struct tok_line t;
	struct err e = ERR_INIT;

	i18n_init("es");
	ok(split("veth a@rojo b@azul", &t) == 0 && t.ncmds == 1 && t.cmds[0].argc == 3,
	   "three words");
	is_str(t.cmds[0].argv[1], "a@rojo", "word kept whole");
	ok(t.cmds[0].argv[3] == NULL, "argv is NULL-terminated");
	tok_line_free(&t);

	ok(split("  netns add a ;netns add b;; ", &t) == 0 && t.ncmds == 2, "';' separates, empty commands dropped");
	is_str(t.cmds[1].argv[2], "b", "second command's word");
	tok_line_free(&t);

	ok(split("echo 'a b' \"c d\" e\\ f", &t) == 0 && t.cmds[0].argc == 4, "quotes and escapes group words");
	is_str(t.cmds[0].argv[1], "a b", "single quotes");
	is_str(t.cmds[0].argv[2], "c d", "double quotes");
	is_str(t.cmds[0].argv[3], "e f", "backslash-space");
	tok_line_free(&t);

	ok(split("echo 'a;b' \"#x\" y # comment ; z", &t) == 0 && t.ncmds == 1, "';' and '#' inside quotes are text");
	is_int(t.cmds[0].argc, 4, "comment cuts the rest");
	is_str(t.cmds[0].argv[1], "a;b", "';' quoted");
	is_str(t.cmds[0].argv[2], "#x", "'#' quoted");
	tok_line_free(&t);

	ok(split("a b#c", &t) == 0 && t.cmds[0].argc == 2, "'#' inside a word is not a comment");
	is_str(t.cmds[0].argv[1], "b#c", "word with '#'");
	tok_line_free(&t);

	ok(split("echo '' \"\"", &t) == 0 && t.cmds[0].argc == 3, "empty quotes are empty words");
	is_str(t.cmds[0].argv[1], "", "empty word");
	tok_line_free(&t);

	ok(split("# only a comment", &t) == 0 && t.ncmds == 0, "comment line: no command");
	tok_line_free(&t);
	ok(split("", &t) == 0 && t.ncmds == 0, "empty line: no command");
	tok_line_free(&t);

	ok(tok_split("echo 'abc", &t, &e) < 0, "unterminated single quote fails");
	ok(strstr(e.msg, "comilla") != NULL, "error in Spanish: %s", e.msg);
	ok(e.hint[0] != '\0', "with a hint");
	ok(tok_split("echo \"abc", &t, &e) < 0, "unterminated double quote fails");

	ok(split("x \"say \\\"hi\\\"\"", &t) == 0, "escaped quote inside double quotes");
	is_str(t.cmds[0].argv[1], "say \"hi\"", "escaped quotes kept");
	tok_line_free(&t);

	ok(split("explain off; ! ip -n x link; echo 'a", &t) == 0 && t.ncmds == 2,
	   "'!' takes the rest of the line, quotes and ';' included");
	is_str(t.cmds[1].argv[0], "!", "the command is '!'");
	is_str(t.cmds[1].argv[1], " ip -n x link; echo 'a", "its argument is the raw rest");
	ok(split("echo a!b", &t) == 0 && t.cmds[0].argc == 2, "'!' inside a word is text");
	tok_line_free(&t);

	/* tok_quote/tok_join round-trip through tok_split. */
	const char *words[] = { "a b", "it's", "", "plain", "x;y", "#", "ñandú", NULL };
	char *joined = tok_join(7, (char *const *)words);
	ok(joined && split(joined, &t) == 0 && t.ncmds == 1 && t.cmds[0].argc == 7, "join round-trips: %s", joined);
	for (int i = 0; i < 7 && t.ncmds; i++)
		is_str(t.cmds[0].argv[i], words[i], "word %d survives", i);
	tok_line_free(&t);
	free(joined);
	return done_testing();
}
