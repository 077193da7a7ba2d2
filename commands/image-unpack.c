/* image-unpack.c: applying OCI layers to a tree, safely (see
 * image-layer.h): the blob is checked before anything is written, paths
 * are resolved beneath the root with openat2, whiteouts and opaque
 * directories follow the image-spec ("Representing Changes"). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <dirent.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <archive.h>
#include <archive_entry.h>
#include <zlib.h>
#include "image-layer.h"
#include "../shell/i18n.h"

#define WH ".wh."
#define WH_OPQ ".wh..wh..opq"
#define BUFSZ (1 << 17)

/* ---- path sets ---- */

static size_t hash_str(const char *s)
{
	size_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static size_t slot_of(const struct pathset *s, const char *p)
{
	size_t i = hash_str(p) & (s->cap - 1);
	while (s->slot[i] && strcmp(s->slot[i], p))
		i = (i + 1) & (s->cap - 1);
	return i;
}

bool pathset_has(const struct pathset *s, const char *p)
{
	return s->cap && s->slot[slot_of(s, p)] != NULL;
}

int pathset_add(struct pathset *s, const char *p)
{
	if ((s->n + 1) * 2 > s->cap) {
		struct pathset ns = { .cap = s->cap ? s->cap * 2 : 256 };
		ns.slot = calloc(ns.cap, sizeof *ns.slot);
		if (!ns.slot)
			return -1;
		for (size_t i = 0; i < s->cap; i++)
			if (s->slot[i])
				ns.slot[slot_of(&ns, s->slot[i])] = s->slot[i], ns.n++;
		free(s->slot);
		*s = ns;
	}
	size_t i = slot_of(s, p);
	if (s->slot[i])
		return 0;
	s->slot[i] = strdup(p);
	if (!s->slot[i])
		return -1;
	s->n++;
	return 1;
}

/* Deleting from open addressing: re-insert the run that follows. */
void pathset_del(struct pathset *s, const char *p)
{
	if (!s->cap)
		return;
	size_t i = slot_of(s, p);
	if (!s->slot[i])
		return;
	free(s->slot[i]);
	s->slot[i] = NULL;
	s->n--;
	for (size_t j = (i + 1) & (s->cap - 1); s->slot[j]; j = (j + 1) & (s->cap - 1)) {
		char *x = s->slot[j];
		s->slot[j] = NULL;
		s->slot[slot_of(s, x)] = x;
	}
}

void pathset_free(struct pathset *s)
{
	for (size_t i = 0; i < s->cap; i++)
		free(s->slot[i]);
	free(s->slot);
	memset(s, 0, sizeof *s);
}

/* ---- the source: blob -> (zlib) -> tar bytes, hashed ---- */

struct src {
	int fd;
	bool gz, zend, in_eof, failed;
	z_stream z;
	struct oci_hash *hu;	/* uncompressed: diff_id */
	long long ubytes;
	unsigned char in[BUFSZ], out[BUFSZ];
	char msg[160];
};

static la_ssize_t src_read(struct archive *a, void *arg, const void **buf)
{
	struct src *s = arg;
	(void)a;
	if (!s->gz) {
		ssize_t n;
		do
			n = read(s->fd, s->out, sizeof s->out);
		while (n < 0 && errno == EINTR);
		if (n < 0) {
			s->failed = true;
			snprintf(s->msg, sizeof s->msg, "%s", err_strerror(errno));
			return -1;
		}
		oci_hash_update(s->hu, s->out, (size_t)n);
		s->ubytes += n;
		*buf = s->out;
		return n;
	}
	for (;;) {
		if (s->z.avail_in == 0 && !s->in_eof) {
			ssize_t n;
			do
				n = read(s->fd, s->in, sizeof s->in);
			while (n < 0 && errno == EINTR);
			if (n < 0) {
				s->failed = true;
				snprintf(s->msg, sizeof s->msg, "%s", err_strerror(errno));
				return -1;
			}
			if (n == 0)
				s->in_eof = true;
			s->z.next_in = s->in;
			s->z.avail_in = (uInt)n;
		}
		if (s->zend) {
			/* another gzip member, or the end (padding is ignored) */
			if (s->z.avail_in == 0)
				return 0;
			if (s->z.avail_in < 2 || s->z.next_in[0] != 0x1f || s->z.next_in[1] != 0x8b)
				return 0;
			inflateReset(&s->z);
			s->zend = false;
		}
		if (s->z.avail_in == 0 && s->in_eof) {
			s->failed = true;
			snprintf(s->msg, sizeof s->msg, "%s", _("the gzip stream ends too early"));
			return -1;
		}
		s->z.next_out = s->out;
		s->z.avail_out = sizeof s->out;
		int rc = inflate(&s->z, Z_NO_FLUSH);
		if (rc == Z_STREAM_END) {
			s->zend = true;
		} else if (rc != Z_OK && rc != Z_BUF_ERROR) {
			s->failed = true;
			snprintf(s->msg, sizeof s->msg, _("damaged gzip data (%s)"),
				 s->z.msg ? s->z.msg : "zlib");
			return -1;
		}
		size_t got = sizeof s->out - s->z.avail_out;
		if (got) {
			oci_hash_update(s->hu, s->out, got);
			s->ubytes += (long long)got;
			*buf = s->out;
			return (la_ssize_t)got;
		}
	}
}

/* ---- applying entries ---- */

struct uctx {
	int rootfd;
	enum unpack_mode mode;
	const char *what;
	struct pathset seen;	/* written by this layer (opaque keeps them) */
	struct pathset *all;
	struct layer_stats *st;
	bool root;
	const char *entry;	/* the entry being applied, for errors */
};

/* Clean an entry's path: "./a//b/" -> "a/b"; "" is the root. Refuses
 * absolute paths and "..". */
static int clean_path(const struct uctx *c, const char *in, char *out, size_t n, struct err *e)
{
	if (in[0] == '/') {
		err_set(e, _("%s has an entry with an absolute path: '%.200s'"), c->what, in);
		return err_hint(e, _("a layer holds paths relative to the image's root; one that "
				     "starts with / could write outside it: do not trust this image"));
	}
	size_t o = 0;
	const char *p = in;
	while (*p) {
		const char *s = strchr(p, '/');
		size_t l = s ? (size_t)(s - p) : strlen(p);
		if (l == 2 && !strncmp(p, "..", 2)) {
			err_set(e, _("%s has an entry with '..' in its path: '%.200s'"), c->what, in);
			return err_hint(e, _("'..' climbs out of the image's root: a layer that uses it "
					     "is trying to write outside the tree; do not trust this image"));
		}
		if (l && !(l == 1 && p[0] == '.')) {
			if (o + l + 2 > n)
				return err_set(e, _("%s has an entry whose path is too long"), c->what);
			if (o)
				out[o++] = '/';
			memcpy(out + o, p, l);
			o += l;
		}
		p += l;
		if (*p == '/')
			p++;
	}
	out[o] = 0;
	return 0;
}

static int openat2_beneath(int dirfd, const char *path, int flags)
{
	struct open_how how = {
		.flags = (unsigned long long)(flags | O_CLOEXEC),
		.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS,
	};
	int fd;
	do
		fd = (int)syscall(SYS_openat2, dirfd, path, &how, sizeof how);
	while (fd < 0 && errno == EAGAIN);
	return fd;
}

static int resolve_fail(const struct uctx *c, const char *path, int err, struct err *e)
{
	if (c->entry)
		path = c->entry;
	if (err == EXDEV || err == ELOOP) {
		err_set(e, _("%s has the entry '%.200s', whose path goes through a symbolic link "
			     "that leads out of the tree"), c->what, path);
		return err_hint(e, _("aisla never follows a link out of the root it unpacks into (a "
				     "layer that tries is an attack): do not trust this image"));
	}
	if (err == ENOTDIR) {
		err_set(e, _("%s has the entry '%.200s' below something that is not a directory"),
			c->what, path);
		return err_hint(e, _("the layer does not fit the layers below it"));
	}
	return err_errno(e, err, _("%s: could not reach '%.200s'"), c->what, path);
}

/* Open the directory rel beneath the root (creating missing parts with
 * mode 0755 when create). *fd = -1 (returns 0) when it is missing and not
 * create. */
static int open_dir(const struct uctx *c, const char *rel, bool create, int *fd, struct err *e)
{
	*fd = openat2_beneath(c->rootfd, rel[0] ? rel : ".", O_RDONLY | O_DIRECTORY);
	if (*fd >= 0)
		return 0;
	if (errno != ENOENT)
		return resolve_fail(c, rel, errno, e);
	if (!create)
		return 0;
	char buf[PATH_MAX];
	snprintf(buf, sizeof buf, "%s", rel);
	for (char *s = buf;; s++) {
		if (*s != '/' && *s)
			continue;
		char saved = *s;
		*s = 0;
		int f = openat2_beneath(c->rootfd, buf, O_RDONLY | O_DIRECTORY);
		if (f < 0 && errno == ENOENT) {
			if (mkdirat(c->rootfd, buf, 0755) < 0 && errno != EEXIST)
				return err_errno(e, errno, _("%s: could not create '%s'"), c->what, buf);
			f = openat2_beneath(c->rootfd, buf, O_RDONLY | O_DIRECTORY);
		}
		if (f < 0)
			return resolve_fail(c, buf, errno, e);
		*s = saved;
		if (!saved) {
			*fd = f;
			return 0;
		}
		close(f);
	}
}

static void split(const char *path, char *parent, size_t n, const char **base)
{
	const char *sl = strrchr(path, '/');
	if (!sl) {
		parent[0] = 0;
		*base = path;
		return;
	}
	snprintf(parent, n, "%.*s", (int)(sl - path), path);
	*base = sl + 1;
}

static void set_xattrs(int fd, struct archive_entry *ent)
{
	const char *name;
	const void *val;
	size_t sz;
	archive_entry_xattr_reset(ent);
	while (archive_entry_xattr_next(ent, &name, &val, &sz) == ARCHIVE_OK)
		if (strncmp(name, "trusted.overlay.", 16))
			fsetxattr(fd, name, val, sz, 0);
}

/* Owner, mode, xattrs and times of an opened file or directory. */
static void set_meta_fd(const struct uctx *c, int fd, struct archive_entry *ent)
{
	if (c->root && fchown(fd, (uid_t)archive_entry_uid(ent), (gid_t)archive_entry_gid(ent)) < 0) {
		/* best effort, as tar without --same-owner */
	}
	fchmod(fd, archive_entry_mode(ent) & 07777);
	set_xattrs(fd, ent);
	struct timespec ts[2] = {
		{ archive_entry_atime(ent), archive_entry_atime_nsec(ent) },
		{ archive_entry_mtime(ent), archive_entry_mtime_nsec(ent) },
	};
	if (!archive_entry_atime_is_set(ent))
		ts[0] = ts[1];
	futimens(fd, ts);
}

static void set_meta_at(const struct uctx *c, int pfd, const char *base, struct archive_entry *ent,
			bool chmod_too)
{
	/* Best effort, as tar does without --same-owner errors being fatal:
	 * the tree is compared with umoci's by the tests. */
	if (c->root && fchownat(pfd, base, (uid_t)archive_entry_uid(ent),
				(gid_t)archive_entry_gid(ent), AT_SYMLINK_NOFOLLOW) < 0) {
		/* an owner the filesystem refuses: keep root's */
	}
	if (chmod_too && fchmodat(pfd, base, archive_entry_mode(ent) & 07777, 0) < 0) {
		/* a link or special file the filesystem refuses to chmod */
	}
	struct timespec ts[2] = {
		{ archive_entry_mtime(ent), archive_entry_mtime_nsec(ent) },
		{ archive_entry_mtime(ent), archive_entry_mtime_nsec(ent) },
	};
	utimensat(pfd, base, ts, AT_SYMLINK_NOFOLLOW);
}

/* Opaque directory in APPLY mode: remove what lower layers put there. */
static int opaque_apply(struct uctx *c, int dfd, const char *dpath, struct err *e)
{
	int fd = dup(dfd);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	if (!d) {
		if (fd >= 0)
			close(fd);
		return err_errno(e, errno, _("%s: could not read '%s'"), c->what, dpath);
	}
	struct dirent *de;
	char p[PATH_MAX];
	int rc = 0;
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		snprintf(p, sizeof p, "%s%s%s", dpath, dpath[0] ? "/" : "", de->d_name);
		if (pathset_has(&c->seen, p))
			continue;
		if (oci_rm_at(dfd, de->d_name) < 0)
			rc = err_errno(e, errno, _("%s: could not remove '%s'"), c->what, p);
	}
	closedir(d);
	return rc;
}

