/* fuzz-lesson.c: libFuzzer target for the lesson/demo/script format
 * (shell/lesson/format.c): parsing and the whole validation --check and
 * every mode run (commands against the command table, checks, hints, the
 * front matter, the host commands), on any bytes. The first byte picks
 * the file's name: a lesson, a demo or a plain script. Nothing runs.
 *
 *   make fuzz   (or tests/fuzz/run.sh SECONDS; corpus: lessons/, demos/)
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "../../shell/lesson/check.h"
#include "../../shell/lesson/lesson.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "fuzz.lesson", "fuzz.demo", "fuzz.txt" };
	const char *name = names[size ? data[0] % 3 : 0];
	struct lesson *l = NULL;
	struct err e = ERR_INIT;
	char *buf;

	if (size > LESSON_FILE_MAX)
		return 0;
	buf = malloc(size + 1);
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	if (lesson_parse(name, buf, false, &l, &e) == 0) {
		/* Walk what was built: every item has its text and line. */
		for (int s = 0; s < l->nsections; s++)
			for (int i = 0; i < l->sections[s].nitems; i++) {
				const struct lesson_item *it = &l->sections[s].items[i];
				if (!it->text || it->line < 1)
					abort();
				if (it->kind == ITEM_CHECK && it->check && !check_text(it->check))
					abort();
			}
		for (int h = 0; h < l->nhost; h++)
			if (!l->host[h].text || l->host[h].line < 1)
				abort();
		lesson_free(l);
	}
	free(buf);
	return 0;
}
