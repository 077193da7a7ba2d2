/* image-write.c: writing an OCI layer (see image-layer.h): libarchive
 * makes a pax tar, its bytes are hashed (the diff_id), gzipped by zlib and
 * hashed again (the blob's digest) in one pass into a temporary file of
 * the layout's blobs directory, renamed to its digest at the end. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <archive.h>
#include <archive_entry.h>
#include <zlib.h>
#include "image-layer.h"
#include "../shell/i18n.h"

struct layer_writer {
	char dir[PATH_MAX], tmp[PATH_MAX];
	int fd;
	struct archive *a;
	z_stream z;
	struct oci_hash *hu, *hz;
	long long zsize;
	int werr;		/* errno of a failed write */
	struct hlink { dev_t dev; ino_t ino; char *path; } *hl;	/* files with nlink > 1 */
	size_t nhl, caphl;
	unsigned char zbuf[1 << 16];
};

/* The first path written of a file with several links, or NULL (and it
 * is remembered as path). Open addressing on (dev, ino). */
static const char *hlink_seen(struct layer_writer *w, const struct stat *st, const char *path)
{
	if ((w->nhl + 1) * 2 > w->caphl) {
		size_t cap = w->caphl ? w->caphl * 2 : 64;
		struct hlink *n = calloc(cap, sizeof *n);
		if (!n)
			return NULL;
		for (size_t i = 0; i < w->caphl; i++) {
			if (!w->hl[i].path)
				continue;
			size_t j = (size_t)(w->hl[i].ino * 31 + w->hl[i].dev) & (cap - 1);
			while (n[j].path)
				j = (j + 1) & (cap - 1);
			n[j] = w->hl[i];
		}
		free(w->hl);
		w->hl = n;
		w->caphl = cap;
	}
	size_t j = (size_t)(st->st_ino * 31 + st->st_dev) & (w->caphl - 1);
	for (; w->hl[j].path; j = (j + 1) & (w->caphl - 1))
		if (w->hl[j].ino == st->st_ino && w->hl[j].dev == st->st_dev)
			return w->hl[j].path;
	w->hl[j] = (struct hlink){ st->st_dev, st->st_ino, strdup(path) };
	if (w->hl[j].path)
		w->nhl++;
	return NULL;
}

static void hlink_free(struct layer_writer *w)
{
	for (size_t i = 0; i < w->caphl; i++)
		free(w->hl[i].path);
	free(w->hl);
}

/* Extended attributes of the open file fd, as pax headers (not overlay's
 * own, not SELinux labels of this machine). */
static void entry_xattrs(struct archive_entry *ent, int fd)
{
	char names[8192];
	ssize_t n = flistxattr(fd, names, sizeof names);
	for (ssize_t o = 0; n > 0 && o < n; o += (ssize_t)strlen(names + o) + 1) {
		const char *k = names + o;
		if (!strncmp(k, "trusted.overlay.", 16) || !strcmp(k, "security.selinux"))
			continue;
		char v[4096];
		ssize_t vl = fgetxattr(fd, k, v, sizeof v);
		if (vl >= 0)
			archive_entry_xattr_add_entry(ent, k, v, (size_t)vl);
	}
}

static int flush_z(struct layer_writer *w, int flush)
{
	int rc;
	do {
		w->z.next_out = w->zbuf;
		w->z.avail_out = sizeof w->zbuf;
		rc = deflate(&w->z, flush);
		if (rc == Z_STREAM_ERROR)
			return -1;
		size_t n = sizeof w->zbuf - w->z.avail_out;
		const unsigned char *b = w->zbuf;
		oci_hash_update(w->hz, b, n);
		w->zsize += (long long)n;
		while (n) {
			ssize_t k = write(w->fd, b, n);
			if (k < 0 && errno == EINTR)
				continue;
			if (k < 0) {
				w->werr = errno;
				return -1;
			}
			b += k;
			n -= (size_t)k;
		}
	} while (w->z.avail_out == 0 || (flush == Z_FINISH && rc != Z_STREAM_END));
	return 0;
}

static la_ssize_t wr_cb(struct archive *a, void *arg, const void *buf, size_t n)
{
	struct layer_writer *w = arg;
	(void)a;
	oci_hash_update(w->hu, buf, n);
	w->z.next_in = (Bytef *)(uintptr_t)buf;
	w->z.avail_in = (uInt)n;
	while (w->z.avail_in)
		if (flush_z(w, Z_NO_FLUSH) < 0)
			return -1;
	return (la_ssize_t)n;
}

