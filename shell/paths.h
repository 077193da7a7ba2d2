/* paths.h: where aisla's data (lessons, demos) and catalogs are, found at
 * run time so that an installed tree works wherever it was put.
 *
 * Order: the environment ($AISLA_DATADIR, $AISLA_LOCALEDIR), the build tree
 * (beside the binary), the install tree the binary sits in (its directory
 * minus the configured BINDIR gives the DESTDIR-like root, then the
 * configured DATADIR/LOCALEDIR under it; or BINARY/../share/...), and last
 * the paths configured at build time (shell/config.h, made by the Makefile
 * and rewritten when PREFIX changes).
 */
#ifndef AISLA_PATHS_H
#define AISLA_PATHS_H

#include <limits.h>

/* The candidate directories for SUB ("lessons", "demos"), best first;
 * fills dirs and returns how many (at most max). Not checked to exist. */
int paths_data_dirs(const char *sub, char dirs[][PATH_MAX], int max);
/* The data directory that exists (the first candidate with lessons/ or
 * demos/), else the configured one. Borrowed, static. */
const char *paths_data_dir(void);
/* The locale directory holding es/LC_MESSAGES/aisla.mo, else the
 * configured one. Borrowed, static. */
const char *paths_locale_dir(void);
/* The binary's own path (/proc/self/exe), or "" if unreadable. Borrowed. */
const char *paths_exe(void);

#endif
