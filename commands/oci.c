/* oci.c: reading OCI image layouts: the store, names, SHA-256 digests
 * (OpenSSL), blobs checked against them, index.json, manifests and configs
 * (json-c). Writing is in oci-write.c. See oci.h. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <json-c/json.h>
#include <openssl/evp.h>
#include "oci.h"
#include "oci-int.h"
#include "../shell/i18n.h"
#include "../shell/rootless.h"

#define DEFAULT_STORE "/var/lib/aisla/images"

/* AISLA_IMAGE_DIR, else root's /var/lib/aisla/images, else (a user, or a
 * rootless session) $XDG_DATA_HOME/aisla/images or
 * ~/.local/share/aisla/images. */
const char *img_store(void)
{
	static char user[PATH_MAX];
	const char *s = getenv("AISLA_IMAGE_DIR");
	if (s && s[0] == '/')
		return s;
	/* a rootless session is root in a user namespace of the user's own:
	 * /var/lib is not its to write, the user's data dir is */
	const char *x = getenv("XDG_DATA_HOME"), *h = getenv("HOME");
	if (geteuid() == 0 && !rootless_active())
		snprintf(user, sizeof user, "%s", DEFAULT_STORE);
	else if (x && x[0] == '/')
		snprintf(user, sizeof user, "%.4000s/aisla/images", x);
	else if (h && h[0] == '/')
		snprintf(user, sizeof user, "%.4000s/.local/share/aisla/images", h);
	else
		snprintf(user, sizeof user, "%s", DEFAULT_STORE);
	/* what aisla runs (lesson checks, `!` lines, export) sees the same
	 * store in AISLA_IMAGE_DIR */
	setenv("AISLA_IMAGE_DIR", user, 0);
	return user;
}

static int mkdir_p(const char *path, mode_t mode)
{
	char p[PATH_MAX];
	snprintf(p, sizeof p, "%s", path);
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = 0;
		if (mkdir(p, 0755) < 0 && errno != EEXIST)
			return -1;
		*s = '/';
	}
	if (mkdir(p, mode) < 0 && errno != EEXIST)
		return -1;
	return 0;
}

int img_store_make(struct err *e)
{
	char p[PATH_MAX];
	snprintf(p, sizeof p, "%s/.layers", img_store());
	if (mkdir_p(img_store(), 0755) < 0 || mkdir_p(p, 0700) < 0) {
		err_errno(e, errno, _("could not create the image store '%s'"), img_store());
		return err_hint(e, _("the store is a directory of yours: set AISLA_IMAGE_DIR to "
				     "another one (for example /tmp/imagenes)"));
	}
	return 0;
}

void img_layout_dir(const char *name, char *out, size_t n)
{
	snprintf(out, n, "%s/%s", img_store(), name);
}

static bool word_ok(const char *s, size_t max, bool upper)
{
	size_t l = strlen(s);
	if (l == 0 || l > max || s[0] == '.' || s[0] == '-')
		return false;
	for (const char *c = s; *c; c++)
		if (!(islower((unsigned char)*c) || isdigit((unsigned char)*c) || *c == '_' ||
		      *c == '.' || *c == '-' || (upper && isupper((unsigned char)*c))))
			return false;
	return true;
}

int img_ref_parse(const char *word, struct img_ref *r, struct err *e)
{
	const char *colon = strchr(word, ':');
	size_t nl = colon ? (size_t)(colon - word) : strlen(word);
	char name[IMG_NAME_MAX + 2];
	memset(r, 0, sizeof *r);
	if (nl > IMG_NAME_MAX) {
		err_set(e, _("invalid image name '%s': at most %d characters"), word, IMG_NAME_MAX);
		return err_hint(e, _("names use a-z, 0-9, '_', '.' and '-', with an optional :TAG "
				     "(for example 'web:v1')"));
	}
	memcpy(name, word, nl);
	name[nl] = 0;
	if (!word_ok(name, IMG_NAME_MAX, false)) {
		err_set(e, _("invalid image name '%s'"), word);
		return err_hint(e, _("names use a-z, 0-9, '_', '.' and '-', with an optional :TAG "
				     "(for example 'web:v1')"));
	}
	const char *tag = colon ? colon + 1 : "latest";
	if (!word_ok(tag, IMG_TAG_MAX, true)) {
		err_set(e, _("invalid tag '%s' in '%s'"), tag, word);
		return err_hint(e, _("a tag uses letters, digits, '_', '.' and '-' (for example "
				     "'latest' or 'v2')"));
	}
	snprintf(r->name, sizeof r->name, "%.64s", name);
	snprintf(r->tag, sizeof r->tag, "%s", tag);
	return 0;
}

