/* tests/unit/lesson.c: the lesson/demo format parser (shell/lesson.c):
 * front matter, sections and steps, command blocks, directives, hints,
 * continuation lines, demos, plain scripts, syntax errors and the hint
 * for a failing check. */
#include <stdlib.h>
#include <string.h>
#include "tap.h"
#include "../../shell/lesson/check.h"
#include "../../shell/lesson/lesson.h"

static const char *good =
	"---\n"
	"lesson: 04\n"
	"title: Pares veth\n"
	"needs: root\n"
	"---\n"
	"\n"
	"# Pares veth\n"
	"\n"
	"Un par **veth** son dos interfaces\n"
	"unidas.\n"
	"\n"
	"## Paso 1 — Dos namespaces\n"
	"\n"
	"Crea dos namespaces.\n"
	"\n"
	"```aisla\n"
	"netns add rojo\n"
	"# a comment in a block\n"
	"netns add azul\n"
	"```\n"
	"\n"
	"- check: node rojo net\n"
	"- check: node azul net\n"
	"- hint: `netns add NOMBRE` crea un namespace.\n"
	"\n"
	"## Paso 2 — El cable\n"
	"\n"
	"```aisla\n"
	"veth v-rojo@rojo v-azul@azul\n"
	"```\n"
	"\n"
	"- check: link v-rojo@rojo kind veth peer v-azul@azul\n"
	"- hint[link v-rojo@rojo]: Aún no existe.\n"
	"- hint[peer]: No están unidos:\n"
	"  bórralos.\n"
	"\n"
	"```aisla falla\n"
	"veth v-rojo@rojo v-azul@azul\n"
	"```\n"
	"\n"
	"```\n"
	"ip link\n"
	"```\n"
	"\n"
	"## Lo que has visto\n"
	"\n"
	"- `ip netns add rojo`\n";

static const char *demo =
	"---\n"
	"demo: veth\n"
	"title: Demo veth\n"
	"---\n"
	"# Demo veth\n"
	"- say: Vamos a crear dos namespaces.\n"
	"```aisla\n"
	"netns add rojo\n"
	"```\n"
	"- pause\n"
	"- pause: 2.5\n"
	"- say: Y ahora un cable.\n";

static int count_kind(const struct lesson_section *s, enum item_kind k)
{
	int n = 0;
	for (int i = 0; i < s->nitems; i++)
		n += s->items[i].kind == k;
	return n;
}

static const struct lesson_item *nth_kind(const struct lesson_section *s, enum item_kind k, int n)
{
	for (int i = 0; i < s->nitems; i++)
		if (s->items[i].kind == k && n-- == 0)
			return &s->items[i];
	return NULL;
}

