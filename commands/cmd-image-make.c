/* cmd-image-make.c: the image subcommands that make an image in the
 * store: `image base` (a layer from the static busybox), `image import`
 * (an OCI layout or archive, every blob checked) and `image commit` (a
 * node's overlay upper dir as one more layer). Each writes a temporary
 * layout first, so that a failure leaves the store as it was. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <archive.h>
#include <archive_entry.h>
#include <json-c/json.h>
#include "image.h"
#include "image-layer.h"
#include "node.h"
#include "../shell/probe.h"
#include "../shell/cmd.h"
#include "../shell/i18n.h"
#include "../shell/out.h"
#include "image-cmd.h"

struct img_target {
	char final[PATH_MAX], dir[PATH_MAX + 32];
	bool fresh;
};

static int target_begin(const struct img_ref *r, struct img_target *t, struct err *e)
{
	if (img_store_make(e) < 0)
		return -1;
	img_layout_dir(r->name, t->final, sizeof t->final);
	t->fresh = access(t->final, F_OK) < 0;
	snprintf(t->dir, sizeof t->dir, "%s/.tmp-%s-XXXXXX", img_store(), r->name);
	if (!mkdtemp(t->dir))
		return err_errno(e, errno, _("could not create '%s'"), t->dir);
	rmdir(t->dir);
	return oci_layout_init(t->dir, e);
}

/* Move the blobs and tags of layout `from` into the existing `to`: the
 * manifests read first, the blobs moved, the tags added last. */
static int target_merge(const char *from, const char *to, struct err *e)
{
	char **tags;
	int n, rc = 0;
	if (oci_tags(from, &tags, &n, e) < 0)
		return -1;
	struct oci_desc *ms = calloc((size_t)n + 1, sizeof *ms);
	for (int i = 0; rc == 0 && i < n; i++) {
		struct oci_image im;
		if (!ms)
			rc = err_errno(e, ENOMEM, _("could not write '%s'"), to);
		else if ((rc = oci_open(from, tags[i], tags[i], &im, e)) == 0) {
			ms[i] = im.manifest;
			oci_release(&im);
		}
	}
	char p[PATH_MAX + 64];
	snprintf(p, sizeof p, "%s/blobs/sha256", from);
	DIR *d = rc == 0 ? opendir(p) : NULL;
	struct dirent *de;
	while (d && rc == 0 && (de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		char a[PATH_MAX * 2], b[PATH_MAX * 2];
		snprintf(a, sizeof a, "%s/%s", p, de->d_name);
		snprintf(b, sizeof b, "%s/blobs/sha256/%s", to, de->d_name);
		if (access(b, F_OK) < 0 && rename(a, b) < 0)
			rc = err_errno(e, errno, _("could not write '%s'"), b);
	}
	if (d)
		closedir(d);
	for (int i = 0; rc == 0 && i < n; i++)
		rc = oci_tag(to, tags[i], &ms[i], e);
	free(ms);
	oci_tags_free(tags, n);
	return rc;
}

static int target_end(struct img_target *t, int rc, struct err *e)
{
	if (rc == 0 && t->fresh && rename(t->dir, t->final) < 0)
		rc = err_errno(e, errno, _("could not create '%s'"), t->final);
	else if (rc == 0 && !t->fresh)
		rc = target_merge(t->dir, t->final, e);
	if (rc < 0 || !t->fresh)
		oci_rm_tree(t->dir);
	return rc;
}

/* ---- image base ---- */

/* The applets of a static busybox: `busybox --list-full` (bounded). */
static int busybox_applets(const char *bb, char **out, struct err *e)
{
	int p[2];
	if (pipe2(p, O_CLOEXEC) < 0)
		return err_errno(e, errno, _("could not create a pipe"));
	pid_t c = fork();
	if (c < 0) {
		close(p[0]);
		close(p[1]);
		return err_errno(e, errno, _("could not start '%s'"), bb);
	}
	if (c == 0) {
		dup2(p[1], 1);
		execl(bb, bb, "--list-full", (char *)NULL);
		_exit(127);
	}
	close(p[1]);
	size_t cap = 1 << 16, n = 0;
	char *buf = malloc(cap + 1);
	ssize_t k;
	while (buf && (k = read(p[0], buf + n, cap - n)) > 0) {
		n += (size_t)k;
		if (n == cap)
			break;
	}
	close(p[0]);
	int st;
	while (waitpid(c, &st, 0) < 0 && errno == EINTR)
		;
	if (!buf || !WIFEXITED(st) || WEXITSTATUS(st) != 0 || n == 0) {
		free(buf);
		return err_set(e, _("'%s --list-full' failed"), bb);
	}
	buf[n] = 0;
	*out = buf;
	return 0;
}

static int add_dir(struct layer_writer *w, const char *p, mode_t m, time_t t, struct err *e)
{
	struct stat st = { .st_mode = S_IFDIR | m };
	st.st_mtime = t;
	return layer_add(w, p, &st, -1, NULL, e);
}

static int add_text(struct layer_writer *w, const char *dir, const char *p, const char *text,
		    time_t t, struct err *e)
{
	char tmp[PATH_MAX];
	snprintf(tmp, sizeof tmp, "%s/.text-XXXXXX", dir);
	int fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0)
		return err_errno(e, errno, _("could not create '%s'"), tmp);
	unlink(tmp);
	size_t l = strlen(text);
	if (write(fd, text, l) != (ssize_t)l) {
		close(fd);
		return err_errno(e, errno, _("could not write '%s'"), p);
	}
	struct stat st = { .st_mode = S_IFREG | 0644, .st_size = (off_t)l };
	st.st_mtime = t;
	int rc = layer_add(w, p, &st, fd, NULL, e);
	close(fd);
	return rc;
}

