/* kernel/nice.c: parsing a niceness, once (see nice.h). */
#include <stdlib.h>
#include <unistd.h>
#include "nice.h"
#include "../i18n.h"

bool nice_parse(const char *s, int *out)
{
	char *end;
	long v;

	if (!s || !*s)
		return false;
	v = strtol(s, &end, 10);
	if (*end || v < NICE_MIN || v > NICE_MAX)
		return false;
	*out = (int)v;
	return true;
}

int nice_value(const char *s, bool for_start, int *out, struct err *e)
{
	if (!nice_parse(s, out)) {
		err_set(e, _("invalid niceness '%s'"), s ? s : "");
		return err_hint(e, _("niceness goes from -20 (most favoured) to 19 (least)"));
	}
	if (for_start && *out < 0 && geteuid() != 0) {
		err_set(e, _("a negative niceness (%ld) needs root"), (long)*out);
		return err_hint(e, _("raising a process's priority needs CAP_SYS_NICE; "
				     "without it only 0..19 are allowed"));
	}
	return 0;
}
