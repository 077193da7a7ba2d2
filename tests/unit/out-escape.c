/* tests/unit/out-escape.c: control characters from input made visible
 * (shell/out.c): ESC as ^[, DEL as ^?, C1 controls as \u00XX; newline,
 * tab and UTF-8 text untouched; the destination never overflows; and
 * out_printf writes no raw ESC byte. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "tap.h"
#include "capture.h"
#include "../../shell/out.h"

static const char *esc(const char *in)
{
	static char buf[256];
	out_escape(buf, sizeof buf, in, strlen(in));
	return buf;
}

int main(void)
{
	char small[6];

	is_str(esc("plain text"), "plain text", "plain text unchanged");
	is_str(esc("a\033[2Jb"), "a^[[2Jb", "ESC is ^[");
	is_str(esc("bell\a"), "bell^G", "BEL is ^G");
	is_str(esc("del\177"), "del^?", "DEL is ^?");
	is_str(esc("cr\rlf\n\ttab"), "cr^Mlf\n\ttab", "CR visible; newline and tab kept");
	is_str(esc("ca\xc2\x9b" "31m"), "ca\\u009b31m", "C1 CSI (U+009B) is \\u009b");
	is_str(esc("año ✓"), "año ✓", "UTF-8 text unchanged");
	ok(out_has_ctrl("x\033", 2) && !out_has_ctrl("año\n\t", strlen("año\n\t")), "out_has_ctrl");
	out_escape(small, sizeof small, "\033\033\033\033", 4);
	is_str(small, "^[^[", "cut at the end of the buffer, never mid-escape");

	out_set_sink(capture_sink, NULL);
	out_printf("unknown: '%s'\n", "\033]0;title\a");
	out_eprintf("%s\n", "\033[31mred");
	out_set_sink(NULL, NULL);
	ok(!memchr(got, 0x1b, ngot), "out_printf and out_eprintf write no raw ESC");
	ok(strstr(got, "'^[]0;title^G'") != NULL, "shown visibly");
	return done_testing();
}
