/* paths.c: the data and locale directories, found relative to the binary
 * first (see paths.h), so `make install DESTDIR=/x PREFIX=/usr` gives a
 * /x/usr/bin/aisla that finds /x/usr/share/aisla without a rebuild. */
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include "config.h"
#include "paths.h"

const char *paths_exe(void)
{
	static char exe[PATH_MAX];
	static int done;
	ssize_t n;

	if (!done) {
		done = 1;
		n = readlink("/proc/self/exe", exe, sizeof exe - 1);
		exe[n > 0 ? n : 0] = '\0';
	}
	return exe;
}

/* The binary's directory, or "" (dir gets PATH_MAX bytes). */
static void exe_dir(char *dir)
{
	char *slash;

	snprintf(dir, PATH_MAX, "%s", paths_exe());
	slash = strrchr(dir, '/');
	if (slash)
		*slash = '\0';
	else
		dir[0] = '\0';
}

/* The root an install tree was put under: the binary's directory minus
 * the configured BINDIR ("/x" for /x/usr/bin when BINDIR is /usr/bin; ""
 * for an installed /usr/bin). -1 if the binary is not in such a tree. */
static int install_root(char *root)
{
	char dir[PATH_MAX];
	size_t ld, lb = strlen(AISLA_BINDIR);

	exe_dir(dir);
	ld = strlen(dir);
	if (!dir[0] || ld < lb || strcmp(dir + ld - lb, AISLA_BINDIR) != 0)
		return -1;
	snprintf(root, PATH_MAX, "%.*s", (int)(ld - lb), dir);
	return 0;
}

static int is_dir(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The data roots, best first: env, build tree, install tree, ../share,
 * configured. */
static int data_roots(char roots[][PATH_MAX], int max)
{
	const char *env = getenv("AISLA_DATADIR");
	char dir[PATH_MAX], root[PATH_MAX];
	int k = 0;

	if (env && *env && k < max)
		snprintf(roots[k++], PATH_MAX, "%s", env);
	exe_dir(dir);
	if (dir[0] && k < max)
		snprintf(roots[k++], PATH_MAX, "%s", dir);
	if (install_root(root) == 0 && k < max)
		snprintf(roots[k++], PATH_MAX, "%.*s%s", PATH_MAX / 2, root, AISLA_DATADIR);
	if (dir[0] && k < max)
		snprintf(roots[k++], PATH_MAX, "%.*s/../share/aisla", PATH_MAX / 2, dir);
	if (k < max)
		snprintf(roots[k++], PATH_MAX, "%s", AISLA_DATADIR);
	return k;
}

int paths_data_dirs(const char *sub, char dirs[][PATH_MAX], int max)
{
	char roots[5][PATH_MAX];
	int n = data_roots(roots, 5), k = 0;

	for (int i = 0; i < n && k < max; i++)
		snprintf(dirs[k++], PATH_MAX, "%.*s/%s", PATH_MAX - 32, roots[i], sub);
	return k;
}

const char *paths_data_dir(void)
{
	static char found[PATH_MAX];
	char roots[5][PATH_MAX], p[PATH_MAX + 16];
	int n = data_roots(roots, 5);

	for (int i = 0; i < n; i++) {
		snprintf(p, sizeof p, "%.*s/lessons", PATH_MAX - 16, roots[i]);
		if (is_dir(p)) {
			snprintf(found, sizeof found, "%.*s", PATH_MAX - 1, roots[i]);
			return found;
		}
	}
	return AISLA_DATADIR;
}

const char *paths_locale_dir(void)
{
	static char found[PATH_MAX];
	const char *env = getenv("AISLA_LOCALEDIR");
	char cand[6][PATH_MAX], dir[PATH_MAX], root[PATH_MAX], p[PATH_MAX + 40];
	int k = 0;

	if (env && *env)
		return env;
	/* A build tree: ./locale beside the binary or up to two levels above
	 * it (the unit tests live in tests/unit/). */
	exe_dir(dir);
	if (dir[0]) {
		snprintf(cand[k++], PATH_MAX, "%.*s/locale", PATH_MAX - 16, dir);
		snprintf(cand[k++], PATH_MAX, "%.*s/../locale", PATH_MAX - 16, dir);
		snprintf(cand[k++], PATH_MAX, "%.*s/../../locale", PATH_MAX - 16, dir);
	}
	if (install_root(root) == 0)
		snprintf(cand[k++], PATH_MAX, "%.*s%s", PATH_MAX / 2, root, AISLA_LOCALEDIR);
	if (dir[0])
		snprintf(cand[k++], PATH_MAX, "%.*s/../share/locale", PATH_MAX / 2, dir);
	for (int i = 0; i < k; i++) {
		snprintf(p, sizeof p, "%.*s/es/LC_MESSAGES/aisla.mo", PATH_MAX - 1, cand[i]);
		if (access(p, R_OK) == 0) {
			snprintf(found, sizeof found, "%.*s", PATH_MAX - 1, cand[i]);
			return found;
		}
	}
	return AISLA_LOCALEDIR;
}