int main(void)
{
	struct lesson *l;
	struct err e = ERR_INIT;

	ok(lesson_is_format("x.lesson", "netns add a\n"), ".lesson is the format");
	ok(lesson_is_format("x.demo", ""), ".demo is the format");
	ok(lesson_is_format("x.txt", "---\nlesson: 1\n---\n"), "front matter is the format");
	ok(!lesson_is_format("x.txt", "netns add a\n"), "a plain script is not");

	ok(lesson_parse("t/04-veth.lesson", good, false, &l, &e) == 0, "parse a lesson");
	is_int(l->nerrors, 0, "no errors");
	is_int(l->kind, LESSON_LESSON, "kind lesson");
	is_str(l->id, "04-veth", "id from the file name");
	is_str(l->title, "Pares veth", "title");
	is_str(lesson_meta(l, "needs"), "root", "front matter value");
	is_str(lesson_meta(l, "lesson"), "04", "front matter number");
	ok(lesson_meta(l, "nope") == NULL, "absent key");
	is_int(l->nsections, 4, "intro + 2 steps + outro");
	ok(l->sections[0].intro && !lesson_section_is_step(&l->sections[0]), "intro is not a step");
	is_str(l->sections[0].items[0].text, "Un par **veth** son dos interfaces unidas.",
	       "paragraph lines are joined");
	is_str(l->sections[1].title, "Paso 1 — Dos namespaces", "step title");
	ok(lesson_section_is_step(&l->sections[1]), "step 1 is a step");
	is_int(count_kind(&l->sections[1], ITEM_CMD), 2, "two commands (comment skipped)");
	is_str(nth_kind(&l->sections[1], ITEM_CMD, 1)->text, "netns add azul", "second command");
	is_int(nth_kind(&l->sections[1], ITEM_CMD, 1)->line, 19, "command line number");
	is_int(count_kind(&l->sections[1], ITEM_CHECK), 2, "two checks");
	ok(nth_kind(&l->sections[1], ITEM_CHECK, 0)->check != NULL, "check parsed");
	is_int(count_kind(&l->sections[2], ITEM_HINT), 2, "two hints in step 2");
	is_str(nth_kind(&l->sections[2], ITEM_HINT, 1)->prefix, "peer", "hint prefix");
	is_str(nth_kind(&l->sections[2], ITEM_HINT, 1)->text, "No están unidos: bórralos.",
	       "indented line continues the hint");
	ok(nth_kind(&l->sections[2], ITEM_CMD, 1)->must_fail, "```aisla falla marks a command");
	ok(!nth_kind(&l->sections[2], ITEM_CMD, 0)->must_fail, "normal block does not");
	ok(nth_kind(&l->sections[2], ITEM_TEXT, 0)->code, "other fences are verbatim text");
	ok(l->sections[3].outro && !lesson_section_is_step(&l->sections[3]), "closing section");

	/* The hint for the failing clause wins over the check's prefix. */
	{
		const struct lesson_section *s = &l->sections[2];
		const struct check *c = nth_kind(s, ITEM_CHECK, 0)->check;
		struct check_result r;
		memset(&r, 0, sizeof r);
		strcpy(r.clause, "peer v-azul@azul");
		is_int(check_hint_match("peer", c, &r), 2, "clause match");
		is_int(check_hint_match("link v-rojo@rojo", c, &r), 1, "text match");
		is_int(check_hint_match("link v-roj", c, &r), 1, "a plain prefix of the text");
		is_int(check_hint_match("link v-azul", c, &r), 0, "another link");
		strcpy(r.clause, "link v-rojo@rojo");
		is_int(check_hint_match("link v-rojo@rojo", c, &r), 2, "existence clause");
		ok(check_hint_plausible("peer", c), "peer names part of the check");
		ok(!check_hint_plausible("pear", c), "pear does not");
	}
	lesson_free(l);

	ok(lesson_parse("t/veth.demo", demo, false, &l, &e) == 0, "parse a demo");
	is_int(l->kind, LESSON_DEMO, "kind demo");
	is_int(l->nerrors, 0, "demo without errors");
	is_int(count_kind(&l->sections[0], ITEM_SAY), 2, "two say lines");
	is_int(count_kind(&l->sections[0], ITEM_PAUSE), 2, "two pauses");
	ok(nth_kind(&l->sections[0], ITEM_PAUSE, 1)->seconds > 2.4, "pause with seconds");
	is_int(l->sections[0].items[0].kind, ITEM_SAY, "items keep their order");
	is_int(l->sections[0].items[1].kind, ITEM_CMD, "the command after the say");
	lesson_free(l);

	ok(lesson_parse("t/plain.sh", "netns add a\n# comment\n\nveth x@a y\n", false, &l, &e) == 0,
	   "parse a plain script");
	is_int(l->kind, LESSON_SCRIPT, "kind script");
	is_int(count_kind(&l->sections[0], ITEM_CMD), 2, "every line a command");
	lesson_free(l);

	/* Syntax errors are counted (and the lesson still returned). */
	ok(lesson_parse("t/bad.lesson",
			"---\nlesson: 1\ncolour: red\n---\n# T\n## Paso 1\n```aisla\nnetns add a\n"
			"- check: nod a\n", false, &l, &e) == 0, "parse a broken lesson");
	is_int(l->nerrors, 3, "unknown key, unclosed block, and its line that is no command");
	lesson_free(l);
	ok(lesson_parse("t/bad2.lesson",
			"# T\n## Paso 1\n- check: nod a\n- chek: node a\n- hint[]: x\n- pause: x\n",
			false, &l, &e) == 0, "parse another broken lesson");
	is_int(l->nerrors, 4, "unknown check, typo directive, empty hint[], bad pause");
	lesson_free(l);
	ok(lesson_parse("t/none.lesson", "# T\n\nOnly prose.\n", false, &l, &e) == 0,
	   "a lesson without steps");
	is_int(l->nerrors, 1, "needs a step");
	lesson_free(l);
	ok(lesson_parse("t/notitle.lesson", "## Paso 1\n```aisla\nnetns add a\n```\n", false, &l, &e) == 0,
	   "a lesson without title");
	is_int(l->nerrors, 1, "needs a title");
	lesson_free(l);
	/* The host commands are listed, with their lines. */
	ok(lesson_parse("t/host.lesson",
			"# T\n## Paso 1\n```aisla\nnetns add a\n!ip link\nexec a ip addr\n"
			"record /tmp/x\n```\n- check: node a\n- check: exit true == 0\n",
			false, &l, &e) == 0, "parse a lesson with host commands");
	is_int(l->nerrors, 0, "no problems");
	is_int(l->nhost, 4, "four host commands (!, exec, record, exit)");
	if (l->nhost == 4) {
		is_int(l->host[0].line, 5, "the ! line");
		is_str(l->host[1].text, "exec a ip addr", "exec with a command");
		is_int(l->host[3].line, 10, "the exit check");
	}
	lesson_free(l);
	/* Values that something reads are checked where they are written. */
	ok(lesson_parse("t/meta.lesson",
			"---\nlesson: abc\nneeds: root frobnicator\n---\n# T\n## Paso 1\n"
			"- pause: 1e999\n- pause: 601\n- pause: 2.5\nTexto \033[2J.\n",
			false, &l, &e) == 0, "parse a lesson with bad values");
	is_int(l->nerrors, 5, "lesson: abc, needs: frobnicator, two bad pauses, an ESC");
	lesson_free(l);
	return done_testing();
}
