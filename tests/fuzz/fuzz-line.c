/* fuzz-line.c: libFuzzer target for everything a typed line goes through
 * before any command runs: the tokenizer, quoting round-trips, lookup and
 * argument parsing against the real command table.
 *
 *   make fuzz && tests/fuzz/fuzz-line -max_total_time=60
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "../../shell/cmd.h"
#include "../../shell/tok.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *line = malloc(size + 1);
	struct tok_line t;
	struct err e = ERR_INIT;

	if (!line)
		return 0;
	memcpy(line, data, size);
	line[size] = '\0';
	if (tok_split(line, &t, &e) == 0) {
		for (int i = 0; i < t.ncmds; i++) {
			struct args a;
			struct tok_line back;
			char *j = tok_join(t.cmds[i].argc, t.cmds[i].argv);
			/* Quoting must give the same words back. */
			if (j && tok_split(j, &back, &e) == 0) {
				if (back.ncmds != 1 || back.cmds[0].argc != t.cmds[i].argc)
					abort();
				for (int k = 0; k < back.cmds[0].argc; k++)
					if (strcmp(back.cmds[0].argv[k], t.cmds[i].argv[k]))
						abort();
				tok_line_free(&back);
			}
			free(j);
			for (int p = 0; p < 2; p++)
				if (cmd_parse(t.cmds[i].argc, t.cmds[i].argv, p, &a, &e) == 0) {
					free(a.argv);
					free(a.line);
				}
		}
		tok_line_free(&t);
	}
	free(line);
	return 0;
}
