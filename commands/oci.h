/* oci.h: OCI image layouts (image-spec v1): the image store, names,
 * digests, blobs, index.json, manifests and configs.
 *
 * The store is a directory (AISLA_IMAGE_DIR, default /var/lib/aisla/images)
 * that outlives `reset`: the student's images, like Docker's. Each image
 * NAME is a complete OCI image layout, STORE/NAME (oci-layout, index.json,
 * blobs/sha256/HEX), its tags being the index's
 * "org.opencontainers.image.ref.name" annotations, exactly as `umoci` and
 * `skopeo` keep them: `umoci unpack --image STORE/NAME:TAG` reads it.
 * Layers shared by two images are hard links to one file, so deleting one
 * image leaves the blobs another still uses. STORE/.layers holds layers
 * unpacked once for overlay mounts (image-overlay.c), by diff_id.
 *
 * Digests are SHA-256 (OpenSSL), JSON is json-c. Every blob is checked
 * (size and digest) before it is used; JSON blobs are bounded.
 */
#ifndef AISLA_OCI_H
#define AISLA_OCI_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include "../shell/err.h"

struct json_object;

#define IMG_NAME_MAX 64
#define IMG_TAG_MAX 128
#define OCI_DIGEST_MAX 72	/* "sha256:" + 64 hex + NUL */
#define OCI_JSON_MAX (4 << 20)	/* largest index/manifest/config read */
#define OCI_MAX_LAYERS 128

#define OCI_MT_MANIFEST "application/vnd.oci.image.manifest.v1+json"
#define OCI_MT_INDEX "application/vnd.oci.image.index.v1+json"
#define OCI_MT_CONFIG "application/vnd.oci.image.config.v1+json"
#define OCI_MT_LAYER_GZ "application/vnd.oci.image.layer.v1.tar+gzip"
#define OCI_MT_LAYER "application/vnd.oci.image.layer.v1.tar"
#define OCI_REF_ANNOT "org.opencontainers.image.ref.name"

/* NAME[:TAG] as typed (tag defaults to "latest"). */
struct img_ref {
	char name[IMG_NAME_MAX + 1];
	char tag[IMG_TAG_MAX + 1];
};
/* Parse and check a name: 1-64 of [a-z0-9_.-] not starting with '.' or
 * '-', optional :TAG (1-128 of [A-Za-z0-9_.-], not starting with '.' or
 * '-'). */
int img_ref_parse(const char *word, struct img_ref *r, struct err *e);
/* "NAME:TAG" (rotating static buffers, up to 4 alive). */
const char *img_ref_str(const struct img_ref *r);

/* The store directory (AISLA_IMAGE_DIR or /var/lib/aisla/images). */
const char *img_store(void);
/* Create the store (and STORE/.layers) if missing. */
int img_store_make(struct err *e);
/* STORE/NAME into out. */
void img_layout_dir(const char *name, char *out, size_t n);

struct oci_desc {
	char media[128];
	char digest[OCI_DIGEST_MAX];
	long long size;
};

struct oci_layer {
	struct oci_desc blob;
	char diff_id[OCI_DIGEST_MAX];	/* sha256 of the uncompressed tar */
	char created_by[256];		/* from the config's history, "" if none */
};

/* One image of a layout: its manifest, config and layers. */
struct oci_image {
	char dir[PATH_MAX];
	char tag[IMG_TAG_MAX + 1];
	struct oci_desc manifest, config;
	int nlayers;
	struct oci_layer *layers;	/* owned */
	struct json_object *cfg;	/* the parsed config, owned */
	char created[64];
};

/* Open the image tagged `tag` in the layout `dir` (tag NULL: the only
 * manifest of the index, else "latest"). Checks the manifest and config
 * blobs (digest and size) and reads the layers' descriptors; layer blobs
 * are checked when used. `what` names the image in errors. */
int oci_open(const char *dir, const char *tag, const char *what, struct oci_image *im,
	     struct err *e);
/* Open NAME:TAG of the store, with a hint (image list, image base) when it
 * does not exist. */
int img_open(const struct img_ref *r, struct oci_image *im, struct err *e);
void oci_release(struct oci_image *im);

/* dir/blobs/sha256/HEX into out. */
void oci_blob_path(const char *dir, const char *digest, char *out, size_t n);
/* Check a blob's size and digest. `what` names it ("la capa 2 de 'x'"). */
int oci_blob_check(const char *dir, const struct oci_desc *d, const char *what,
		   struct err *e);
/* Is s "sha256:" and 64 lowercase hex digits? */
bool oci_digest_valid(const char *s);
/* The first 12 hex digits of a digest (static, rotating 4). */
const char *oci_short(const char *digest);

/* SHA-256 of a whole file (fd at any position; read from 0). */
int oci_sha256_fd(int fd, char out[OCI_DIGEST_MAX], long long *size, struct err *e);
/* SHA-256 of memory. */
void oci_sha256_mem(const void *buf, size_t n, char out[OCI_DIGEST_MAX]);

/* Streaming SHA-256 (an opaque OpenSSL context). */
struct oci_hash;
struct oci_hash *oci_hash_new(void);
void oci_hash_update(struct oci_hash *h, const void *buf, size_t n);
/* Final digest into out; frees h. */
void oci_hash_final(struct oci_hash *h, char out[OCI_DIGEST_MAX]);
void oci_hash_free(struct oci_hash *h);

/* Write a new empty layout in dir (which must not exist). */
int oci_layout_init(const char *dir, struct err *e);
/* Store buf as a blob of dir; fills d. */
int oci_blob_put(const char *dir, const void *buf, size_t n, const char *media,
		 struct oci_desc *d, struct err *e);
/* Put blob d of layout `from` into layout `to` (hard link, else copy),
 * checking it. */
int oci_blob_share(const char *from, const char *to, const struct oci_desc *d,
		   struct err *e);
/* Write config (serialised) and a manifest for it with these layers, and
 * tag it in dir's index.json (replacing that tag). */
int oci_write_image(const char *dir, const char *tag, struct json_object *config,
		    const struct oci_layer *layers, int nlayers, struct oci_desc *manifest,
		    struct err *e);
/* Tag a manifest in dir's index.json (replacing that tag). */
int oci_tag(const char *dir, const char *tag, const struct oci_desc *manifest, struct err *e);
/* Tags in dir's index.json (*tags malloc'ed array of malloc'ed strings). */
int oci_tags(const char *dir, char ***tags, int *n, struct err *e);
void oci_tags_free(char **tags, int n);
/* Remove a tag from index.json, then every blob no tag reaches. *left gets
 * the number of tags still there. */
int oci_untag(const char *dir, const char *tag, int *left, struct err *e);

/* A config for a new image: os/arch, Env PATH, Cmd /bin/sh, no layers. */
struct json_object *oci_config_new(void);
/* Append a layer (diff_id) and its history entry to a config. */
void oci_config_add_layer(struct json_object *cfg, const char *diff_id, const char *created_by);

/* Remove a tree beneath dirfd/name (never following symlinks, never
 * crossing into another mount). 0 or -1 with errno. */
int oci_rm_at(int dirfd, const char *name);
/* Remove every entry of the directory fd (not the directory). */
int oci_empty_dir(int dirfd);
/* Remove path and all below (not crossing mounts). */
int oci_rm_tree(const char *path);

/* "1,5 MB" style size (static, rotating 4). */
const char *oci_human(long long bytes);

#endif
