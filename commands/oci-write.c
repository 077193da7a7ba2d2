/* oci-write.c: writing OCI image layouts (see oci.h): a new layout,
 * blobs by digest (hard links between layouts of the store), configs and
 * manifests (json-c), tags in index.json and the garbage they leave, and
 * removing trees without following links or crossing mounts. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <json-c/json.h>
#include "oci.h"
#include "oci-int.h"
#include "../shell/i18n.h"

static int write_file(const char *path, const void *buf, size_t n, struct err *e)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return err_errno(e, errno, _("could not write '%s'"), path);
	if (write(fd, buf, n) != (ssize_t)n || close(fd) < 0)
		return err_errno(e, errno, _("could not write '%s'"), path);
	return 0;
}

int oci_layout_init(const char *dir, struct err *e)
{
	char p[PATH_MAX];
	if (mkdir(dir, 0755) < 0)
		return err_errno(e, errno, _("could not create '%s'"), dir);
	snprintf(p, sizeof p, "%s/blobs", dir);
	if (mkdir(p, 0755) < 0)
		return err_errno(e, errno, _("could not create '%s'"), p);
	snprintf(p, sizeof p, "%s/blobs/sha256", dir);
	if (mkdir(p, 0755) < 0)
		return err_errno(e, errno, _("could not create '%s'"), p);
	static const char layout[] = "{\"imageLayoutVersion\":\"1.0.0\"}";
	static const char index[] = "{\"schemaVersion\":2,\"manifests\":[]}";
	snprintf(p, sizeof p, "%s/oci-layout", dir);
	if (write_file(p, layout, sizeof layout - 1, e) < 0)
		return -1;
	snprintf(p, sizeof p, "%s/index.json", dir);
	return write_file(p, index, sizeof index - 1, e);
}

int oci_blob_put(const char *dir, const void *buf, size_t n, const char *media,
		 struct oci_desc *d, struct err *e)
{
	char p[PATH_MAX];
	memset(d, 0, sizeof *d);
	snprintf(d->media, sizeof d->media, "%s", media);
	oci_sha256_mem(buf, n, d->digest);
	d->size = (long long)n;
	oci_blob_path(dir, d->digest, p, sizeof p);
	if (access(p, F_OK) == 0)
		return 0;
	return write_file(p, buf, n, e);
}

static int copy_fd(int in, int out)
{
	static char buf[1 << 17];
	ssize_t n;
	while ((n = read(in, buf, sizeof buf)) > 0)
		if (write(out, buf, (size_t)n) != n)
			return -1;
	return n < 0 ? -1 : 0;
}

int oci_blob_share(const char *from, const char *to, const struct oci_desc *d, struct err *e)
{
	char a[PATH_MAX], b[PATH_MAX], tmp[PATH_MAX + 16];
	oci_blob_path(from, d->digest, a, sizeof a);
	oci_blob_path(to, d->digest, b, sizeof b);
	if (access(b, F_OK) == 0)
		return 0;
	if (link(a, b) == 0)
		return 0;
	int in = open(a, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return err_errno(e, errno, _("could not read '%s'"), a);
	snprintf(tmp, sizeof tmp, "%s.tmp", b);
	int out = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (out < 0) {
		close(in);
		return err_errno(e, errno, _("could not write '%s'"), b);
	}
	int rc = copy_fd(in, out);
	int saved = errno;
	close(in);
	if (close(out) < 0 || rc < 0) {
		unlink(tmp);
		return err_errno(e, rc < 0 ? saved : errno, _("could not write '%s'"), b);
	}
	if (rename(tmp, b) < 0) {
		saved = errno;
		unlink(tmp);
		return err_errno(e, saved, _("could not write '%s'"), b);
	}
	return 0;
}

static void now_rfc3339(char *buf, size_t n)
{
	struct timespec ts;
	struct tm tm;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	char base[40];
	strftime(base, sizeof base, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf, n, "%s.%09ldZ", base, ts.tv_nsec);
}

struct json_object *oci_config_new(void)
{
	char now[64];
	now_rfc3339(now, sizeof now);
	struct json_object *c = json_object_new_object();
	json_object_object_add(c, "created", json_object_new_string(now));
	json_object_object_add(c, "architecture", json_object_new_string("amd64"));
	json_object_object_add(c, "os", json_object_new_string("linux"));
	struct json_object *cc = json_object_new_object();
	struct json_object *env = json_object_new_array();
	json_object_array_add(env, json_object_new_string(
		"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"));
	json_object_object_add(cc, "Env", env);
	struct json_object *cmd = json_object_new_array();
	json_object_array_add(cmd, json_object_new_string("/bin/sh"));
	json_object_object_add(cc, "Cmd", cmd);
	json_object_object_add(c, "config", cc);
	struct json_object *rf = json_object_new_object();
	json_object_object_add(rf, "type", json_object_new_string("layers"));
	json_object_object_add(rf, "diff_ids", json_object_new_array());
	json_object_object_add(c, "rootfs", rf);
	json_object_object_add(c, "history", json_object_new_array());
	return c;
}

void oci_config_add_layer(struct json_object *cfg, const char *diff_id, const char *created_by)
{
	char now[64];
	now_rfc3339(now, sizeof now);
	struct json_object *rf = oci_jget(cfg, "rootfs", json_type_object);
	if (!rf) {
		rf = json_object_new_object();
		json_object_object_add(rf, "type", json_object_new_string("layers"));
		json_object_object_add(cfg, "rootfs", rf);
	}
	struct json_object *ids = oci_jget(rf, "diff_ids", json_type_array);
	if (!ids) {
		ids = json_object_new_array();
		json_object_object_add(rf, "diff_ids", ids);
	}
	json_object_array_add(ids, json_object_new_string(diff_id));
	struct json_object *h = oci_jget(cfg, "history", json_type_array);
	if (!h) {
		h = json_object_new_array();
		json_object_object_add(cfg, "history", h);
	}
	struct json_object *he = json_object_new_object();
	json_object_object_add(he, "created", json_object_new_string(now));
	json_object_object_add(he, "created_by", json_object_new_string(created_by));
	json_object_array_add(h, he);
	json_object_object_add(cfg, "created", json_object_new_string(now));
}

static struct json_object *desc_json(const struct oci_desc *d)
{
	struct json_object *o = json_object_new_object();
	json_object_object_add(o, "mediaType", json_object_new_string(d->media));
	json_object_object_add(o, "digest", json_object_new_string(d->digest));
	json_object_object_add(o, "size", json_object_new_int64(d->size));
	return o;
}

int oci_write_image(const char *dir, const char *tag, struct json_object *config,
		    const struct oci_layer *layers, int nlayers, struct oci_desc *manifest,
		    struct err *e)
{
	const int fl = JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE;
	struct oci_desc cd;
	const char *cs = json_object_to_json_string_ext(config, fl);
	if (oci_blob_put(dir, cs, strlen(cs), OCI_MT_CONFIG, &cd, e) < 0)
		return -1;
	struct json_object *m = json_object_new_object();
	json_object_object_add(m, "schemaVersion", json_object_new_int(2));
	json_object_object_add(m, "mediaType", json_object_new_string(OCI_MT_MANIFEST));
	json_object_object_add(m, "config", desc_json(&cd));
	struct json_object *ls = json_object_new_array();
	for (int i = 0; i < nlayers; i++)
		json_object_array_add(ls, desc_json(&layers[i].blob));
	json_object_object_add(m, "layers", ls);
	const char *ms = json_object_to_json_string_ext(m, fl);
	int rc = oci_blob_put(dir, ms, strlen(ms), OCI_MT_MANIFEST, manifest, e);
	json_object_put(m);
	if (rc < 0)
		return -1;
	return oci_tag(dir, tag, manifest, e);
}

int oci_tag(const char *dir, const char *tag, const struct oci_desc *manifest, struct err *e)
{
	int rc;
	struct json_object *idx;
	if (oci_index_read(dir, &idx, e) < 0)
		return -1;
	struct json_object *nm = oci_index_without(idx, tag);
	struct json_object *d = desc_json(manifest);
	struct json_object *an = json_object_new_object();
	json_object_object_add(an, OCI_REF_ANNOT, json_object_new_string(tag));
	json_object_object_add(d, "annotations", an);
	json_object_array_add(nm, d);
	json_object_object_add(idx, "manifests", nm);
	rc = oci_index_write(dir, idx, e);
	json_object_put(idx);
	return rc;
}

int oci_tags(const char *dir, char ***tags, int *n, struct err *e)
{
	struct json_object *idx;
	*tags = NULL;
	*n = 0;
	if (oci_index_read(dir, &idx, e) < 0)
		return -1;
	struct json_object *ms = oci_jget(idx, "manifests", json_type_array);
	size_t len = json_object_array_length(ms);
	*tags = calloc(len + 1, sizeof **tags);
	for (size_t i = 0; *tags && i < len; i++) {
		const char *r = oci_ref_of(json_object_array_get_idx(ms, i));
		if (r)
			(*tags)[(*n)++] = strdup(r);
	}
	json_object_put(idx);
	return 0;
}

void oci_tags_free(char **tags, int n)
{
	for (int i = 0; i < n; i++)
		free(tags[i]);
	free(tags);
}

/* Mark blobs reachable from a descriptor (manifest or index) by name. */
static void mark(const char *dir, const struct oci_desc *d, char ***keep, int *nk, int depth)
{
	char **k = realloc(*keep, sizeof **keep * (size_t)(*nk + 1));
	if (!k)
		return;
	*keep = k;
	k[(*nk)++] = strdup(d->digest + 7);
	if (depth > 2 || (strcmp(d->media, OCI_MT_MANIFEST) && strcmp(d->media, OCI_MT_INDEX)))
		return;
	struct json_object *o;
	struct err e = ERR_INIT;
	if (oci_json_blob(dir, d, "blob", &o, &e) < 0)
		return;
	struct json_object *c = oci_jget(o, "config", json_type_object);
	struct oci_desc sd;
	if (c && oci_desc_read(c, &sd, "", &e) == 0)
		mark(dir, &sd, keep, nk, depth + 1);
	static const char *const lists[] = { "layers", "manifests" };
	for (int l = 0; l < 2; l++) {
		struct json_object *a = oci_jget(o, lists[l], json_type_array);
		for (size_t i = 0; a && i < json_object_array_length(a); i++)
			if (oci_desc_read(json_object_array_get_idx(a, i), &sd, "", &e) == 0)
				mark(dir, &sd, keep, nk, depth + 1);
	}
	json_object_put(o);
}