static int base_layer(struct layer_writer *w, const char *tmpdir, const char *bb, int *napplets,
		      struct err *e)
{
	static const struct { const char *p; mode_t m; } dirs[] = {
		{ "bin", 0755 }, { "dev", 0755 }, { "etc", 0755 }, { "home", 0755 },
		{ "mnt", 0755 }, { "proc", 0555 }, { "root", 0700 }, { "sbin", 0755 },
		{ "sys", 0555 }, { "tmp", 01777 }, { "usr", 0755 }, { "usr/bin", 0755 },
		{ "usr/sbin", 0755 }, { "var", 0755 },
	};
	time_t t = time(NULL);
	for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++)
		if (add_dir(w, dirs[i].p, dirs[i].m, t, e) < 0)
			return -1;
	/* The few device nodes programs expect (as `rootfs` makes; runtimes
	 * mount their own /dev over them). */
	static const struct { const char *n; unsigned ma, mi; } devs[] = {
		{ "dev/null", 1, 3 }, { "dev/random", 1, 8 }, { "dev/tty", 5, 0 },
		{ "dev/urandom", 1, 9 }, { "dev/zero", 1, 5 },
	};
	for (size_t i = 0; i < sizeof devs / sizeof devs[0]; i++) {
		struct stat ds = { .st_mode = S_IFCHR | 0666, .st_rdev = makedev(devs[i].ma, devs[i].mi) };
		ds.st_mtime = t;
		if (layer_add(w, devs[i].n, &ds, -1, NULL, e) < 0)
			return -1;
	}
	int fd = open(bb, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) < 0) {
		if (fd >= 0)
			close(fd);
		return err_errno(e, errno, _("could not read '%s'"), bb);
	}
	st.st_mode = S_IFREG | 0755;
	st.st_uid = 0;
	st.st_gid = 0;
	int rc = layer_add(w, "bin/busybox", &st, fd, NULL, e);
	close(fd);
	if (rc < 0)
		return -1;
	char *list = NULL;
	if (busybox_applets(bb, &list, e) < 0)
		return -1;
	int n = 0;
	struct stat ls = { .st_mode = S_IFLNK | 0777 };
	ls.st_mtime = t;
	for (char *sv, *l = strtok_r(list, "\n", &sv); l && rc == 0; l = strtok_r(NULL, "\n", &sv)) {
		if (!strcmp(l, "bin/busybox") || strstr(l, "..") || l[0] == '/')
			continue;
		rc = layer_add(w, l, &ls, -1, "/bin/busybox", e);
		n++;
	}
	free(list);
	if (rc < 0)
		return -1;
	*napplets = n;
	if (add_text(w, tmpdir, "etc/passwd", "root:x:0:0:root:/root:/bin/sh\n"
		     "nobody:x:65534:65534:nobody:/nonexistent:/bin/false\n", t, e) < 0 ||
	    add_text(w, tmpdir, "etc/group", "root:x:0:\nnogroup:x:65534:\n", t, e) < 0 ||
	    add_text(w, tmpdir, "etc/hostname", "aisla\n", t, e) < 0 ||
	    add_text(w, tmpdir, "etc/profile", "export PS1='\\u@\\h:\\w\\$ '\n", t, e) < 0)
		return -1;
	return 0;
}

