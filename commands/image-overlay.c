/* image-overlay.c: a node's root from an image, as container engines make
 * it: each layer unpacked once into STORE/.layers/HEX (by diff_id, in
 * overlayfs' own format: whiteouts as 0/0 character devices, opaque
 * directories with trusted.overlay.opaque=y), then
 *   mount -t overlay NAME:TAG -o lowerdir=TOP:...:BOTTOM,upperdir=U,workdir=W R
 * with U, W and R in journal_dir()/images/NODE. The mount's source (free
 * text for overlayfs) is the image's name, so `mount`, /proc/PID/mountinfo
 * and the panes say which image a root comes from, from the kernel. Also the journal kinds of
 * the image commands (see image.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/random.h>
#include <sys/stat.h>
#include "image.h"
#include "image-layer.h"
#include "node.h"
#include "../shell/cmd.h"
#include "../shell/i18n.h"

#define MARKER ".aisla-image-root"

void img_layer_cache(const char *diff_id, char *out, size_t n)
{
	snprintf(out, n, "%s/.layers/%s", img_store(), strchr(diff_id, ':') ? strchr(diff_id, ':') + 1 : diff_id);
}

/* Unpack one layer into the cache unless it is there already: into a
 * temporary directory renamed at the end, so a half-made layer is never
 * used. */
static int cache_layer(const struct oci_image *im, int i, const char *name, struct err *e)
{
	char dst[PATH_MAX], tmp[PATH_MAX + 32], what[300];
	struct stat st;
	img_layer_cache(im->layers[i].diff_id, dst, sizeof dst);
	if (stat(dst, &st) == 0 && S_ISDIR(st.st_mode))
		return 0;
	snprintf(tmp, sizeof tmp, "%s.tmp-XXXXXX", dst);
	if (!mkdtemp(tmp))
		return err_errno(e, errno, _("could not create '%s'"), tmp);
	chmod(tmp, 0755);
	int fd = open(tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		int saved = errno;
		rmdir(tmp);
		return err_errno(e, saved, _("could not open '%s'"), tmp);
	}
	snprintf(what, sizeof what, _("layer %d (%s) of '%s'"), i + 1,
		 oci_short(im->layers[i].blob.digest), name);
	int rc = layer_unpack(im->dir, &im->layers[i], fd, UNPACK_OVERLAY, NULL, NULL, what, e);
	close(fd);
	if (rc == 0 && rename(tmp, dst) < 0 && errno != ENOTEMPTY && errno != EEXIST)
		rc = err_errno(e, errno, _("could not create '%s'"), dst);
	if (rc < 0 || access(tmp, F_OK) == 0)
		oci_rm_tree(tmp);
	return rc;
}

static enum undo_result undo_imgroot(const struct jrec *r, struct err *e);

static void random_id(char *out, size_t n)
{
	unsigned char r[8];
	if (getrandom(r, sizeof r, 0) != (ssize_t)sizeof r)
		memset(r, 0x5a, sizeof r);
	snprintf(out, n, "%02x%02x%02x%02x%02x%02x%02x%02x", r[0], r[1], r[2], r[3], r[4], r[5],
		 r[6], r[7]);
}

static void root_paths(const char *node, struct img_root *ir)
{
	snprintf(ir->dir, sizeof ir->dir, "%s/images/%s", journal_dir(), node);
	snprintf(ir->root, sizeof ir->root, "%s/root", ir->dir);
	snprintf(ir->upper, sizeof ir->upper, "%s/upper", ir->dir);
}

/* Is path an overlay mount whose upperdir is upper? (/proc/self/mountinfo) */
static bool overlay_mounted(const char *path, const char *upper)
{
	FILE *f = fopen("/proc/self/mountinfo", "re");
	char line[16384];
	bool found = false;
	if (!f)
		return false;
	while (!found && fgets(line, sizeof line, f)) {
		char mp[PATH_MAX];
		/* id parent maj:min root mountpoint opts ... - fstype source superopts */
		if (sscanf(line, "%*s %*s %*s %*s %4095s", mp) != 1 || strcmp(mp, path))
			continue;
		const char *dash = strstr(line, " - ");
		if (!dash || strncmp(dash + 3, "overlay ", 8))
			continue;
		char want[PATH_MAX + 16];
		snprintf(want, sizeof want, "upperdir=%s,", upper);
		char want2[PATH_MAX + 16];
		snprintf(want2, sizeof want2, "upperdir=%s\n", upper);
		found = strstr(dash, want) || strstr(dash, want2);
	}
	fclose(f);
	return found;
}

