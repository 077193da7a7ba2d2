/* tests/unit/lesson-markdown.c: lesson prose as the console prints it
 * (shell/lesson/print.c): **bold**, __bold__ and *italic* lose their
 * marks (no raw "*nice*" on screen), `code` keeps its backticks and
 * whatever is inside them ("ls *.c"), a lone or spaced '*' stays. */
#include <stdio.h>
#include <string.h>
#include "tap.h"
#include "capture.h"
#include "../../shell/out.h"
#include "../../shell/lesson/lesson.h"

static const char *shown(const char *text)
{
	ngot = 0;
	got[0] = '\0';
	lesson_print_wrapped("", text, 200);
	return got;
}

int main(void)
{
	out_set_sink(capture_sink, NULL);
	is_str(shown("el *nice* de un proceso"), "el nice de un proceso\n", "italic marks go");
	is_str(shown("**negrita** y __también__"), "negrita y también\n", "bold marks go");
	is_str(shown("*dos palabras* juntas"), "dos palabras juntas\n", "italic over two words");
	is_str(shown("`ls *.c` lista"), "`ls *.c` lista\n", "code keeps backticks and its '*'");
	is_str(shown("`*nice*` literal"), "`*nice*` literal\n", "nothing changes inside code");
	is_str(shown("2 * 3 = 6 y a*b"), "2 * 3 = 6 y a*b\n", "a spaced or lone '*' stays");
	is_str(shown("un *sin cerrar"), "un *sin cerrar\n", "an unclosed '*' stays");
	is_str(shown("*a*, *b*."), "a, b.\n", "two italics in a row");
	is_str(shown("a*b y c*d"), "a*b y c*d\n", "'*' inside words is no italic");
	is_str(shown("(*nice*)"), "(nice)\n", "italic after a bracket");
	out_set_sink(NULL, NULL);
	return done_testing();
}
