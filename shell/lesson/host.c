/* host.c: the host commands of a lesson or demo (struct lesson_host,
 * listed by format.c's validation): a file that does not come with aisla
 * runs them only with --allow-host or after the user said yes (once per
 * file and session); batch mode never asks. Nothing of the file runs
 * before that answer. Lesson and demo files are input, not trust: a
 * teacher passes them around, and aisla runs as root.
 */
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "../i18n.h"
#include "../out.h"
#include "../repl.h"
#include "internal.h"
#include "lesson.h"

bool lesson_allow_host;

/* The files the user has said yes to in this session (real paths). */
static char **approved;
static size_t napproved;

void lesson_print_host(const struct lesson *l)
{
	if (!l->nhost)
		return;
	out_eprintf(ngettext("%s: %d line runs commands on the host, outside aisla's own:\n",
			     "%s: %d lines run commands on the host, outside aisla's own:\n",
			     (unsigned long)l->nhost), l->path, l->nhost);
	for (int i = 0; i < l->nhost; i++)
		out_eprintf("  %s:%d: %s\n", l->path, l->host[i].line, l->host[i].text);
}

static bool was_approved(const char *real)
{
	for (size_t i = 0; i < napproved; i++)
		if (!strcmp(approved[i], real))
			return true;
	return false;
}

static void approve(const char *real)
{
	approved = lesson_xrealloc(approved, sizeof *approved * (napproved + 1));
	approved[napproved++] = lesson_xstrdup(real);
}

int lesson_host_gate(struct lesson *l, bool ask, struct err *e)
{
	char real[PATH_MAX];

	if (!l->nhost || lesson_allow_host || lesson_shipped(l->path))
		return 0;
	if (!realpath(l->path, real))
		snprintf(real, sizeof real, "%s", l->path);
	if (was_approved(real))
		return 0;
	lesson_print_host(l);
	if (ask && isatty(STDIN_FILENO)) {
		char q[PATH_MAX + 128];
		snprintf(q, sizeof q, _("'%s' is not one of aisla's lessons. Run these commands as %s?"),
			 l->path, geteuid() == 0 ? "root" : _("your user"));
		if (repl_confirm(q)) {
			approve(real);
			return 0;
		}
		err_set(e, _("'%s' not run: its host commands were not allowed"), l->path);
		return err_hint(e, _("read the file first; 'aisla --check %s' lists what it runs"), l->path);
	}
	err_set(e, ngettext("'%s' runs %d command on the host and does not come with aisla: not run",
			    "'%s' runs %d commands on the host and does not come with aisla: not run",
			    (unsigned long)l->nhost), l->path, l->nhost);
	return err_hint(e, _("read them above; if you trust the file, run it with 'aisla --allow-host "
			     "FILE'"));
}
