/* image.h: what the image commands share with the rest of aisla: making
 * images (base, import, commit), unpacking them (a directory, or the
 * overlay root of a node) and their journal kinds.
 *
 * Journal kinds (img_kinds[], listed in kinds.c): "imgdir", a directory
 * `image unpack` filled (reset empties it, and removes it if it made it);
 * "imgroot", a node's overlay root: the directory
 * journal_dir()/images/NODE with upper/, work/ and the mount point root/
 * (reset unmounts the overlay and removes the directory). The store itself
 * is never journaled: images outlive reset.
 */
#ifndef AISLA_IMAGE_H
#define AISLA_IMAGE_H

#include <limits.h>
#include "oci.h"
#include "../shell/complete.h"
#include "../shell/journal.h"

extern const struct journal_kind *const img_kinds[];

/* The overlay root of a node made from an image. */
struct img_root {
	char dir[240];		/* journal_dir()/images/NODE */
	char root[PATH_MAX];	/* dir/root: the overlay mount point */
	char upper[PATH_MAX];	/* dir/upper */
	char lowers[8192];	/* lowerdir= value, top layer first */
	unsigned long seq;	/* journal record */
};

/* Unpack every layer of the image into the layer cache (once per
 * diff_id), then make NODE's upper and work dirs and mount the overlay at
 * dir/root, journaled as "imgroot" NODE. */
int img_root_make(const struct img_ref *r, const char *node, struct img_root *out,
		  struct err *e);
/* Undo img_root_make (node creation failed afterwards). */
void img_root_drop(struct img_root *ir);
/* Find NODE's overlay root (journal); fills image ref and dirs. */
int img_root_find(const char *node, struct img_ref *r, struct img_root *out, struct err *e);

/* Explain img_root_make with tar and mount -t overlay. */
struct cmd_ctx;
void img_root_explain(struct cmd_ctx *ctx, const struct img_ref *r, const char *node);

/* The argument kinds IMAGE (completed from the store) and NEWIMAGE (a
 * name to make): both checked by img_ref_check before anything runs
 * (cmd_kinds[] in cmd-table.c). */
void img_complete(const char *prefix, complete_add_fn add, void *ctx);
int img_ref_check(const char *word, struct err *e);

/* Remove the cached layers no image of the store uses and no mount has
 * below it; *removed counts them. */
int img_cache_gc(int *removed, struct err *e);

/* Cache directory of an unpacked layer: STORE/.layers/HEX of its diff_id. */
void img_layer_cache(const char *diff_id, char *out, size_t n);

#endif
