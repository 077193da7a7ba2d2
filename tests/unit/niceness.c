/* tests/unit/niceness.c: parsing a niceness (shell/kernel/nice.c), the one
 * parser of nice, renice, load --nice and the lesson check. */
#include "tap.h"
#include "../../shell/kernel/nice.h"

int main(void)
{
	struct err e = ERR_INIT;
	int n = 99;

	ok(nice_parse("5", &n) && n == 5, "5");
	ok(nice_parse("-20", &n) && n == -20, "-20, the lowest");
	ok(nice_parse("19", &n) && n == 19, "19, the highest");
	ok(nice_parse("0", &n) && n == 0, "0");
	ok(!nice_parse("20", &n), "20 refused");
	ok(!nice_parse("-21", &n), "-21 refused");
	ok(!nice_parse("", &n), "empty refused");
	ok(!nice_parse(NULL, &n), "no value refused");
	ok(!nice_parse("5x", &n), "5x refused");
	ok(!nice_parse("ten", &n), "ten refused");
	ok(!nice_parse("99999999999999999999", &n), "a huge number refused");
	is_int(nice_value("7", true, &n, &e), 0, "nice_value 7");
	is_int(n, 7, "  gives 7");
	is_int(nice_value("40", false, &n, &e), -1, "nice_value 40 refused");
	ok(strstr(e.hint, "-20") != NULL, "  the hint gives the range (%s)", e.hint);
	is_int(nice_value("-5", false, &n, &e), 0, "-5 for renice: the kernel decides");
	return done_testing();
}