static void scan_entry(struct uctx *c, const char *path, bool is_dir, bool whiteout, bool opaque)
{
	if (opaque)
		return;
	if (whiteout) {
		c->st->deleted++;
		pathset_del(c->all, path);
		return;
	}
	bool had = pathset_has(c->all, path);
	if (!had) {
		c->st->added++;
		pathset_add(c->all, path);
	} else if (!is_dir) {
		c->st->changed++;
	}
}

static int write_data(struct uctx *c, struct archive *a, int fd, const char *path,
		      long long size, struct err *e)
{
	const void *buf;
	size_t n;
	la_int64_t off;
	int r;
	while ((r = archive_read_data_block(a, &buf, &n, &off)) == ARCHIVE_OK) {
		const char *b = buf;
		while (n) {
			ssize_t w = pwrite(fd, b, n, off);
			if (w < 0 && errno == EINTR)
				continue;
			if (w < 0)
				return err_errno(e, errno, _("%s: could not write '%s'"), c->what, path);
			b += w;
			n -= (size_t)w;
			off += w;
		}
	}
	if (r != ARCHIVE_EOF)
		return -2;
	if (ftruncate(fd, size) < 0)
		return err_errno(e, errno, _("%s: could not write '%s'"), c->what, path);
	return 0;
}