int layer_begin(const char *dir, struct layer_writer **out, struct err *e)
{
	struct layer_writer *w = calloc(1, sizeof *w);
	if (!w)
		return err_errno(e, ENOMEM, _("could not start a layer"));
	snprintf(w->dir, sizeof w->dir, "%s", dir);
	snprintf(w->tmp, sizeof w->tmp, "%s/blobs/sha256/.layer-XXXXXX", dir);
	w->fd = mkostemp(w->tmp, O_CLOEXEC);
	if (w->fd < 0) {
		int saved = errno;
		free(w);
		return err_errno(e, saved, _("could not create a layer in '%s'"), dir);
	}
	fchmod(w->fd, 0644);
	w->hu = oci_hash_new();
	w->hz = oci_hash_new();
	if (!w->hu || !w->hz || deflateInit2(&w->z, 6, Z_DEFLATED, 15 + 16, 8,
					     Z_DEFAULT_STRATEGY) != Z_OK) {
		oci_hash_free(w->hu);
		oci_hash_free(w->hz);
		close(w->fd);
		unlink(w->tmp);
		free(w);
		return err_errno(e, ENOMEM, _("could not start a layer"));
	}
	w->a = archive_write_new();
	archive_write_set_format_pax_restricted(w->a);
	/* xattrs as SCHILY.xattr.* only: what GNU tar and Go (umoci) read */
	archive_write_set_format_option(w->a, "pax", "xattrheader", "SCHILY");
	archive_write_set_bytes_per_block(w->a, 10240);
	if (archive_write_open(w->a, w, NULL, wr_cb, NULL) != ARCHIVE_OK) {
		err_set(e, _("could not start a layer: %s"), archive_error_string(w->a));
		layer_abort(w);
		return -1;
	}
	*out = w;
	return 0;
}

void layer_abort(struct layer_writer *w)
{
	if (!w)
		return;
	archive_write_free(w->a);	/* may call wr_cb: the file is still open */
	deflateEnd(&w->z);
	oci_hash_free(w->hu);
	oci_hash_free(w->hz);
	close(w->fd);
	unlink(w->tmp);
	hlink_free(w);
	free(w);
}

static int write_fail(struct layer_writer *w, const char *path, struct err *e)
{
	if (w->werr)
		return err_errno(e, w->werr, _("could not write the layer (at '%s')"), path);
	return err_set(e, _("could not write '%s' into the layer: %s"), path,
		       archive_error_string(w->a));
}

int layer_add(struct layer_writer *w, const char *path, const struct stat *st, int fd,
	      const char *link, struct err *e)
{
	struct archive_entry *ent = archive_entry_new();
	archive_entry_set_pathname(ent, path);
	archive_entry_copy_stat(ent, st);
	archive_entry_set_nlink(ent, 1);
	archive_entry_unset_atime(ent);
	archive_entry_unset_ctime(ent);
	archive_entry_set_ino(ent, 0);
	archive_entry_set_dev(ent, 0);
	if (!S_ISREG(st->st_mode))
		archive_entry_set_size(ent, 0);
	if (S_ISLNK(st->st_mode))
		archive_entry_set_symlink(ent, link);
	if (fd >= 0)
		entry_xattrs(ent, fd);
	const char *first = S_ISREG(st->st_mode) && st->st_nlink > 1 && st->st_ino ?
			    hlink_seen(w, st, path) : NULL;
	if (first) {	/* a hard link to a file already in the layer */
		archive_entry_set_hardlink(ent, first);
		archive_entry_set_size(ent, 0);
	}
	int rc = archive_write_header(w->a, ent);
	archive_entry_free(ent);
	if (rc != ARCHIVE_OK)
		return write_fail(w, path, e);
	if (!first && S_ISREG(st->st_mode) && st->st_size > 0) {
		static char buf[1 << 17];
		long long left = st->st_size;
		off_t off = 0;
		while (left > 0) {
			ssize_t n = pread(fd, buf, left < (long long)sizeof buf ? (size_t)left : sizeof buf, off);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				return err_errno(e, n < 0 ? errno : EIO,
						 _("could not read '%s' (did it change meanwhile?)"), path);
			if (archive_write_data(w->a, buf, (size_t)n) != n)
				return write_fail(w, path, e);
			left -= n;
			off += n;
		}
	}
	return 0;
}