int img_root_make(const struct img_ref *r, const char *node, struct img_root *ir, struct err *e)
{
	struct oci_image im;
	memset(ir, 0, sizeof *ir);
	if (img_store_make(e) < 0 || img_open(r, &im, e) < 0)
		return -1;
	if (im.nlayers == 0) {
		oci_release(&im);
		err_set(e, _("the image '%s' has no layers"), img_ref_str(r));
		return err_hint(e, _("make one with files in it: `image base NAME`"));
	}
	for (int i = 0; i < im.nlayers; i++)
		if (cache_layer(&im, i, img_ref_str(r), e) < 0) {
			oci_release(&im);
			return -1;
		}
	size_t o = 0;
	for (int i = im.nlayers - 1; i >= 0; i--) {
		char p[PATH_MAX];
		img_layer_cache(im.layers[i].diff_id, p, sizeof p);
		if (o + strlen(p) + 2 >= sizeof ir->lowers) {
			oci_release(&im);
			return err_set(e, _("the image '%s' has too many layers for one mount"),
				       img_ref_str(r));
		}
		o += (size_t)snprintf(ir->lowers + o, sizeof ir->lowers - o, "%s%s", o ? ":" : "", p);
	}
	char manifest[OCI_DIGEST_MAX];
	snprintf(manifest, sizeof manifest, "%s", im.manifest.digest);
	oci_release(&im);

	root_paths(node, ir);
	char base[PATH_MAX], id[40], kv[5][300];
	snprintf(base, sizeof base, "%s/images", journal_dir());
	if (mkdir(base, 0700) < 0 && errno != EEXIST)
		return err_errno(e, errno, _("could not create '%s'"), base);
	struct stat st;
	struct jrec old;
	if (lstat(ir->dir, &st) == 0 && !node_exists(node) &&
	    journal_find("imgroot", node, &old) == 0) {
		/* the root of a node deleted since (kept for `image commit`): a
		 * new node of that name replaces it */
		struct err e2 = ERR_INIT;
		if (undo_imgroot(&old, &e2) == UNDO_DONE)
			journal_undone(old.seq, &e2);
	}
	if (lstat(ir->dir, &st) == 0) {
		err_set(e, _("'%s' already exists"), ir->dir);
		return err_hint(e, _("a node called '%s' had an image root that was not removed: "
				     "`reset` removes it"), node);
	}
	random_id(id, sizeof id);
	snprintf(kv[0], sizeof kv[0], "id=%s", id);
	snprintf(kv[1], sizeof kv[1], "image=%s", img_ref_str(r));
	snprintf(kv[2], sizeof kv[2], "manifest=%s", manifest);
	snprintf(kv[3], sizeof kv[3], "dir=%s", ir->dir);
	if (journal_intent("imgroot", node, JKV(kv[0], kv[1], kv[2], kv[3]), &ir->seq, e) < 0)
		return -1;
	char p[PATH_MAX + 16];
	int rc = 0;
	if (mkdir(ir->dir, 0700) < 0) {
		rc = err_errno(e, errno, _("could not create '%s'"), ir->dir);
	} else {
		snprintf(p, sizeof p, "%s/" MARKER, ir->dir);
		FILE *f = fopen(p, "wxe");
		if (!f || fprintf(f, "%s\n", id) < 0 || fclose(f) != 0)
			rc = err_errno(e, errno, _("could not create '%s'"), p);
		snprintf(p, sizeof p, "%s/work", ir->dir);
		if (rc == 0 && (mkdir(ir->upper, 0755) < 0 || mkdir(p, 0700) < 0 ||
				mkdir(ir->root, 0755) < 0))
			rc = err_errno(e, errno, _("could not create the directories of '%s'"), ir->dir);
	}
	if (rc == 0) {
		char opts[sizeof ir->lowers + 2 * PATH_MAX + 64];
		snprintf(opts, sizeof opts, "lowerdir=%s,upperdir=%s,workdir=%s/work", ir->lowers,
			 ir->upper, ir->dir);
		if (mount(img_ref_str(r), ir->root, "overlay", 0, opts) < 0) {
			rc = err_errno(e, errno, _("could not mount the overlay root of '%s'"), node);
			if (errno == EPERM)
				err_hint(e, _("mounting needs CAP_SYS_ADMIN: run aisla as root (sudo)"));
			else
				err_hint(e, _("overlayfs needs a filesystem with xattrs under '%s' and "
					      "the store: try AISLA_IMAGE_DIR on ext4 or tmpfs"),
					 journal_dir());
		}
	}
	if (rc < 0) {
		struct err e2 = ERR_INIT;
		oci_rm_tree(ir->dir);
		journal_abort(ir->seq, &e2);
		return -1;
	}
	return journal_done(ir->seq, JKV("mounted=1"), e);
}