int oci_untag(const char *dir, const char *tag, int *left, struct err *e)
{
	struct json_object *idx;
	if (oci_index_read(dir, &idx, e) < 0)
		return -1;
	struct json_object *nm = oci_index_without(idx, tag);
	*left = (int)json_object_array_length(nm);
	json_object_object_add(idx, "manifests", nm);
	int rc = oci_index_write(dir, idx, e);
	if (rc < 0) {
		json_object_put(idx);
		return -1;
	}
	/* collect garbage: blobs no remaining manifest reaches */
	char **keep = NULL;
	int nk = 0;
	for (size_t i = 0; i < json_object_array_length(nm); i++) {
		struct oci_desc d;
		struct err e2 = ERR_INIT;
		if (oci_desc_read(json_object_array_get_idx(nm, i), &d, "", &e2) == 0)
			mark(dir, &d, &keep, &nk, 0);
	}
	json_object_put(idx);
	char p[PATH_MAX];
	snprintf(p, sizeof p, "%s/blobs/sha256", dir);
	DIR *dd = opendir(p);
	struct dirent *de;
	while (dd && (de = readdir(dd))) {
		if (de->d_name[0] == '.')
			continue;
		bool used = false;
		for (int i = 0; i < nk && !used; i++)
			used = keep[i] && !strcmp(keep[i], de->d_name);
		if (!used)
			unlinkat(dirfd(dd), de->d_name, 0);
	}
	if (dd)
		closedir(dd);
	for (int i = 0; i < nk; i++)
		free(keep[i]);
	free(keep);
	return 0;
}

