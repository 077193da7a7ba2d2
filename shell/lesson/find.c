/* find.c: finding lessons and demos by number, name or path (./lessons
 * and ./demos next to the binary, $AISLA_DATADIR, the installed data
 * directory), `lesson list` / `demo list`, and the student's progress
 * (~/.local/share/aisla/progress).
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "../i18n.h"
#include "../out.h"
#include "../paths.h"
#include "internal.h"
#include "lesson.h"


/* The directories to search: $AISLA_DATADIR, ./lessons next to the
 * binary, the install tree, then DATADIR (paths.h). */
static int data_dirs(const char *sub, char dirs[][PATH_MAX], int max)
{
	return paths_data_dirs(sub, dirs, max);
}

/* Is path a file of the shipped lessons or demos: is the directory it
 * really lives in (symbolic links and ".." resolved) one of the data
 * directories? Those files are trusted to run host commands. */
bool lesson_shipped(const char *path)
{
	char real[PATH_MAX], dirs[5][PATH_MAX];
	char *slash;

	if (!realpath(path, real) || !(slash = strrchr(real, '/')))
		return false;
	*slash = '\0';
	for (int sub = 0; sub < 2; sub++) {
		int nd = data_dirs(sub ? "demos" : "lessons", dirs, 5);
		for (int i = 0; i < nd; i++) {
			char rd[PATH_MAX];
			if (realpath(dirs[i], rd) && !strcmp(rd, real))
				return true;
		}
	}
	return false;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted file names with the extension in the first directory that has
 * any. *dir gets that directory. */
static int list_files(bool demo, char *dir, size_t dsz, char ***names, int *n)
{
	char dirs[5][PATH_MAX];
	int nd = data_dirs(demo ? "demos" : "lessons", dirs, 5);
	const char *ext = demo ? ".demo" : ".lesson";

	*names = NULL;
	*n = 0;
	for (int i = 0; i < nd; i++) {
		DIR *d = opendir(dirs[i]);
		struct dirent *de;
		if (!d)
			continue;
		while ((de = readdir(d))) {
			if (!lesson_has_ext(de->d_name, ext))
				continue;
			*names = lesson_xrealloc(*names, sizeof(char *) * (size_t)(*n + 1));
			(*names)[(*n)++] = lesson_xstrdup(de->d_name);
		}
		closedir(d);
		if (*n) {
			snprintf(dir, dsz, "%.*s", (int)dsz - 1, dirs[i]);
			qsort(*names, (size_t)*n, sizeof(char *), name_cmp);
			return 0;
		}
	}
	return -1;
}

static void free_names(char **names, int n)
{
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

int lesson_find(const char *what, bool demo, char *path, size_t size, struct err *e)
{
	char dir[PATH_MAX];
	char **names;
	int n, found = -1;

	/* A path, given as a path: it contains '/' (./mine.lesson), or it
	 * ends in .lesson/.demo and exists here. Nothing else is searched
	 * for it. */
	if (strchr(what, '/') || ((lesson_has_ext(what, ".lesson") || lesson_has_ext(what, ".demo")) &&
				  access(what, F_OK) == 0)) {
		if (access(what, R_OK) < 0) {
			err_errno(e, errno, _("cannot open '%s'"), what);
			return err_hint(e, demo ? _("'demo list' shows the demos that come with aisla")
						: _("'lesson list' shows the lessons that come with aisla"));
		}
		if (strlen(what) >= size)
			return err_set(e, _("the path '%.80s...' is too long"), what);
		snprintf(path, size, "%s", what);
		return 0;
	}
	if (list_files(demo, dir, sizeof dir, &names, &n) < 0) {
		err_set(e, demo ? _("no demos found") : _("no lessons found"));
		return err_hint(e, _("they live in ./%s next to the aisla binary or in %s/%s"),
				demo ? "demos" : "lessons", paths_data_dir(), demo ? "demos" : "lessons");
	}
	bool num = what[0] && strspn(what, "0123456789") == strlen(what);
	for (int i = 0; i < n && found < 0; i++) {
		char id[NAME_MAX + 1];
		snprintf(id, sizeof id, "%s", names[i]);
		*strrchr(id, '.') = '\0';
		const char *dash = strchr(id, '-');
		if (!strcmp(id, what) || !strcmp(names[i], what))
			found = i;
		else if (num && atoi(id) == atoi(what) && isdigit((unsigned char)id[0]))
			found = i;
		else if (dash && !strcmp(dash + 1, what))
			found = i;
	}
	if (found < 0) {
		/* A unique prefix of the name part. */
		for (int i = 0; i < n; i++) {
			const char *dash = strchr(names[i], '-');
			const char *nm = dash ? dash + 1 : names[i];
			if (!strncmp(nm, what, strlen(what)) || !strncmp(names[i], what, strlen(what))) {
				if (found >= 0) {
					found = -2;
					break;
				}
				found = i;
			}
		}
	}
	if (found < 0) {
		err_set(e, demo ? _("there is no demo '%s'") : _("there is no lesson '%s'"), what);
		err_hint(e, demo ? _("'demo list' shows them") : _("'lesson list' shows them"));
		free_names(names, n);
		return -1;
	}
	snprintf(path, size, "%s/%s", dir, names[found]);
	free_names(names, n);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Progress (~/.local/share/aisla/progress)                           */
/* ------------------------------------------------------------------ */

static int progress_path(char *buf, size_t n, bool mkdirs)
{
	const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
	char dir[PATH_MAX];

	if (xdg && *xdg)
		snprintf(dir, sizeof dir, "%.*s/aisla", PATH_MAX - 16, xdg);
	else if (home && *home)
		snprintf(dir, sizeof dir, "%.*s/.local/share/aisla", PATH_MAX - 32, home);
	else
		return -1;
	if (mkdirs) {
		char tmp[PATH_MAX];
		snprintf(tmp, sizeof tmp, "%s", dir);
		for (char *p = tmp + 1; *p; p++) {
			if (*p == '/') {
				*p = '\0';
				mkdir(tmp, 0755);
				*p = '/';
			}
		}
		mkdir(tmp, 0755);
	}
	snprintf(buf, n, "%.*s/progress", PATH_MAX - 16, dir);
	return 0;
}

/* Progress of a lesson: the step reached (1-based) and whether done. */
void lesson_progress_get(const char *id, int *step, bool *done)
{
	char path[PATH_MAX], line[512];
	FILE *f;

	*step = 0;
	*done = false;
	if (progress_path(path, sizeof path, false) < 0 || !(f = fopen(path, "re")))
		return;
	while (fgets(line, sizeof line, f)) {
		char lid[256], state[16];
		int st;
		if (sscanf(line, "%255s %d %15s", lid, &st, state) == 3 && !strcmp(lid, id)) {
			*step = st;
			*done = !strcmp(state, "done");
		}
	}
	fclose(f);
}

void lesson_progress_set(const char *id, int step, bool done)
{
	char path[PATH_MAX], tmp[PATH_MAX + 8], line[512];
	FILE *in, *out;
	bool written = false;

	if (progress_path(path, sizeof path, true) < 0)
		return;
	snprintf(tmp, sizeof tmp, "%s.new", path);
	out = fopen(tmp, "we");
	if (!out)
		return;
	in = fopen(path, "re");
	while (in && fgets(line, sizeof line, in)) {
		char lid[256];
		if (sscanf(line, "%255s", lid) == 1 && !strcmp(lid, id)) {
			if (!written)
				fprintf(out, "%s %d %s\n", id, step, done ? "done" : "open");
			written = true;
			continue;
		}
		fputs(line, out);
	}
	if (in)
		fclose(in);
	if (!written)
		fprintf(out, "%s %d %s\n", id, step, done ? "done" : "open");
	if (fclose(out) == 0)
		rename(tmp, path);
	else
		unlink(tmp);
}

int lesson_list(bool demos, struct err *e)
{
	char dir[PATH_MAX];
	char **names;
	int n;

	if (list_files(demos, dir, sizeof dir, &names, &n) < 0) {
		err_set(e, demos ? _("no demos found") : _("no lessons found"));
		return err_hint(e, _("they live in ./%s next to the aisla binary or in %s/%s"),
				demos ? "demos" : "lessons", paths_data_dir(), demos ? "demos" : "lessons");
	}
	for (int i = 0; i < n; i++) {
		char path[PATH_MAX + NAME_MAX + 2];
		struct lesson *l;
		struct err le = ERR_INIT;
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		if (lesson_load(path, false, &l, &le) < 0)
			continue;
		if (demos) {
			out_printf("  %-22s %s\n", l->id, l->title);
		} else {
			int st, total = lesson_count_steps(l);
			bool done;
			char prog[64] = "";
			lesson_progress_get(l->id, &st, &done);
			if (done)
				snprintf(prog, sizeof prog, "%s", _("✓ done"));
			else if (st > 0)
				snprintf(prog, sizeof prog, _("step %d of %d"), st, total);
			out_printf("  %-22s %-40s %s\n", l->id, l->title, prog);
		}
		lesson_free(l);
	}
	free_names(names, n);
	if (!demos)
		out_printf("%s\n", _("'lesson start N' begins (or resumes) lesson N."));
	else
		out_printf("%s\n", _("'demo play NAME [--step]' replays one."));
	return 0;
}