void img_root_drop(struct img_root *ir)
{
	struct err e = ERR_INIT;
	if (overlay_mounted(ir->root, ir->upper))
		umount2(ir->root, MNT_DETACH);
	oci_rm_tree(ir->dir);
	journal_undone(ir->seq, &e);
}

int img_root_find(const char *node, struct img_ref *r, struct img_root *ir, struct err *e)
{
	struct jrec rec;
	memset(ir, 0, sizeof *ir);
	if (journal_find("imgroot", node, &rec) < 0) {
		err_set(e, _("node '%s' was not made from an image"), node);
		return err_hint(e, _("make one with `unshare -p -n --image IMAGE NODE`; its changes "
				     "are what `image commit` keeps"));
	}
	const char *img = jrec_get(&rec, "image");
	if (!img || img_ref_parse(img, r, e) < 0)
		return err_set(e, _("the journal record of node '%s' has no image"), node);
	root_paths(node, ir);
	ir->seq = rec.seq;
	struct stat st;
	if (stat(ir->upper, &st) < 0) {
		err_errno(e, errno, _("the writable layer of node '%s' is gone ('%s')"), node,
			  ir->upper);
		return err_hint(e, _("`reset` removed it, or someone else did"));
	}
	return 0;
}

/* The real commands for a node's overlay root. aisla keeps one lower
 * directory per layer (STORE/.layers/DIFFID, what `mount` then shows);
 * the explanation applies the layers with umoci into one lower directory
 * instead, so that it runs as it is anywhere (a layer's digest changes
 * whenever the image is made again). */
void img_root_explain(struct cmd_ctx *ctx, const struct img_ref *r, const char *node)
{
	struct img_root ir;
	char image[PATH_MAX + 200], lower[PATH_MAX];
	root_paths(node, &ir);
	img_layout_dir(r->name, image, sizeof image);
	size_t l = strlen(image);
	snprintf(image + l, sizeof image - l, ":%s", r->tag);
	snprintf(lower, sizeof lower, "%s/lower", ir.dir);
	cmd_explain(ctx, "mkdir -p %s && umoci raw unpack --image %s %s", node_shq(ir.dir),
		    node_shq(image), node_shq(lower));
	cmd_explain(ctx, "mkdir -p %s/upper %s/work %s/root", node_shq(ir.dir), node_shq(ir.dir),
		    node_shq(ir.dir));
	char opts[3 * PATH_MAX];
	snprintf(opts, sizeof opts, "lowerdir=%s,upperdir=%s/upper,workdir=%s/work", lower, ir.dir,
		 ir.dir);
	cmd_explain(ctx, "mount -t overlay %s -o %s %s", node_shq(img_ref_str(r)), node_shq(opts),
		    node_shq(ir.root));
}

/* Is the text somewhere in /proc/self/mountinfo (a lowerdir in use)? */
static bool in_mountinfo(const char *text)
{
	FILE *f = fopen("/proc/self/mountinfo", "re");
	char line[16384];
	bool found = false;
	while (f && !found && fgets(line, sizeof line, f))
		found = strstr(line, text) != NULL;
	if (f)
		fclose(f);
	return found;
}