const char *img_ref_str(const struct img_ref *r)
{
	static char buf[4][IMG_NAME_MAX + IMG_TAG_MAX + 2];
	static int i;
	i = (i + 1) % 4;
	snprintf(buf[i], sizeof buf[i], "%s:%s", r->name, r->tag);
	return buf[i];
}

const char *oci_short(const char *digest)
{
	static char buf[4][16];
	static int i;
	i = (i + 1) % 4;
	const char *h = strchr(digest, ':');
	snprintf(buf[i], sizeof buf[i], "%.12s", h ? h + 1 : digest);
	return buf[i];
}

const char *oci_human(long long b)
{
	static char buf[4][32];
	static int i;
	i = (i + 1) % 4;
	if (b < 1024)
		snprintf(buf[i], sizeof buf[i], "%lld B", b);
	else if (b < 1024 * 1024)
		snprintf(buf[i], sizeof buf[i], "%.1f KiB", b / 1024.0);
	else
		snprintf(buf[i], sizeof buf[i], "%.1f MiB", b / 1048576.0);
	return buf[i];
}

bool oci_digest_valid(const char *s)
{
	if (strncmp(s, "sha256:", 7) || strlen(s) != 71)
		return false;
	for (const char *c = s + 7; *c; c++)
		if (!isdigit((unsigned char)*c) && !(*c >= 'a' && *c <= 'f'))
			return false;
	return true;
}

void oci_blob_path(const char *dir, const char *digest, char *out, size_t n)
{
	snprintf(out, n, "%s/blobs/sha256/%s", dir, strchr(digest, ':') ? strchr(digest, ':') + 1 : digest);
}

/* ---- SHA-256 ---- */

struct oci_hash {
	EVP_MD_CTX *c;
};

struct oci_hash *oci_hash_new(void)
{
	struct oci_hash *h = calloc(1, sizeof *h);
	if (!h)
		return NULL;
	h->c = EVP_MD_CTX_new();
	if (!h->c || EVP_DigestInit_ex(h->c, EVP_sha256(), NULL) != 1) {
		EVP_MD_CTX_free(h->c);
		free(h);
		return NULL;
	}
	return h;
}

void oci_hash_update(struct oci_hash *h, const void *buf, size_t n)
{
	EVP_DigestUpdate(h->c, buf, n);
}

void oci_hash_free(struct oci_hash *h)
{
	if (!h)
		return;
	EVP_MD_CTX_free(h->c);
	free(h);
}

void oci_hash_final(struct oci_hash *h, char out[OCI_DIGEST_MAX])
{
	unsigned char md[32];
	unsigned int len = 0;
	EVP_DigestFinal_ex(h->c, md, &len);
	strcpy(out, "sha256:");
	for (unsigned i = 0; i < 32; i++)
		snprintf(out + 7 + 2 * i, 3, "%02x", md[i]);
	oci_hash_free(h);
}

void oci_sha256_mem(const void *buf, size_t n, char out[OCI_DIGEST_MAX])
{
	struct oci_hash *h = oci_hash_new();
	if (!h) {
		out[0] = 0;
		return;
	}
	oci_hash_update(h, buf, n);
	oci_hash_final(h, out);
}

int oci_sha256_fd(int fd, char out[OCI_DIGEST_MAX], long long *size, struct err *e)
{
	struct oci_hash *h = oci_hash_new();
	if (!h)
		return err_errno(e, ENOMEM, _("could not compute a SHA-256 digest"));
	static char buf[1 << 17];
	long long total = 0;
	off_t off = 0;
	for (;;) {
		ssize_t n = pread(fd, buf, sizeof buf, off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			oci_hash_free(h);
			return err_errno(e, errno, _("could not read a blob"));
		}
		if (n == 0)
			break;
		oci_hash_update(h, buf, (size_t)n);
		off += n;
		total += n;
	}
	oci_hash_final(h, out);
	if (size)
		*size = total;
	return 0;
}