static int base_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	(void)ctx;
	struct img_ref r = *(const struct img_ref *)a->plan;
	struct img_target t;
	const char *bb;
	if (img_refuse_existing(&r, e) < 0 ||
	    !(bb = static_busybox(e)) || target_begin(&r, &t, e) < 0)
		return -1;
	struct layer_writer *w;
	struct oci_layer l;
	struct oci_desc m;
	int napplets = 0, rc = layer_begin(t.dir, &w, e);
	if (rc == 0) {
		char blobs[PATH_MAX + 64];
		snprintf(blobs, sizeof blobs, "%s/blobs/sha256", t.dir);
		if (base_layer(w, blobs, bb, &napplets, e) < 0) {
			layer_abort(w);
			rc = -1;
		} else {
			rc = layer_finish(w, &l, e);
		}
	}
	if (rc == 0) {
		char by[256];
		snprintf(by, sizeof by, "aisla image base %s (%s --install -s)", img_ref_str(&r), bb);
		struct json_object *cfg = oci_config_new();
		oci_config_add_layer(cfg, l.diff_id, by);
		rc = oci_write_image(t.dir, r.tag, cfg, &l, 1, &m, e);
		json_object_put(cfg);
	}
	if (target_end(&t, rc, e) < 0)
		return -1;
	out_printf(_("image '%s' ready: 1 layer (%s, %s) with busybox and %d programs; try "
		     "`image layers %s`\n"), img_ref_str(&r), oci_short(l.blob.digest),
		   oci_human(l.blob.size), napplets, img_ref_str(&r));
	return 0;
}

static void base_explain(struct cmd_ctx *ctx, const struct args *a)
{
	struct img_ref r = *(const struct img_ref *)a->plan;
	struct err e = ERR_INIT;
	const char *bb = static_busybox(&e);
	char b[128];
	snprintf(b, sizeof b, "/tmp/aisla-base-%s", r.name);
	cmd_explain(ctx, "[ -d %s ] || umoci init --layout %s", img_layout_q(r.name), img_layout_q(r.name));
	cmd_explain(ctx, "umoci new --image %s", img_image_q(&r));
	cmd_explain(ctx, "umoci unpack --image %s %s", img_image_q(&r), node_shq(b));
	cmd_explain(ctx, "mkdir -p %s/rootfs/bin %s/rootfs/sbin %s/rootfs/usr/bin %s/rootfs/usr/sbin "
		    "%s/rootfs/etc %s/rootfs/proc %s/rootfs/sys %s/rootfs/dev %s/rootfs/tmp",
		    b, b, b, b, b, b, b, b, b);
	cmd_explain(ctx, "cp %s %s/rootfs/bin/busybox && chroot %s/rootfs /bin/busybox --install -s",
		    bb ? bb : "/bin/busybox", b, b);
	cmd_explain(ctx, "printf 'root:x:0:0:root:/root:/bin/sh\\n' > %s/rootfs/etc/passwd", b);
	cmd_explain(ctx, "printf 'root:x:0:\\n' > %s/rootfs/etc/group && echo aisla > %s/rootfs/etc/hostname",
		    b, b);
	cmd_explain(ctx, "mknod -m 666 %s/rootfs/dev/null c 1 3 && mknod -m 666 %s/rootfs/dev/zero c 1 5 "
		    "&& mknod -m 666 %s/rootfs/dev/urandom c 1 9", b, b, b);
	cmd_explain(ctx, "umoci repack --image %s %s && rm -rf %s", img_image_q(&r), node_shq(b), node_shq(b));
}