int img_cache_gc(int *removed, struct err *e)
{
	struct pathset used = { 0 };
	char cache[PATH_MAX];
	*removed = 0;
	DIR *d = opendir(img_store());
	struct dirent *de;
	while (d && (de = readdir(d))) {
		char dir[PATH_MAX], **tags;
		int n;
		struct err e2 = ERR_INIT;
		if (de->d_name[0] == '.')
			continue;
		img_layout_dir(de->d_name, dir, sizeof dir);
		if (oci_tags(dir, &tags, &n, &e2) < 0)
			continue;
		for (int t = 0; t < n; t++) {
			struct oci_image im;
			if (oci_open(dir, tags[t], tags[t], &im, &e2) < 0) {
				err_clear(&e2);
				continue;
			}
			for (int i = 0; i < im.nlayers; i++)
				pathset_add(&used, im.layers[i].diff_id + 7);
			oci_release(&im);
		}
		oci_tags_free(tags, n);
	}
	if (d)
		closedir(d);
	snprintf(cache, sizeof cache, "%s/.layers", img_store());
	int rc = 0;
	d = opendir(cache);
	while (d && (de = readdir(d))) {
		char p[PATH_MAX * 2];
		if (de->d_name[0] == '.' || pathset_has(&used, de->d_name))
			continue;
		snprintf(p, sizeof p, "%s/%s", cache, de->d_name);
		if (in_mountinfo(p))
			continue;	/* a node still has it below its root */
		if (oci_rm_tree(p) < 0)
			rc = err_errno(e, errno, _("could not remove '%s'"), p);
		else
			(*removed)++;
	}
	if (d)
		closedir(d);
	pathset_free(&used);
	return rc;
}

/* ---- journal kinds ---- */

static bool marker_is(const char *dir, const char *id)
{
	char p[PATH_MAX + 32], got[64] = "";
	snprintf(p, sizeof p, "%s/" MARKER, dir);
	FILE *f = fopen(p, "re");
	if (!f)
		return false;
	if (!fgets(got, sizeof got, f))
		got[0] = 0;
	fclose(f);
	got[strcspn(got, "\n")] = 0;
	return id && !strcmp(id, got);
}

static enum undo_result undo_imgroot(const struct jrec *r, struct err *e)
{
	struct img_root ir;
	const char *dir = jrec_get(r, "dir");
	root_paths(r->name, &ir);
	if (!dir || strcmp(dir, ir.dir))
		snprintf(ir.dir, sizeof ir.dir, "%s", dir ? dir : "");
	snprintf(ir.root, sizeof ir.root, "%s/root", ir.dir);
	snprintf(ir.upper, sizeof ir.upper, "%s/upper", ir.dir);
	struct stat st;
	if (!ir.dir[0] || lstat(ir.dir, &st) < 0)
		return UNDO_GONE;
	if (!marker_is(ir.dir, jrec_get(r, "id")))
		return UNDO_FOREIGN;
	if (overlay_mounted(ir.root, ir.upper) && umount2(ir.root, MNT_DETACH) < 0) {
		err_errno(e, errno, _("could not unmount the overlay root '%s'"), ir.root);
		return UNDO_FAILED;
	}
	if (oci_rm_tree(ir.dir) < 0) {
		err_errno(e, errno, _("could not remove '%s'"), ir.dir);
		return UNDO_FAILED;
	}
	return UNDO_DONE;
}

static const struct journal_kind kind_imgroot = {
	.name = "imgroot", .undo = undo_imgroot,
	.describe = N_("overlay root of node '%s' (image)"),
};

/* A directory `image unpack` filled: identity is its inode and device. */
static enum undo_result undo_imgdir(const struct jrec *r, struct err *e)
{
	struct stat st;
	if (lstat(r->name, &st) < 0)
		return UNDO_GONE;
	if (!S_ISDIR(st.st_mode) || (unsigned long long)jrec_get_ll(r, "ino", 0) != st.st_ino ||
	    (unsigned long long)jrec_get_ll(r, "dev", 0) != st.st_dev)
		return r->confirmed ? UNDO_FOREIGN : UNDO_GONE;
	int fd = open(r->name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 || oci_empty_dir(fd) < 0) {
		err_errno(e, errno, _("could not empty '%s'"), r->name);
		if (fd >= 0)
			close(fd);
		return UNDO_FAILED;
	}
	close(fd);
	if (jrec_get_ll(r, "made", 0) && rmdir(r->name) < 0 && errno != ENOENT) {
		err_errno(e, errno, _("could not remove '%s'"), r->name);
		return UNDO_FAILED;
	}
	return UNDO_DONE;
}

static const struct journal_kind kind_imgdir = {
	.name = "imgdir", .undo = undo_imgdir,
	.describe = N_("unpacked image in '%s'"),
};

const struct journal_kind *const img_kinds[] = { &kind_imgroot, &kind_imgdir, NULL };