static int apply_entry(struct uctx *c, struct archive *a, struct archive_entry *ent, struct err *e)
{
	char path[PATH_MAX], parent[PATH_MAX];
	const char *base;
	const char *raw = archive_entry_pathname(ent);
	if (!raw)
		return err_set(e, _("%s has an entry without a name"), c->what);
	if (clean_path(c, raw, path, sizeof path, e) < 0)
		return -1;
	c->entry = path;
	mode_t type = archive_entry_filetype(ent);
	const char *hl = archive_entry_hardlink(ent);
	split(path, parent, sizeof parent, &base);
	bool opaque = !strcmp(base, WH_OPQ);
	bool whiteout = !opaque && !strncmp(base, WH, strlen(WH));
	const char *wname = whiteout ? base + strlen(WH) : NULL;
	if (whiteout && (!wname[0] || !strcmp(wname, ".") || !strcmp(wname, "..")))
		return err_set(e, _("%s has an invalid whiteout '%.200s'"), c->what, raw);

	if (c->mode == UNPACK_SCAN) {
		char wp[PATH_MAX];
		if (whiteout)
			snprintf(wp, sizeof wp, "%s%s%s", parent, parent[0] ? "/" : "", wname);
		if (path[0])
			scan_entry(c, whiteout ? wp : path, type == AE_IFDIR, whiteout, opaque);
		return 0;
	}

	if (!path[0]) {		/* the root itself: its metadata only */
		if (type == AE_IFDIR && c->mode == UNPACK_APPLY)
			set_meta_fd(c, c->rootfd, ent);
		return 0;
	}
	int pfd, rc = -1;
	bool create = !(whiteout && c->mode == UNPACK_APPLY);
	if (open_dir(c, parent, create, &pfd, e) < 0)
		return -1;
	if (pfd < 0)
		return 0;	/* whiteout of something below a missing dir */

	if (opaque) {
		if (c->mode == UNPACK_OVERLAY) {
			if (fsetxattr(pfd, "trusted.overlay.opaque", "y", 1, 0) < 0)
				err_errno(e, errno, _("%s: could not mark '%s' opaque"), c->what,
					  parent[0] ? parent : "/");
			else
				rc = 0;
		} else {
			rc = opaque_apply(c, pfd, parent, e);
		}
		goto out;
	}
	if (whiteout) {
		if (c->mode == UNPACK_OVERLAY) {
			oci_rm_at(pfd, wname);
			if (mknodat(pfd, wname, S_IFCHR | 0, makedev(0, 0)) < 0)
				err_errno(e, errno, _("%s: could not make the whiteout of '%s'"), c->what,
					  path);
			else
				rc = 0;
		} else if (oci_rm_at(pfd, wname) < 0) {
			err_errno(e, errno, _("%s: could not remove '%s'"), c->what, path);
		} else {
			rc = 0;
		}
		goto out;
	}

	struct stat old;
	bool exists = fstatat(pfd, base, &old, AT_SYMLINK_NOFOLLOW) == 0;
	if (exists && !(type == AE_IFDIR && S_ISDIR(old.st_mode)) && oci_rm_at(pfd, base) < 0) {
		err_errno(e, errno, _("%s: could not replace '%s'"), c->what, path);
		goto out;
	}
	if (pathset_add(&c->seen, path) < 0) {
		err_errno(e, ENOMEM, _("%s: out of memory"), c->what);
		goto out;
	}
	if (hl) {
		char tpath[PATH_MAX], tparent[PATH_MAX];
		const char *tbase;
		int tfd;
		if (clean_path(c, hl, tpath, sizeof tpath, e) < 0)
			goto out;
		split(tpath, tparent, sizeof tparent, &tbase);
		if (!tpath[0] || open_dir(c, tparent, false, &tfd, e) < 0)
			goto out;
		if (tfd < 0 || linkat(tfd, tbase, pfd, base, 0) < 0) {
			err_errno(e, tfd < 0 ? ENOENT : errno,
				  _("%s: could not make '%s' a hard link to '%s'"), c->what, path, tpath);
			if (tfd >= 0)
				close(tfd);
			goto out;
		}
		close(tfd);
		rc = 0;
		goto out;
	}
	switch (type) {
	case AE_IFREG: {
		int fd = openat(pfd, base, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd < 0) {
			err_errno(e, errno, _("%s: could not create '%s'"), c->what, path);
			goto out;
		}
		int w = write_data(c, a, fd, path, archive_entry_size(ent), e);
		if (w == -2)
			err_set(e, _("%s: the data of '%s' is damaged (%s)"), c->what, path,
				archive_error_string(a) ? archive_error_string(a) : "tar");
		if (w == 0)
			set_meta_fd(c, fd, ent);
		close(fd);
		if (w < 0)
			goto out;
		break;
	}
	case AE_IFDIR: {
		if (!exists && mkdirat(pfd, base, 0700) < 0) {
			err_errno(e, errno, _("%s: could not create '%s'"), c->what, path);
			goto out;
		}
		int fd = openat(pfd, base, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0) {
			err_errno(e, errno, _("%s: could not open '%s'"), c->what, path);
			goto out;
		}
		set_meta_fd(c, fd, ent);
		close(fd);
		break;
	}
	case AE_IFLNK: {
		const char *t = archive_entry_symlink(ent);
		if (!t || symlinkat(t, pfd, base) < 0) {
			err_errno(e, t ? errno : EINVAL, _("%s: could not create the link '%s'"),
				  c->what, path);
			goto out;
		}
		set_meta_at(c, pfd, base, ent, false);
		break;
	}
	case AE_IFCHR:
	case AE_IFBLK:
		if (!c->root) {
			err_set(e, _("%s has the device node '%s': only root may make one"), c->what,
				path);
			err_hint(e, _("run aisla as root (sudo), or use an image without devices in "
				      "/dev (a runtime mounts its own /dev)"));
			goto out;
		}
		/* fall through */
	case AE_IFIFO:
		if (mknodat(pfd, base, type | (archive_entry_mode(ent) & 07777),
			    makedev(archive_entry_rdevmajor(ent), archive_entry_rdevminor(ent))) < 0) {
			if (errno == EPERM && type != AE_IFIFO) {	/* root of a user namespace */
				err_set(e, _("%s has the device node '%s': only root may make one"),
					c->what, path);
				err_hint(e, _("root in a user namespace (aisla --rootless) may not make "
					      "device nodes: run aisla as root (sudo)"));
			} else {
				err_errno(e, errno, _("%s: could not create '%s'"), c->what, path);
			}
			goto out;
		}
		set_meta_at(c, pfd, base, ent, true);
		break;
	default:
		break;	/* sockets and the like: as tar, skipped */
	}
	rc = 0;
out:
	close(pfd);
	c->entry = NULL;
	return rc;
}