/* ---- removing trees ---- */

int oci_empty_dir(int dfd)
{
	int fd = dup(dfd);
	if (fd < 0)
		return -1;
	DIR *d = fdopendir(fd);
	if (!d) {
		close(fd);
		return -1;
	}
	struct dirent *de;
	int rc = 0;
	rewinddir(d);
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (oci_rm_at(dfd, de->d_name) < 0)
			rc = -1;
	}
	closedir(d);
	return rc;
}

int oci_rm_at(int dirfd, const char *name)
{
	struct stat st, pst;
	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return errno == ENOENT ? 0 : -1;
	if (!S_ISDIR(st.st_mode))
		return unlinkat(dirfd, name, 0) < 0 && errno != ENOENT ? -1 : 0;
	if (fstat(dirfd, &pst) == 0 && pst.st_dev != st.st_dev) {
		errno = EBUSY;	/* a mount point: never cross it */
		return -1;
	}
	int fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = oci_empty_dir(fd);
	close(fd);
	if (unlinkat(dirfd, name, AT_REMOVEDIR) < 0 && errno != ENOENT)
		return -1;
	return rc;
}

int oci_rm_tree(const char *path)
{
	char parent[PATH_MAX];
	snprintf(parent, sizeof parent, "%s", path);
	char *slash = strrchr(parent, '/');
	const char *base;
	if (!slash) {
		base = path;
		snprintf(parent, sizeof parent, ".");
	} else {
		*slash = 0;
		base = slash + 1;
		if (!parent[0])
			snprintf(parent, sizeof parent, "/");
	}
	int fd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? 0 : -1;
	int rc = oci_rm_at(fd, base);
	close(fd);
	return rc;
}
