/* rootfs.h: a minimal root filesystem built offline from the machine's
 * static busybox (Debian's busybox-static), for chroot and --root. */
#ifndef AISLA_ROOTFS_H
#define AISLA_ROOTFS_H

#include <stdbool.h>
#include <stddef.h>
#include "../shell/err.h"
#include "../shell/journal.h"

/* Build into dir (created if missing; must be empty if present). Journals
 * the tree as kind "rootfs" (reset removes what it made). *napplets gets
 * the number of applet links made. */
int rootfs_build(const char *dir, int *napplets, struct err *e);

/* Does dir hold an executable /bin/sh (resolved inside dir)? */
bool rootfs_has_shell(const char *dir);

extern const struct journal_kind rootfs_kind;

#endif
