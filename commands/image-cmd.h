/* image-cmd.h: what the two files of the image command share
 * (cmd-image.c, cmd-image-make.c). Not for other modules. */
#ifndef AISLA_IMAGE_CMD_H
#define AISLA_IMAGE_CMD_H

#include <stdbool.h>
#include "oci.h"

struct err;

/* STORE/NAME and STORE/NAME:TAG quoted for bash (rotating buffers, 4). */
const char *img_layout_q(const char *name);
const char *img_image_q(const struct img_ref *r);
/* Does the store hold NAME:TAG? */
bool img_exists(const struct img_ref *r);
/* An error (with a hint) when NAME:TAG exists already. */
int img_refuse_existing(const struct img_ref *r, struct err *e);

/* A subcommand's parse: argv[0] is an image, its plan a struct img_ref. */
int img_arg0_parse(const struct args *a, void *plan, struct err *e);

/* The subcommands defined in cmd-image-make.c. */
extern const struct cmd_entry image_base_entry, image_import_entry, image_commit_entry;

#endif
