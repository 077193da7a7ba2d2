/* mounts.h: what /proc/self/mountinfo says about a mount point. Used to
 * name the root of a node made from an image: its overlay mount's source
 * is the image ("base14:latest"), so `ps` and the panes can say which
 * image a process's / comes from, from the kernel. */
#ifndef AISLA_KERNEL_MOUNTS_H
#define AISLA_KERNEL_MOUNTS_H

#include <stddef.h>

/* If path is the mount point of an overlay mount (as aisla's mount
 * namespace sees it), copy its source into src and return 1; else 0.
 * The overlay mounts are read at most every half second (cached). */
int mounts_overlay_source(const char *path, char *src, size_t n);

/* A process's root as the panes and `ps` show it: "SOURCE (overlay)" for
 * an overlay mount point, else root itself. Static buffer (rotating 4). */
const char *mounts_root_label(const char *root);

#endif