/* Open blob d of dir after checking its digest's form; -1 with e filled. */
static int blob_open(const char *dir, const struct oci_desc *d, const char *what, struct err *e)
{
	char p[PATH_MAX];
	if (!oci_digest_valid(d->digest)) {
		err_set(e, _("%s has an invalid digest '%.80s'"), what, d->digest);
		return err_hint(e, _("aisla reads sha256 digests only (64 hex digits): the layout "
				     "is damaged or was made by another tool"));
	}
	oci_blob_path(dir, d->digest, p, sizeof p);
	int fd = open(p, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err_errno(e, errno, _("%s is missing: '%s'"), what, p);
		return err_hint(e, _("the image is incomplete: import it again, or remove it with "
				     "`image del`"));
	}
	return fd;
}

/* A blob whose size or digest is not its descriptor's. */
static int blob_mismatch(const char *what, const struct oci_desc *d, long long size,
			 const char *got, struct err *e)
{
	if (size != d->size)
		err_set(e, _("%s (%s) is truncated or damaged: %lld bytes, the manifest says %lld"),
			what, oci_short(d->digest), size, d->size);
	else
		err_set(e, _("%s does not match its digest: expected %s, found %s"), what,
			oci_short(d->digest), oci_short(got));
	return err_hint(e, size != d->size ?
			_("a blob must be exactly what its descriptor says: import the image again "
			  "from a good copy") :
			_("its content changed after it was written (or someone altered it): import "
			  "the image again from a good copy"));
}

int oci_blob_check(const char *dir, const struct oci_desc *d, const char *what, struct err *e)
{
	char got[OCI_DIGEST_MAX];
	long long size;
	int fd = blob_open(dir, d, what, e);
	if (fd < 0)
		return -1;
	int rc = oci_sha256_fd(fd, got, &size, e);
	close(fd);
	if (rc < 0)
		return -1;
	if (size != d->size || strcmp(got, d->digest))
		return blob_mismatch(what, d, size, got, e);
	return 0;
}

/* Parse n bytes of JSON (nesting bounded to 32 levels). */
static enum json_tokener_error parse_json(const char *buf, ssize_t n, struct json_object **out)
{
	struct json_tokener *t = json_tokener_new_ex(32);
	*out = t ? json_tokener_parse_ex(t, buf, (int)n) : NULL;
	enum json_tokener_error je = t ? json_tokener_get_error(t) : json_tokener_error_depth;
	if (t)
		json_tokener_free(t);
	return je;
}

/* Read a JSON blob (checked against d) and parse it. */
int oci_json_blob(const char *dir, const struct oci_desc *d, const char *what,
		     struct json_object **out, struct err *e)
{
	char got[OCI_DIGEST_MAX];
	*out = NULL;
	if (d->size < 0 || d->size > OCI_JSON_MAX)
		return err_set(e, _("%s is too large (%lld bytes)"), what, d->size);
	int fd = blob_open(dir, d, what, e);
	if (fd < 0)
		return -1;
	char *buf = malloc((size_t)d->size + 2);
	ssize_t n = buf ? read(fd, buf, (size_t)d->size + 1) : -1;
	close(fd);
	if (n < 0) {
		free(buf);
		return err_errno(e, errno, _("could not read %s"), what);
	}
	oci_sha256_mem(buf, (size_t)n, got);
	if (n != d->size || strcmp(got, d->digest)) {
		free(buf);
		return blob_mismatch(what, d, n, got, e);
	}
	enum json_tokener_error je = parse_json(buf, n, out);
	free(buf);
	if (!*out || je != json_tokener_success || !json_object_is_type(*out, json_type_object)) {
		if (*out)
			json_object_put(*out);
		*out = NULL;
		return err_set(e, _("%s is not valid JSON (%s)"), what,
			       je != json_tokener_success ? json_tokener_error_desc(je) : _("not an object"));
	}
	return 0;
}