const struct cmd_entry image_base_entry = {
	.name = "base",
	.min_args = 1, .max_args = 1, .rest_after = -1,
	.usage = N_("image base NAME[:TAG]"),
	.complete = "NEWIMAGE",
	.summary = N_("An image of one layer made from the machine's static busybox"),
	.help = N_("Makes the image NAME (tag 'latest' unless NAME:TAG) in the store, without "
		   "network: one layer, a gzip tar with /bin/busybox, its programs as links, "
		   "/etc/passwd, /etc/group, /dev/null and a few other devices, and the usual "
		   "directories (/proc, /sys, /dev, "
		   "/tmp...). The same thing by hand: `umoci init`, `umoci new`, `umoci unpack`, "
		   "copy busybox in, `umoci repack`."),
	.attrs = CMD_ROOT,
	.parse = img_arg0_parse,
	.plan_size = sizeof(struct img_ref),
	.exec = base_exec,
	.explain = base_explain,
};

/* ---- image import ---- */

struct import_plan {
	char path[PATH_MAX];
	char tag[IMG_TAG_MAX + 1];	/* "" = the only one / latest */
	struct img_ref r;
	bool archive;
};

/* The entry's parse: exec and explain read this plan. */
static int import_parse(const struct args *a, void *plan, struct err *e)
{
	struct import_plan *p = plan;
	struct stat st;
	/* skopeo's transports are accepted as they are written there */
	const char *src = a->argv[0];
	if (!strncmp(src, "oci-archive:", 12))
		src += 12;
	else if (!strncmp(src, "oci:", 4))
		src += 4;
	snprintf(p->path, sizeof p->path, "%s", src);
	if (stat(p->path, &st) < 0) {
		char *c = strrchr(p->path, ':');
		if (c && !strchr(c, '/')) {
			snprintf(p->tag, sizeof p->tag, "%s", c + 1);
			*c = 0;
		}
		if (stat(p->path, &st) < 0) {
			err_errno(e, errno, _("could not read '%s'"), p->path);
			return err_hint(e, _("give an OCI layout directory or an OCI archive (what "
					     "`skopeo copy IMAGE oci-archive:FILE` writes), with :TAG "
					     "if it holds several images"));
		}
	}
	p->archive = !S_ISDIR(st.st_mode);
	const char *name = a->argc > 1 ? a->argv[1] : NULL;
	char def[IMG_NAME_MAX + 1];
	if (!name) {
		const char *b = strrchr(p->path, '/');
		b = b && b[1] ? b + 1 : p->path;
		size_t l = strcspn(b, ".");
		if (l == 0 || l > IMG_NAME_MAX)
			l = strlen(b) > IMG_NAME_MAX ? IMG_NAME_MAX : strlen(b);
		snprintf(def, sizeof def, "%.*s", (int)l, b);
		for (char *c = def; *c; c++)
			if (*c >= 'A' && *c <= 'Z')
				*c = (char)(*c - 'A' + 'a');
		if (p->tag[0] && strlen(def) + strlen(p->tag) + 2 < sizeof def + IMG_TAG_MAX) {
			char full[IMG_NAME_MAX + IMG_TAG_MAX + 2];
			snprintf(full, sizeof full, "%s:%s", def, p->tag);
			if (img_ref_parse(full, &p->r, e) < 0)
				return err_hint(e, _("give the image a name: `image import %s NAME`"),
						a->argv[0]);
			return 0;
		}
		if (img_ref_parse(def, &p->r, e) < 0)
			return err_hint(e, _("give the image a name: `image import %s NAME`"),
					a->argv[0]);
		return 0;
	}
	return img_ref_parse(name, &p->r, e);
}

/* Extract an oci-archive (only oci-layout, index.json and the regular
 * files of blobs/sha256) into dir. */
