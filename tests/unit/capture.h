/* tests/unit/capture.h: what out_printf() writes, kept in got[] (install
 * with out_set_sink(capture_sink, NULL); reset ngot to start again). */
#ifndef AISLA_UNIT_CAPTURE_H
#define AISLA_UNIT_CAPTURE_H

#include <string.h>
#include "../../shell/out.h"

static char got[4096];
static size_t ngot;

static void capture_sink(enum out_stream s, const char *text, size_t len, void *arg)
{
	(void)s; (void)arg;
	if (ngot + len < sizeof got) {
		memcpy(got + ngot, text, len);
		ngot += len;
		got[ngot] = '\0';
	}
}

#endif
