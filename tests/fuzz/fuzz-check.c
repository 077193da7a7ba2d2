/* fuzz-check.c: libFuzzer target for the check language
 * (shell/lesson/check.c and the verbs' parsers): one line as written
 * after "- check:", parsed; a check that parses is asked for its text,
 * verb, speed, host use and which hint prefixes name it. Never evaluated
 * (that reads the kernel and may run programs).
 *
 *   make fuzz   (or tests/fuzz/run.sh SECONDS; corpus: the lessons' checks)
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "../../shell/lesson/check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct check *c = NULL;
	struct err e = ERR_INIT;
	char *line;

	if (size > 1 << 20)
		return 0;
	line = malloc(size + 1);
	if (!line)
		return 0;
	memcpy(line, data, size);
	line[size] = '\0';
	if (check_parse(line, &c, &e) == 0) {
		const char *t = check_text(c), *v = check_verb(c);
		if (!t || !v || !*v)
			abort();
		(void)check_is_slow(c);
		(void)check_runs_host(c);
		/* hint[VERB] always names a check of that verb. */
		if (!check_hint_plausible(v, c))
			abort();
		(void)check_hint_plausible(line + size / 2, c);
		(void)check_hint_match(t, c, NULL);
		check_free(c);
	} else if (!e.msg[0]) {
		abort();	/* a refusal always says why */
	}
	free(line);
	return 0;
}