int layer_add_whiteout(struct layer_writer *w, const char *parent, const char *name,
		       struct err *e)
{
	char p[PATH_MAX];
	snprintf(p, sizeof p, "%s%s%s%s", parent, parent[0] ? "/" : "", name ? ".wh." : ".wh..wh..opq",
		 name ? name : "");
	struct stat st = { .st_mode = S_IFREG | 0, .st_size = 0 };
	st.st_mtime = 0;
	return layer_add(w, p, &st, -1, NULL, e);
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted names of a directory (malloc'ed). */
static int list_dir(int dfd, char ***names, size_t *n)
{
	int fd = openat(dfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	if (!d) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	size_t cap = 0;
	*names = NULL;
	*n = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 32;
			char **x = realloc(*names, cap * sizeof **names);
			if (!x)
				break;
			*names = x;
		}
		(*names)[(*n)++] = strdup(de->d_name);
	}
	closedir(d);
	if (*n)
		qsort(*names, *n, sizeof **names, name_cmp);
	return 0;
}

static int add_tree(struct layer_writer *w, int dfd, const char *rel, bool overlay,
		    struct layer_stats *st, int depth, struct err *e)
{
	char **names;
	size_t n;
	if (depth > 256)
		return err_set(e, _("'%s' is nested too deep"), rel);
	if (list_dir(dfd, &names, &n) < 0)
		return err_errno(e, errno, _("could not read '%s'"), rel[0] ? rel : "/");
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		char p[PATH_MAX];
		struct stat s;
		snprintf(p, sizeof p, "%s%s%s", rel, rel[0] ? "/" : "", names[i]);
		if (fstatat(dfd, names[i], &s, AT_SYMLINK_NOFOLLOW) < 0) {
			rc = err_errno(e, errno, _("could not read '%s'"), p);
			break;
		}
		if (overlay && S_ISCHR(s.st_mode) && s.st_rdev == makedev(0, 0)) {
			rc = layer_add_whiteout(w, rel, names[i], e);
			st->deleted++;
			continue;
		}
		if (S_ISSOCK(s.st_mode))
			continue;
		st->added++;
		if (S_ISDIR(s.st_mode)) {
			int cfd = openat(dfd, names[i], O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (cfd < 0) {
				rc = err_errno(e, errno, _("could not read '%s'"), p);
				break;
			}
			char v[4];
			bool opq = overlay && fgetxattr(cfd, "trusted.overlay.opaque", v, sizeof v) == 1 &&
				   v[0] == 'y';
			rc = layer_add(w, p, &s, cfd, NULL, e);
			if (rc == 0 && opq)
				rc = layer_add_whiteout(w, p, NULL, e);
			if (rc == 0)
				rc = add_tree(w, cfd, p, overlay, st, depth + 1, e);
			close(cfd);
		} else if (S_ISLNK(s.st_mode)) {
			char t[PATH_MAX];
			ssize_t k = readlinkat(dfd, names[i], t, sizeof t - 1);
			if (k < 0) {
				rc = err_errno(e, errno, _("could not read '%s'"), p);
				break;
			}
			t[k] = 0;
			rc = layer_add(w, p, &s, -1, t, e);
		} else if (S_ISREG(s.st_mode)) {
			int fd = openat(dfd, names[i], O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
			if (fd < 0) {
				rc = err_errno(e, errno, _("could not read '%s'"), p);
				break;
			}
			rc = layer_add(w, p, &s, fd, NULL, e);
			close(fd);
		} else {
			rc = layer_add(w, p, &s, -1, NULL, e);
		}
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

int layer_add_tree(struct layer_writer *w, int dirfd, bool overlay, struct layer_stats *st,
		   struct err *e)
{
	struct layer_stats dummy = { 0 };
	return add_tree(w, dirfd, "", overlay, st ? st : &dummy, 0, e);
}

int layer_finish(struct layer_writer *w, struct oci_layer *l, struct err *e)
{
	if (archive_write_close(w->a) != ARCHIVE_OK) {
		write_fail(w, "", e);
		layer_abort(w);
		return -1;
	}
	w->z.avail_in = 0;
	if (flush_z(w, Z_FINISH) < 0 || fsync(w->fd) < 0) {
		err_errno(e, w->werr ? w->werr : errno, _("could not write the layer"));
		layer_abort(w);
		return -1;
	}
	memset(l, 0, sizeof *l);
	snprintf(l->blob.media, sizeof l->blob.media, "%s", OCI_MT_LAYER_GZ);
	oci_hash_final(w->hu, l->diff_id);
	oci_hash_final(w->hz, l->blob.digest);
	w->hu = w->hz = NULL;
	l->blob.size = w->zsize;
	char p[PATH_MAX];
	oci_blob_path(w->dir, l->blob.digest, p, sizeof p);
	int rc = 0;
	if (rename(w->tmp, p) < 0)
		rc = err_errno(e, errno, _("could not write '%s'"), p);
	else
		w->tmp[0] = 0;
	archive_write_free(w->a);
	deflateEnd(&w->z);
	close(w->fd);
	if (w->tmp[0])
		unlink(w->tmp);
	hlink_free(w);
	free(w);
	return rc;
}