const char *oci_jstr(struct json_object *o, const char *key)
{
	struct json_object *v;
	if (!o || !json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

struct json_object *oci_jget(struct json_object *o, const char *key, json_type t)
{
	struct json_object *v;
	if (!o || !json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, t))
		return NULL;
	return v;
}

int oci_desc_read(struct json_object *o, struct oci_desc *d, const char *what, struct err *e)
{
	const char *mt = oci_jstr(o, "mediaType"), *dg = oci_jstr(o, "digest");
	struct json_object *sz = oci_jget(o, "size", json_type_int);
	memset(d, 0, sizeof *d);
	if (!dg || !sz) {
		err_set(e, _("%s: a descriptor without digest or size"), what);
		return err_hint(e, _("the layout does not follow the OCI image-spec"));
	}
	snprintf(d->media, sizeof d->media, "%s", mt ? mt : "");
	snprintf(d->digest, sizeof d->digest, "%.71s", dg);
	d->size = json_object_get_int64(sz);
	if (!oci_digest_valid(d->digest)) {
		err_set(e, _("%s has an invalid digest '%.80s'"), what, dg);
		return err_hint(e, _("aisla reads sha256 digests only (64 hex digits): the layout "
				     "is damaged or was made by another tool"));
	}
	return 0;
}

/* Read dir/index.json (bounded). */
int oci_index_read(const char *dir, struct json_object **out, struct err *e)
{
	char p[PATH_MAX];
	snprintf(p, sizeof p, "%s/index.json", dir);
	int fd = open(p, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err_errno(e, errno, _("'%s' is not an OCI image layout"), dir);
		return err_hint(e, _("an OCI layout has index.json, oci-layout and blobs/sha256/: "
				     "make one with `umoci init` or `skopeo copy ... oci:DIR`"));
	}
	char *buf = malloc(OCI_JSON_MAX + 1);
	ssize_t n = buf ? read(fd, buf, OCI_JSON_MAX + 1) : -1;
	close(fd);
	if (n < 0 || n > OCI_JSON_MAX) {
		free(buf);
		return err_set(e, _("could not read '%s' (empty, unreadable or larger than 4 MiB)"), p);
	}
	enum json_tokener_error je = parse_json(buf, n, out);
	free(buf);
	if (!*out || je != json_tokener_success || !oci_jget(*out, "manifests", json_type_array)) {
		if (*out)
			json_object_put(*out);
		*out = NULL;
		err_set(e, _("'%s' is not a valid OCI index"), p);
		return err_hint(e, _("index.json must be JSON with a \"manifests\" list"));
	}
	return 0;
}

int oci_index_write(const char *dir, struct json_object *idx, struct err *e)
{
	char p[PATH_MAX], tmp[PATH_MAX];
	snprintf(p, sizeof p, "%s/index.json", dir);
	snprintf(tmp, sizeof tmp, "%s/.index.json.tmp", dir);
	const char *s = json_object_to_json_string_ext(idx, JSON_C_TO_STRING_PLAIN |
						       JSON_C_TO_STRING_NOSLASHESCAPE);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return err_errno(e, errno, _("could not write '%s'"), p);
	size_t l = strlen(s);
	if (write(fd, s, l) != (ssize_t)l || fsync(fd) < 0 || close(fd) < 0) {
		int saved = errno;
		unlink(tmp);
		return err_errno(e, saved, _("could not write '%s'"), p);
	}
	if (rename(tmp, p) < 0) {
		int saved = errno;
		unlink(tmp);
		return err_errno(e, saved, _("could not write '%s'"), p);
	}
	return 0;
}

const char *oci_ref_of(struct json_object *m)
{
	return oci_jstr(oci_jget(m, "annotations", json_type_object), OCI_REF_ANNOT);
}

/* The index's manifests without the one tagged tag (a new array, which
 * the caller puts back into the index). */
struct json_object *oci_index_without(struct json_object *idx, const char *tag)
{
	struct json_object *old = oci_jget(idx, "manifests", json_type_array);
	struct json_object *nm = json_object_new_array();
	for (size_t i = 0; i < json_object_array_length(old); i++) {
		struct json_object *x = json_object_array_get_idx(old, i);
		const char *r = oci_ref_of(x);
		if (r && !strcmp(r, tag))
			continue;
		json_object_array_add(nm, json_object_get(x));
	}
	return nm;
}

/* Find the manifest descriptor for tag (NULL: the only one, else latest).
 * Follows one level of nested index (picking linux/amd64). */
static int find_manifest(const char *dir, const char *tag, const char *what,
			 struct oci_desc *d, struct err *e)
{
	struct json_object *idx;
	if (oci_index_read(dir, &idx, e) < 0)
		return -1;
	struct json_object *ms = oci_jget(idx, "manifests", json_type_array);
	size_t n = json_object_array_length(ms);
	struct json_object *pick = NULL;
	for (size_t i = 0; i < n; i++) {
		struct json_object *m = json_object_array_get_idx(ms, i);
		const char *r = oci_ref_of(m);
		if (tag ? (r && !strcmp(r, tag)) : n == 1) {
			pick = m;
			break;
		}
	}
	if (!pick && !tag) {
		for (size_t i = 0; i < n && !pick; i++) {
			struct json_object *m = json_object_array_get_idx(ms, i);
			const char *r = oci_ref_of(m);
			if (r && !strcmp(r, "latest"))
				pick = m;
		}
	}
	if (!pick) {
		char tags[512] = "";
		for (size_t i = 0; i < n; i++) {
			const char *r = oci_ref_of(json_object_array_get_idx(ms, i));
			if (r && strlen(tags) + strlen(r) + 3 < sizeof tags) {
				strcat(tags, tags[0] ? ", " : "");
				strcat(tags, r);
			}
		}
		if (tag)
			err_set(e, _("%s has no tag '%s'"), what, tag);
		else
			err_set(e, ngettext("%s holds %zu image and it is not tagged 'latest'",
					    "%s holds %zu images and none is tagged 'latest'",
					    (unsigned long)n), what, n);
		json_object_put(idx);
		if (tags[0])
			return err_hint(e, _("its tags: %s (say one as PATH:TAG or NAME:TAG)"), tags);
		return err_hint(e, _("the layout has no tagged image: `umoci ls --layout DIR` lists them"));
	}
	int rc = oci_desc_read(pick, d, what, e);
	json_object_put(idx);
	if (rc < 0)
		return -1;
	if (!strcmp(d->media, OCI_MT_INDEX)) {
		struct json_object *sub;
		if (oci_json_blob(dir, d, what, &sub, e) < 0)
			return -1;
		struct json_object *sms = oci_jget(sub, "manifests", json_type_array);
		size_t sn = sms ? json_object_array_length(sms) : 0;
		struct json_object *sp = NULL;
		for (size_t i = 0; i < sn && !sp; i++) {
			struct json_object *m = json_object_array_get_idx(sms, i);
			struct json_object *pl = oci_jget(m, "platform", json_type_object);
			const char *os = oci_jstr(pl, "os"), *arch = oci_jstr(pl, "architecture");
			if (!pl || ((!os || !strcmp(os, "linux")) && (!arch || !strcmp(arch, "amd64"))))
				sp = m;
		}
		rc = sp ? oci_desc_read(sp, d, what, e) :
			  err_set(e, _("%s has no image for linux/amd64"), what);
		json_object_put(sub);
		if (rc < 0)
			return -1;
	}
	return 0;
}

int oci_open(const char *dir, const char *tag, const char *what, struct oci_image *im,
	     struct err *e)
{
	memset(im, 0, sizeof *im);
	snprintf(im->dir, sizeof im->dir, "%s", dir);
	if (find_manifest(dir, tag, what, &im->manifest, e) < 0)
		return -1;
	struct json_object *man;
	char w[300];
	snprintf(w, sizeof w, _("the manifest of %s"), what);
	if (oci_json_blob(dir, &im->manifest, w, &man, e) < 0)
		return -1;
	struct json_object *cd = oci_jget(man, "config", json_type_object);
	struct json_object *ls = oci_jget(man, "layers", json_type_array);
	if (!cd || !ls) {
		json_object_put(man);
		err_set(e, _("%s: the manifest has no config or no layers list"), what);
		return err_hint(e, _("the layout does not follow the OCI image-spec"));
	}
	if (oci_desc_read(cd, &im->config, w, e) < 0) {
		json_object_put(man);
		return -1;
	}
	size_t n = json_object_array_length(ls);
	if (n > OCI_MAX_LAYERS) {
		json_object_put(man);
		return err_set(e, _("%s has more layers (%zu) than aisla reads (%d)"), what, n,
			       OCI_MAX_LAYERS);
	}
	im->layers = calloc(n ? n : 1, sizeof *im->layers);
	if (!im->layers) {
		json_object_put(man);
		return err_errno(e, ENOMEM, _("could not read %s"), what);
	}
	im->nlayers = (int)n;
	for (size_t i = 0; i < n; i++) {
		if (oci_desc_read(json_object_array_get_idx(ls, i), &im->layers[i].blob, w, e) < 0) {
			json_object_put(man);
			oci_release(im);
			return -1;
		}
		const char *mt = im->layers[i].blob.media;
		if (strcmp(mt, OCI_MT_LAYER_GZ) && strcmp(mt, OCI_MT_LAYER) &&
		    strcmp(mt, "application/vnd.docker.image.rootfs.diff.tar.gzip")) {
			json_object_put(man);
			oci_release(im);
			err_set(e, _("layer %zu of %s has media type '%.100s'"), i + 1, what, mt);
			return err_hint(e, _("aisla reads tar and tar+gzip layers (zstd and "
					     "encrypted layers are not supported)"));
		}
	}
	json_object_put(man);
	snprintf(w, sizeof w, _("the config of %s"), what);
	if (oci_json_blob(dir, &im->config, w, &im->cfg, e) < 0) {
		oci_release(im);
		return -1;
	}
	struct json_object *ids = oci_jget(oci_jget(im->cfg, "rootfs", json_type_object), "diff_ids",
				       json_type_array);
	if (!ids || json_object_array_length(ids) != n) {
		oci_release(im);
		err_set(e, _("%s: diff_ids in the config: %zu; layers in the manifest: %zu"), what,
			ids ? json_object_array_length(ids) : 0, n);
		return err_hint(e, _("the layout does not follow the OCI image-spec"));
	}
	for (size_t i = 0; i < n; i++) {
		const char *d = json_object_get_string(json_object_array_get_idx(ids, i));
		snprintf(im->layers[i].diff_id, sizeof im->layers[i].diff_id, "%.71s", d ? d : "");
		if (!oci_digest_valid(im->layers[i].diff_id)) {
			oci_release(im);
			return err_set(e, _("%s: diff_id %zu is not a sha256 digest"), what, i + 1);
		}
	}
	/* history: entries with empty_layer do not match a layer */
	struct json_object *hist = oci_jget(im->cfg, "history", json_type_array);
	size_t hn = hist ? json_object_array_length(hist) : 0, li = 0;
	for (size_t i = 0; i < hn && li < n; i++) {
		struct json_object *h = json_object_array_get_idx(hist, i);
		struct json_object *el = oci_jget(h, "empty_layer", json_type_boolean);
		if (el && json_object_get_boolean(el))
			continue;
		const char *cb = oci_jstr(h, "created_by");
		snprintf(im->layers[li].created_by, sizeof im->layers[li].created_by, "%s",
			 cb ? cb : "");
		li++;
	}
	const char *cr = oci_jstr(im->cfg, "created");
	snprintf(im->created, sizeof im->created, "%s", cr ? cr : "");
	if (tag)
		snprintf(im->tag, sizeof im->tag, "%s", tag);
	return 0;
}

int img_open(const struct img_ref *r, struct oci_image *im, struct err *e)
{
	char dir[PATH_MAX], what[300];
	struct stat st;
	img_layout_dir(r->name, dir, sizeof dir);
	snprintf(what, sizeof what, _("the image '%s'"), img_ref_str(r));
	if (stat(dir, &st) < 0) {
		err_set(e, _("there is no image '%s' in the store '%s'"), img_ref_str(r), img_store());
		return err_hint(e, _("`image list` shows the images; make one with `image base %s` or "
				     "bring one with `image import DIR %s`"), r->name, r->name);
	}
	return oci_open(dir, r->tag, what, im, e);
}

void oci_release(struct oci_image *im)
{
	free(im->layers);
	im->layers = NULL;
	if (im->cfg)
		json_object_put(im->cfg);
	im->cfg = NULL;
}
