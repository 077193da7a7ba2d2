/* image-layer.h: reading and writing OCI layers (tar, gzip).
 *
 * Reading (image-unpack.c): a layer blob is checked (size and digest)
 * before anything is written, then streamed once: gzip inflated by zlib,
 * the tar read by libarchive, the uncompressed stream hashed to check the
 * config's diff_id. Each entry is applied beneath a directory fd with
 * openat2(RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS): absolute paths, `..`
 * components and any path through a symlink that leads out of the tree
 * are refused with the entry named; device nodes only as root.
 *
 * Writing (image-write.c): libarchive writes a pax tar whose bytes are
 * hashed (diff_id), gzipped by zlib and hashed again (the blob's digest)
 * in one pass, straight into the layout's blobs directory.
 */
#ifndef AISLA_IMAGE_LAYER_H
#define AISLA_IMAGE_LAYER_H

#include <stdbool.h>
#include <sys/stat.h>
#include "oci.h"

/* A set of paths (a small open-addressing hash set). */
struct pathset {
	char **slot;
	size_t cap, n;
};
bool pathset_has(const struct pathset *s, const char *p);
int pathset_add(struct pathset *s, const char *p);	/* 1 added, 0 present, -1 ENOMEM */
void pathset_del(struct pathset *s, const char *p);
void pathset_free(struct pathset *s);

enum unpack_mode {
	UNPACK_APPLY,	/* onto a tree: whiteouts delete, opaque dirs are emptied */
	UNPACK_OVERLAY,	/* into an empty dir for overlayfs: whiteouts become 0/0
			 * char devices, opaque dirs get trusted.overlay.opaque=y */
	UNPACK_SCAN,	/* read only: count added/changed/deleted against *all */
};

struct layer_stats {
	long long added, changed, deleted;	/* entries (dirs only when new) */
	long long bytes;			/* uncompressed tar size */
};

/* Apply (or scan) layer l of the image in layout dir. rootfd: the tree
 * (unused for SCAN). all: every path present so far (SCAN, may be NULL
 * otherwise). `what` names the layer in errors. */
int layer_unpack(const char *dir, const struct oci_layer *l, int rootfd,
		 enum unpack_mode mode, struct pathset *all, struct layer_stats *st,
		 const char *what, struct err *e);

/* Apply every layer of an image onto rootfd in order (checking each). */
int image_unpack_fd(const struct oci_image *im, const char *name, int rootfd, struct err *e);

/* ---- writing ---- */

struct layer_writer;
/* Start a layer in layout dir (a temporary file in dir/blobs/sha256). */
int layer_begin(const char *dir, struct layer_writer **w, struct err *e);
/* One entry: path relative to the root ("bin/ls"), st gives type, mode,
 * owner, size and mtime; for a regular file data comes from fd (st_size
 * bytes), for a symlink `link` is its target. fd (a file or a directory,
 * -1 for none) also gives the extended attributes. A regular file with
 * several links whose (st_dev, st_ino) was written before becomes a hard
 * link to that first path. */
int layer_add(struct layer_writer *w, const char *path, const struct stat *st, int fd,
	      const char *link, struct err *e);
/* An empty whiteout entry: ".wh.NAME" in dir `parent` ("" = root), or the
 * opaque marker ".wh..wh..opq" with name NULL. */
int layer_add_whiteout(struct layer_writer *w, const char *parent, const char *name,
		       struct err *e);
/* Add a whole tree below dirfd (sorted, parents first). With overlay,
 * it is an overlayfs upper dir: 0/0 char devices become whiteouts and
 * trusted.overlay.opaque dirs get the opaque marker. */
int layer_add_tree(struct layer_writer *w, int dirfd, bool overlay, struct layer_stats *st,
		   struct err *e);
/* Finish: the blob lands as dir/blobs/sha256/HEX; fills l->blob and
 * l->diff_id. Frees w (also on failure). */
int layer_finish(struct layer_writer *w, struct oci_layer *l, struct err *e);
/* Drop an unfinished layer (removes its temporary file). */
void layer_abort(struct layer_writer *w);

#endif