static int extract_archive(const char *file, const char *dir, struct err *e)
{
	struct archive *a = archive_read_new();
	archive_read_support_filter_gzip(a);
	archive_read_support_format_tar(a);
	archive_read_support_format_gnutar(a);
	if (archive_read_open_filename(a, file, 1 << 16) != ARCHIVE_OK) {
		err_set(e, _("'%s' is not an OCI archive: %s"), file, archive_error_string(a));
		archive_read_free(a);
		return err_hint(e, _("an OCI archive is a tar of an OCI layout (`skopeo copy ... "
				     "oci-archive:FILE`)"));
	}
	char p[PATH_MAX * 2];
	snprintf(p, sizeof p, "%s/blobs", dir);
	mkdir(p, 0755);
	snprintf(p, sizeof p, "%s/blobs/sha256", dir);
	mkdir(p, 0755);
	struct archive_entry *ent;
	int r, rc = 0, nfiles = 0;
	while (rc == 0 && (r = archive_read_next_header(a, &ent)) != ARCHIVE_EOF) {
		if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {
			rc = err_set(e, _("'%s' is damaged: %s"), file, archive_error_string(a));
			break;
		}
		const char *n = archive_entry_pathname(ent);
		while (n && n[0] == '.' && n[1] == '/')
			n += 2;
		if (!n || archive_entry_filetype(ent) == AE_IFDIR)
			continue;
		bool ok = archive_entry_filetype(ent) == AE_IFREG &&
			  (!strcmp(n, "oci-layout") || !strcmp(n, "index.json") ||
			   (!strncmp(n, "blobs/sha256/", 13) && strlen(n + 13) == 64 &&
			    !strchr(n + 13, '/') && !strstr(n, "..")));
		if (!ok) {
			rc = err_set(e, _("'%s' holds '%.200s', which has no place in an OCI layout"),
				     file, n);
			err_hint(e, _("an OCI archive holds only oci-layout, index.json and "
				      "blobs/sha256/*: this one is not, or is not to be trusted"));
			break;
		}
		snprintf(p, sizeof p, "%s/%s", dir, n);
		int fd = open(p, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
		if (fd < 0) {
			rc = err_errno(e, errno, _("could not create '%s'"), p);
			break;
		}
		if (archive_read_data_into_fd(a, fd) != ARCHIVE_OK)
			rc = err_set(e, _("'%s' is damaged: %s"), file, archive_error_string(a));
		if (close(fd) < 0 && rc == 0)
			rc = err_errno(e, errno, _("could not write '%s'"), p);
		nfiles++;
	}
	archive_read_free(a);
	if (rc == 0 && nfiles == 0)
		rc = err_set(e, _("'%s' is empty"), file);
	return rc;
}

static int import_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	(void)ctx;
	const struct import_plan *pp = a->plan;
	struct import_plan p = *pp;
	struct img_target t;
	if (img_refuse_existing(&p.r, e) < 0 || img_store_make(e) < 0)
		return -1;
	char src[PATH_MAX + 64], what[PATH_MAX + 32];
	snprintf(src, sizeof src, "%s", p.path);
	if (p.archive) {
		snprintf(src, sizeof src, "%s/.import-XXXXXX", img_store());
		if (!mkdtemp(src))
			return err_errno(e, errno, _("could not create '%s'"), src);
		if (extract_archive(p.path, src, e) < 0) {
			oci_rm_tree(src);
			return -1;
		}
	}
	snprintf(what, sizeof what, "'%s'", a->argv[0]);
	struct oci_image im;
	int rc = oci_open(src, p.tag[0] ? p.tag : NULL, what, &im, e);
	for (int i = 0; rc == 0 && i < im.nlayers; i++) {
		char w[PATH_MAX + 64];
		snprintf(w, sizeof w, _("layer %d of %s"), i + 1, what);
		rc = oci_blob_check(src, &im.layers[i].blob, w, e);
	}
	if (rc == 0)
		rc = target_begin(&p.r, &t, e);
	else {
		if (p.archive)
			oci_rm_tree(src);
		if (rc == 0)
			oci_release(&im);
		return -1;
	}
	/* copy (never link: the source is the user's) and re-check */
	struct oci_desc ds[OCI_MAX_LAYERS + 2];
	int nd = 0;
	ds[nd++] = im.manifest;
	ds[nd++] = im.config;
	for (int i = 0; i < im.nlayers; i++)
		ds[nd++] = im.layers[i].blob;
	for (int i = 0; rc == 0 && i < nd; i++) {
		char a1[PATH_MAX], b1[PATH_MAX];
		oci_blob_path(src, ds[i].digest, a1, sizeof a1);
		oci_blob_path(t.dir, ds[i].digest, b1, sizeof b1);
		if (access(b1, F_OK) == 0)
			continue;
		int in = open(a1, O_RDONLY | O_CLOEXEC);
		int out = open(b1, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
		if (in < 0 || out < 0) {
			rc = err_errno(e, errno, _("could not copy '%s'"), a1);
		} else {
			static char buf[1 << 17];
			ssize_t n;
			while ((n = read(in, buf, sizeof buf)) > 0)
				if (write(out, buf, (size_t)n) != n) {
					n = -1;
					break;
				}
			if (n < 0 || close(out) < 0)
				rc = err_errno(e, errno, _("could not copy '%s'"), a1);
			out = -1;
		}
		if (in >= 0)
			close(in);
		if (out >= 0)
			close(out);
		if (rc == 0)
			rc = oci_blob_check(t.dir, &ds[i], what, e);
	}
	if (rc == 0) {
		/* tag the manifest as it is: the digests stay the source's */
		struct oci_desc m = im.manifest;
		snprintf(m.media, sizeof m.media, "%s", OCI_MT_MANIFEST);
		rc = oci_tag(t.dir, p.r.tag, &m, e);
	}
	int nl = im.nlayers;
	oci_release(&im);
	if (p.archive)
		oci_rm_tree(src);
	if (target_end(&t, rc, e) < 0)
		return -1;
	out_printf(ngettext("image '%s' imported: %d layer; `image layers %s` shows it\n",
			    "image '%s' imported: %d layers; `image layers %s` shows them\n",
			    (unsigned long)nl), img_ref_str(&p.r), nl, img_ref_str(&p.r));
	return 0;
}

static void import_explain(struct cmd_ctx *ctx, const struct args *a)
{
	const struct import_plan *pp = a->plan;
	struct import_plan p = *pp;
	char src[PATH_MAX + 200];
	if (p.tag[0])
		snprintf(src, sizeof src, "%s:%s", p.path, p.tag);
	else
		snprintf(src, sizeof src, "%s", p.path);
	char dst[PATH_MAX + 200];
	snprintf(dst, sizeof dst, "oci:%s/%s:%s", img_store(), p.r.name, p.r.tag);
	cmd_explain(ctx, "skopeo copy %s:%s %s", p.archive ? "oci-archive" : "oci", node_shq(src),
		    node_shq(dst));
}

const struct cmd_entry image_import_entry = {
	.name = "import",
	.min_args = 1, .max_args = 2, .rest_after = -1,
	.usage = N_("image import PATH[:TAG] [NAME[:TAG]]"),
	.summary = N_("Bring an image from an OCI layout directory or an OCI archive"),
	.help = N_("Copies one image into the store from PATH: an OCI image layout directory "
		   "(what `umoci init` or `skopeo copy ... oci:DIR` make) or an OCI archive, the "
		   "same layout in a tar (`skopeo copy ... oci-archive:FILE`, `podman save "
		   "--format oci-archive`). PATH:TAG picks one image when the layout holds several; skopeo's "
		   "oci:PATH and oci-archive:PATH are accepted too. Every blob is checked against its digest and size; a damaged or altered one "
		   "stops the import and nothing is kept. NAME defaults to PATH's base name."),
	.complete = "FILE",
	.attrs = CMD_ROOT,
	.parse = import_parse,
	.plan_size = sizeof(struct import_plan),
	.exec = import_exec,
	.explain = import_explain,
};

/* ---- image commit ---- */

/* The parse: NODE and the new image's NAME[:TAG] (the plan). */
static int commit_parse(const struct args *a, void *plan, struct err *e)
{
	if (node_name_valid(a->argv[0], e) < 0)
		return -1;
	return img_ref_parse(a->argv[1], plan, e);
}

static int commit_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	(void)ctx;
	struct img_ref base, r = *(const struct img_ref *)a->plan;
	struct img_root ir;
	struct oci_image im;
	struct img_target t;
	if (img_refuse_existing(&r, e) < 0 || img_root_find(a->argv[0], &base, &ir, e) < 0 ||
	    img_open(&base, &im, e) < 0)
		return -1;
	if (im.nlayers >= OCI_MAX_LAYERS) {
		oci_release(&im);
		return err_set(e, _("the image '%s' already has as many layers as aisla reads (%d)"),
			       img_ref_str(&base), im.nlayers);
	}
	int ufd = open(ir.upper, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (ufd < 0) {
		oci_release(&im);
		return err_errno(e, errno, _("could not read '%s'"), ir.upper);
	}
	int rc = target_begin(&r, &t, e);
	struct oci_layer *ls = rc == 0 ? calloc((size_t)im.nlayers + 1, sizeof *ls) : NULL;
	if (rc == 0 && !ls)
		rc = err_errno(e, ENOMEM, _("could not make the image '%s'"), img_ref_str(&r));
	for (int i = 0; rc == 0 && i < im.nlayers; i++) {
		ls[i] = im.layers[i];
		rc = oci_blob_share(im.dir, t.dir, &im.layers[i].blob, e);
	}
	struct layer_stats st = { 0 };
	struct layer_writer *w;
	if (rc == 0 && (rc = layer_begin(t.dir, &w, e)) == 0) {
		if (layer_add_tree(w, ufd, true, &st, e) < 0) {
			layer_abort(w);
			rc = -1;
		} else {
			rc = layer_finish(w, &ls[im.nlayers], e);
		}
	}
	close(ufd);
	if (rc == 0) {
		char by[256];
		struct oci_desc m;
		snprintf(by, sizeof by, "aisla image commit %s %s", a->argv[0], img_ref_str(&r));
		snprintf(ls[im.nlayers].created_by, sizeof ls[im.nlayers].created_by, "%s", by);
		struct json_object *cfg = NULL;
		if (json_object_deep_copy(im.cfg, &cfg, NULL) < 0 || !cfg) {
			rc = err_errno(e, ENOMEM, _("could not make the image '%s'"), img_ref_str(&r));
		} else {
			oci_config_add_layer(cfg, ls[im.nlayers].diff_id, by);
			rc = oci_write_image(t.dir, r.tag, cfg, ls, im.nlayers + 1, &m, e);
			json_object_put(cfg);
		}
	}
	int nl = im.nlayers + 1;
	char top[OCI_DIGEST_MAX] = "";
	if (rc == 0)
		snprintf(top, sizeof top, "%s", ls[im.nlayers].blob.digest);
	free(ls);
	oci_release(&im);
	if (target_end(&t, rc, e) < 0)
		return -1;
	out_printf(_("image '%s' made from node '%s': the %d layers of '%s' plus %s (%lld files "
		     "written, %lld deleted); `image layers %s` shows it\n"),
		   img_ref_str(&r), a->argv[0], nl - 1, img_ref_str(&base), oci_short(top), st.added,
		   st.deleted, img_ref_str(&r));
	return 0;
}

static void commit_explain(struct cmd_ctx *ctx, const struct args *a)
{
	struct img_ref base, r = *(const struct img_ref *)a->plan;
	struct img_root ir;
	struct err e = ERR_INIT;
	if (img_root_find(a->argv[0], &base, &ir, &e) < 0)
		return;
	char src[PATH_MAX + 200], dst[PATH_MAX + 200], b[128];
	snprintf(src, sizeof src, "oci:%s/%s:%s", img_store(), base.name, base.tag);
	snprintf(dst, sizeof dst, "oci:%s/%s:%s", img_store(), r.name, r.tag);
	snprintf(b, sizeof b, "/tmp/aisla-commit-%s", r.name);
	cmd_explain(ctx, "skopeo copy %s %s", node_shq(src), node_shq(dst));
	cmd_explain(ctx, "umoci unpack --image %s %s", img_image_q(&r), b);
	cmd_explain(ctx, "rm -rf %s/rootfs && cp -a %s %s/rootfs", b, node_shq(ir.root), b);
	cmd_explain(ctx, "umoci repack --image %s %s && rm -rf %s", img_image_q(&r), b, b);
}

const struct cmd_entry image_commit_entry = {
	.name = "commit",
	.min_args = 2, .max_args = 2, .rest_after = -1,
	.usage = N_("image commit NODE NAME[:TAG]"),
	.complete = "NODE NEWIMAGE",
	.summary = N_("A new image: the node's image plus a layer with what changed in it"),
	.help = N_("NODE must have been made with `unshare ... --image IMAGE NODE`: its root is an "
		   "overlay whose upper directory holds every file the node wrote. commit turns "
		   "that directory into one more layer on top of IMAGE's: files as they are, a "
		   "deleted file (overlay marks it with a 0/0 character device) as a whiteout "
		   ".wh.NAME, a directory replaced whole (trusted.overlay.opaque) with "
		   ".wh..wh..opq. The layers of IMAGE are shared, not copied."),
	.attrs = CMD_ROOT,
	.parse = commit_parse,
	.plan_size = sizeof(struct img_ref),
	.exec = commit_exec,
	.explain = commit_explain,
};
