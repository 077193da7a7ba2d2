/* script.c: running and checking files: plain command scripts (one
 * command line per line) here; lessons and demos (front matter "---" or a
 * .lesson/.demo extension) go to the lesson runner (lesson/lesson.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "cmd.h"
#include "i18n.h"
#include "lesson/lesson.h"
#include "out.h"
#include "script.h"
#include "shell.h"

static FILE *open_script(const char *path, struct err *e)
{
	FILE *f = fopen(path, "re");
	struct stat st;
	if (!f) {
		err_errno(e, errno, _("cannot open the script '%s'"), path);
		if (errno == ENOENT)
			err_hint(e, _("check the path; 'demo list' and 'lesson list' show the course's files"));
		return NULL;
	}
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(f);
		err_set(e, _("'%s' is a directory, not a lesson, a demo or a script"), path);
		err_hint(e, _("check the path; 'demo list' and 'lesson list' show the course's files"));
		return NULL;
	}
	return f;
}

static void chomp(char *s)
{
	size_t n = strlen(s);
	while (n && (s[n - 1] == '\n' || s[n - 1] == '\r'))
		s[--n] = '\0';
}

int script_run_file(const char *path, bool interactive, struct err *e)
{
	static int depth;
	struct cmd_ctx ctx = { .interactive = interactive, .file = path };
	char *line = NULL;
	size_t cap = 0;
	int lineno = 0, rc = 0;
	FILE *f;

	if (depth >= 16)
		return err_set(e, _("'%s' sources itself too deeply (16 levels)"), path);
	if (lesson_is_format(path, NULL)) {
		depth++;
		rc = lesson_source(path, e);
		depth--;
		return rc;
	}
	f = open_script(path, e);
	if (!f)
		return -1;
	depth++;
	while (getline(&line, &cap, f) >= 0) {
		lineno++;
		chomp(line);
		ctx.line = lineno;
		if (cmd_run_line(&ctx, line, e) < 0) {
			err_where(e, path, lineno);
			rc = -1;
			break;
		}
		if (shell.quit)
			break;
		if (shell.interrupted) {
			rc = err_set(e, _("interrupted: the script '%s' stopped at line %d"),
				     path, lineno);
			break;
		}
	}
	depth--;
	if (rc == 0 && ferror(f))
		rc = err_errno(e, errno ? errno : EIO, _("cannot read '%s'"), path);
	free(line);
	fclose(f);
	return rc;
}

int script_check_file(const char *path, struct err *e)
{
	struct cmd_ctx ctx = { .interactive = false, .checking = true, .file = path };
	char *line = NULL;
	size_t cap = 0;
	int lineno = 0, bad = 0;
	FILE *f;

	if (lesson_is_format(path, NULL)) {
		struct lesson *l;
		if (lesson_load(path, true, &l, e) < 0)
			return -1;
		bad = l->nerrors;
		lesson_print_host(l);
		lesson_free(l);
		if (bad)
			return err_set(e, ngettext("'%s' has %d problem", "'%s' has %d problems",
						   (unsigned long)bad), path, bad);
		return 0;
	}
	f = open_script(path, e);
	if (!f)
		return -1;
	while (getline(&line, &cap, f) >= 0) {
		struct err le = ERR_INIT;
		lineno++;
		chomp(line);
		ctx.line = lineno;
		if (cmd_check_line(&ctx, line, &le) < 0) {
			err_where(&le, path, lineno);
			err_print(&le);
			bad++;
		}
	}
	if (ferror(f)) {
		err_errno(e, errno ? errno : EIO, _("cannot read '%s'"), path);
		free(line);
		fclose(f);
		return -1;
	}
	free(line);
	fclose(f);
	if (bad)
		return err_set(e, ngettext("'%s' has %d bad line", "'%s' has %d bad lines",
					   (unsigned long)bad), path, bad);
	return 0;
}