int layer_unpack(const char *dir, const struct oci_layer *l, int rootfd, enum unpack_mode mode,
		 struct pathset *all, struct layer_stats *st, const char *what, struct err *e)
{
	struct layer_stats dummy;
	char p[PATH_MAX];
	if (!st)
		st = &dummy;
	memset(st, 0, sizeof *st);
	if (oci_blob_check(dir, &l->blob, what, e) < 0)
		return -1;
	oci_blob_path(dir, l->blob.digest, p, sizeof p);
	struct src *s = calloc(1, sizeof *s);
	if (!s)
		return err_errno(e, ENOMEM, _("could not read %s"), what);
	s->fd = open(p, O_RDONLY | O_CLOEXEC);
	s->hu = oci_hash_new();
	unsigned char magic[2] = { 0, 0 };
	if (s->fd < 0 || !s->hu || pread(s->fd, magic, 2, 0) < 0) {
		int saved = errno;
		if (s->fd >= 0)
			close(s->fd);
		oci_hash_free(s->hu);
		free(s);
		return err_errno(e, saved, _("could not read %s"), what);
	}
	s->gz = magic[0] == 0x1f && magic[1] == 0x8b;
	if (s->gz && inflateInit2(&s->z, 15 + 16) != Z_OK) {
		close(s->fd);
		oci_hash_free(s->hu);
		free(s);
		return err_errno(e, ENOMEM, _("could not read %s"), what);
	}
	struct uctx c = {
		.rootfd = rootfd, .mode = mode, .what = what, .all = all, .st = st,
		.root = geteuid() == 0,
	};
	struct archive *a = archive_read_new();
	archive_read_support_format_tar(a);
	archive_read_support_format_gnutar(a);
	int rc = 0;
	if (archive_read_open(a, s, NULL, src_read, NULL) != ARCHIVE_OK) {
		rc = err_set(e, _("%s is not a tar archive (%s)"), what,
			     s->failed ? s->msg : archive_error_string(a));
	}
	struct archive_entry *ent;
	int r;
	while (rc == 0 && (r = archive_read_next_header(a, &ent)) != ARCHIVE_EOF) {
		if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {
			rc = err_set(e, _("%s is damaged: %s"), what,
				     s->failed ? s->msg : archive_error_string(a));
			err_hint(e, _("the blob matched its digest, so the layer was written damaged: "
				      "make the image again"));
			break;
		}
		if (apply_entry(&c, a, ent, e) < 0) {
			if (s->failed) {
				err_set(e, _("%s is damaged: %s"), what, s->msg);
				err_hint(e, _("the blob matched its digest, so the layer was written "
					      "damaged: make the image again"));
			}
			rc = -1;
		}
	}
	/* hash the rest of the stream (tar padding) for the diff_id */
	if (rc == 0) {
		const void *b;
		la_ssize_t n;
		while ((n = src_read(a, s, &b)) > 0)
			;
		if (n < 0)
			rc = err_set(e, _("%s is damaged: %s"), what, s->msg);
	}
	archive_read_free(a);
	st->bytes = s->ubytes;
	char diff[OCI_DIGEST_MAX];
	oci_hash_final(s->hu, diff);
	if (s->gz)
		inflateEnd(&s->z);
	close(s->fd);
	free(s);
	pathset_free(&c.seen);
	if (rc == 0 && strcmp(diff, l->diff_id)) {
		err_set(e, _("%s does not match its diff_id: the config says %s, the content is %s"),
			what, oci_short(l->diff_id), oci_short(diff));
		return err_hint(e, _("the config and the layer disagree: import the image again "
				     "from a good copy"));
	}
	return rc;
}

int image_unpack_fd(const struct oci_image *im, const char *name, int rootfd, struct err *e)
{
	for (int i = 0; i < im->nlayers; i++) {
		char what[300];
		snprintf(what, sizeof what, _("layer %d (%s) of '%s'"), i + 1,
			 oci_short(im->layers[i].blob.digest), name);
		if (layer_unpack(im->dir, &im->layers[i], rootfd, UNPACK_APPLY, NULL, NULL, what, e) < 0)
			return -1;
	}
	return 0;
}
