/* cmd-image.c: `image list|base|import|layers|unpack|commit|del`: OCI
 * images in aisla's store (see oci.h), read and unpacked as umoci and
 * skopeo do; each explains itself with those tools. The subcommands that
 * make images (base, import, commit) are in cmd-image-make.c. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <archive.h>
#include <json-c/json.h>
#include "image.h"
#include "image-layer.h"
#include "node.h"
#include "../shell/cmd.h"
#include "../shell/i18n.h"
#include "../shell/suggest.h"
#include "../shell/out.h"
#include "image-cmd.h"

/* Explain lines use the store's real path. */
const char *img_layout_q(const char *name)
{
	static char buf[4][PATH_MAX + 8];
	static int i;
	i = (i + 1) % 4;
	char d[PATH_MAX];
	img_layout_dir(name, d, sizeof d);
	snprintf(buf[i], sizeof buf[i], "%s", node_shq(d));
	return buf[i];
}

const char *img_image_q(const struct img_ref *r)
{
	static char buf[4][PATH_MAX + 200];
	static int i;
	i = (i + 1) % 4;
	char d[PATH_MAX + 200];
	img_layout_dir(r->name, d, sizeof d);
	size_t l = strlen(d);
	snprintf(d + l, sizeof d - l, ":%s", r->tag);
	snprintf(buf[i], sizeof buf[i], "%s", node_shq(d));
	return buf[i];
}

/* Does the store hold NAME:TAG? */
bool img_exists(const struct img_ref *r)
{
	char d[PATH_MAX];
	char **tags;
	int n;
	struct err e = ERR_INIT;
	img_layout_dir(r->name, d, sizeof d);
	if (access(d, F_OK) < 0 || oci_tags(d, &tags, &n, &e) < 0)
		return false;
	bool found = false;
	for (int i = 0; i < n; i++)
		found |= !strcmp(tags[i], r->tag);
	oci_tags_free(tags, n);
	return found;
}

int img_refuse_existing(const struct img_ref *r, struct err *e)
{
	if (!img_exists(r))
		return 0;
	err_set(e, _("the image '%s' already exists"), img_ref_str(r));
	return err_hint(e, _("choose another name or tag (NAME:TAG), or remove it first with "
			     "`image del %s`"), img_ref_str(r));
}

/* Where a new image is written: always a temporary layout in the store,
 * so that a failure leaves nothing. At the end it becomes STORE/NAME
 * (rename), or, when NAME exists (a new tag), its blobs move into that
 * layout and its tag is added there last. */
/* ---- image list ---- */

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int list_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	(void)ctx;
	(void)a;
	(void)e;
	DIR *d = opendir(img_store());
	if (!d) {
		out_printf(_("no images in the store '%s' yet; make one with `image base NAME`\n"),
			   img_store());
		return 0;
	}
	char *names[1024];
	int nn = 0;
	struct dirent *de;
	while ((de = readdir(d)) && nn < 1024)
		if (de->d_name[0] != '.')
			names[nn++] = strdup(de->d_name);
	closedir(d);
	qsort(names, (size_t)nn, sizeof *names, name_cmp);
	int shown = 0;
	for (int i = 0; i < nn; i++) {
		char dir[PATH_MAX];
		char **tags;
		int nt;
		struct err e2 = ERR_INIT;
		img_layout_dir(names[i], dir, sizeof dir);
		if (oci_tags(dir, &tags, &nt, &e2) < 0)
			continue;
		for (int t = 0; t < nt; t++) {
			struct oci_image im;
			char what[300];
			snprintf(what, sizeof what, "'%s:%s'", names[i], tags[t]);
			if (oci_open(dir, tags[t], what, &im, &e2) < 0) {
				out_printf("%-24s %s\n", what, e2.msg);
				err_clear(&e2);
				continue;
			}
			long long size = 0;
			for (int l = 0; l < im.nlayers; l++)
				size += im.layers[l].blob.size;
			if (!shown++)
				out_printf(_("%-24s %6s %10s  %s\n"), _("IMAGE"), _("LAYERS"), _("SIZE"),
					   _("CREATED"));
			char nt_[IMG_NAME_MAX + IMG_TAG_MAX + 2];
			snprintf(nt_, sizeof nt_, "%s:%s", names[i], tags[t]);
			out_printf("%-24s %6d %10s  %.19s\n", nt_, im.nlayers, oci_human(size),
				   im.created);
			oci_release(&im);
		}
		oci_tags_free(tags, nt);
	}
	for (int i = 0; i < nn; i++)
		free(names[i]);
	if (!shown)
		out_printf(_("no images in the store '%s' yet; make one with `image base NAME`\n"),
			   img_store());
	return 0;
}

static void list_explain(struct cmd_ctx *ctx, const struct args *a)
{
	(void)a;
	cmd_explain(ctx, "for l in %s/*/; do umoci ls --layout \"$l\"; done", node_shq(img_store()));
}

static const struct cmd_entry image_list_entry = {
	.name = "list",
	.alias = "ls",
	.min_args = 0, .max_args = 0, .rest_after = -1,
	.usage = N_("image list"),
	.summary = N_("The images in aisla's store: name, layers, size"),
	.help = N_("Lists the images of the store (AISLA_IMAGE_DIR, by default "
		   "/var/lib/aisla/images): NAME:TAG, how many layers, their size compressed and "
		   "when it was made. Each image is an OCI image layout that umoci and skopeo "
		   "read: `umoci ls --layout STORE/NAME`."),
	.attrs = CMD_NO_RECORD,
	.exec = list_exec,
	.explain = list_explain,
};

/* The parse of the subcommands whose first word is an image: its
 * NAME[:TAG], checked, is their plan. */
int img_arg0_parse(const struct args *a, void *plan, struct err *e)
{
	return img_ref_parse(a->argv[0], plan, e);
}

/* ---- image layers ---- */

static int layers_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	(void)ctx;
	struct img_ref r = *(const struct img_ref *)a->plan;
	struct oci_image im;
	if (img_open(&r, &im, e) < 0)
		return -1;
	struct pathset all = { 0 };
	out_printf(ngettext("image '%s': %d layer, config %s\n", "image '%s': %d layers, config %s\n",
			    (unsigned long)im.nlayers), img_ref_str(&r), im.nlayers,
		   oci_short(im.config.digest));
	out_printf(_("%2s  %-12s %10s %7s %7s %7s  %s\n"), "#", _("LAYER"), _("SIZE"), _("ADDED"),
		   _("CHANGED"), _("DELETED"), _("MADE BY"));
	int rc = 0;
	for (int i = 0; i < im.nlayers && rc == 0; i++) {
		struct layer_stats st;
		char what[300];
		snprintf(what, sizeof what, _("layer %d (%s) of '%s'"), i + 1,
			 oci_short(im.layers[i].blob.digest), img_ref_str(&r));
		rc = layer_unpack(im.dir, &im.layers[i], -1, UNPACK_SCAN, &all, &st, what, e);
		if (rc == 0)
			out_printf("%2d  %-12s %10s %7lld %7lld %7lld  %s\n", i + 1,
				   oci_short(im.layers[i].blob.digest), oci_human(im.layers[i].blob.size),
				   st.added, st.changed, st.deleted,
				   im.layers[i].created_by[0] ? im.layers[i].created_by : "-");
	}
	pathset_free(&all);
	oci_release(&im);
	return rc;
}

static void layers_explain(struct cmd_ctx *ctx, const struct args *a)
{
	struct img_ref r = *(const struct img_ref *)a->plan;
	struct oci_image im;
	struct err e = ERR_INIT;
	cmd_explain(ctx, "umoci stat --image %s", img_image_q(&r));
	if (img_open(&r, &im, &e) < 0)
		return;
	for (int i = 0; i < im.nlayers; i++) {
		char p[PATH_MAX];
		oci_blob_path(im.dir, im.layers[i].blob.digest, p, sizeof p);
		cmd_explain(ctx, "tar -tvzf %s", node_shq(p));
	}
	oci_release(&im);
}

static const struct cmd_entry image_layers_entry = {
	.name = "layers",
	.min_args = 1, .max_args = 1, .rest_after = -1,
	.usage = N_("image layers IMAGE"),
	.complete = "IMAGE",
	.summary = N_("Each layer of an image: digest, size, files added, changed, deleted"),
	.help = N_("Shows the layers of IMAGE in order, the bottom one first: the start of its "
		   "sha256 digest, its size compressed, how many files it adds, how many it "
		   "replaces from the layers below, how many it deletes (its whiteouts, entries "
		   "named .wh.NAME) and what made it (the config's history). Each layer is a tar "
		   "of the files that differ: `tar -tvzf` lists one."),
	.attrs = CMD_NO_RECORD,
	.parse = img_arg0_parse,
	.plan_size = sizeof(struct img_ref),
	.exec = layers_exec,
	.explain = layers_explain,
};

/* ---- image unpack ---- */

static int unpack_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	(void)ctx;
	struct img_ref r = *(const struct img_ref *)a->plan;
	struct oci_image im;
	const char *dir = a->argv[1];
	struct stat st;
	bool made = false;
	if (img_open(&r, &im, e) < 0)
		return -1;
	if (stat(dir, &st) == 0) {
		int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
		int n = 0;
		struct dirent *de;
		while (d && (de = readdir(d)))
			n += strcmp(de->d_name, ".") && strcmp(de->d_name, "..");
		if (d)
			closedir(d);
		else if (fd >= 0)
			close(fd);
		if (!d || n) {
			oci_release(&im);
			err_set(e, _("'%s' is not an empty directory"), dir);
			return err_hint(e, _("image unpack writes into a new or empty directory, and "
					     "never over files: choose another one"));
		}
	} else if (errno == ENOENT) {
		if (mkdir(dir, 0755) < 0) {
			oci_release(&im);
			return err_errno(e, errno, _("could not create '%s'"), dir);
		}
		made = true;
	} else {
		oci_release(&im);
		return err_errno(e, errno, _("could not read '%s'"), dir);
	}
	char real[PATH_MAX], kv[3][64];
	unsigned long seq;
	if (!realpath(dir, real) || stat(real, &st) < 0 || !strcmp(real, "/")) {
		int saved = errno;
		if (made)
			rmdir(dir);
		oci_release(&im);
		return err_errno(e, saved ? saved : EINVAL, _("could not use '%s'"), dir);
	}
	snprintf(kv[0], sizeof kv[0], "made=%d", made);
	snprintf(kv[1], sizeof kv[1], "ino=%llu", (unsigned long long)st.st_ino);
	snprintf(kv[2], sizeof kv[2], "dev=%llu", (unsigned long long)st.st_dev);
	if (journal_intent("imgdir", real, JKV(kv[0], kv[1], kv[2]), &seq, e) < 0) {
		if (made)
			rmdir(real);
		oci_release(&im);
		return -1;
	}
	int fd = open(real, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int rc = fd < 0 ? err_errno(e, errno, _("could not open '%s'"), real) :
			  image_unpack_fd(&im, img_ref_str(&r), fd, e);
	if (rc < 0) {
		struct err e2 = ERR_INIT;
		if (fd >= 0)
			oci_empty_dir(fd);
		if (made)
			rmdir(real);
		journal_abort(seq, &e2);
		char h[ERR_HINT_MAX];
		snprintf(h, sizeof h, "%s", e->hint);
		if (h[0])
			err_hint(e, _("nothing was left in '%s': %s"), dir, h);
		else
			err_hint(e, _("nothing was left in '%s'"), dir);
	} else {
		rc = journal_done(seq, NULL, e);
	}
	if (fd >= 0)
		close(fd);
	if (rc == 0)
		out_printf(_("'%s' unpacked into '%s': %d layers applied in order; try `chroot %s "
			     "ls /`\n"), img_ref_str(&r), dir, im.nlayers, dir);
	oci_release(&im);
	return rc;
}

static void unpack_explain(struct cmd_ctx *ctx, const struct args *a)
{
	struct img_ref r = *(const struct img_ref *)a->plan;
	cmd_explain(ctx, "umoci raw unpack --image %s %s", img_image_q(&r), node_shq(a->argv[1]));
}

static const struct cmd_entry image_unpack_entry = {
	.name = "unpack",
	.min_args = 2, .max_args = 2, .rest_after = -1,
	.usage = N_("image unpack IMAGE DIR"),
	.summary = N_("Apply the layers of an image, in order, into DIR"),
	.help = N_("Writes the tree of IMAGE into DIR (new or empty): the layers one after "
		   "another, the bottom one first; a whiteout (.wh.NAME) deletes NAME from the "
		   "layers below and an opaque directory (.wh..wh..opq) hides what they had in "
		   "it. The result is the tree `umoci raw unpack` gives. Each layer is checked "
		   "against its digest before it is used; a path that is absolute, has '..' or "
		   "goes through a link out of DIR stops it, and nothing is left. `reset` empties "
		   "DIR again."),
	.complete = "IMAGE FILE",
	.attrs = CMD_ROOT,
	.parse = img_arg0_parse,
	.plan_size = sizeof(struct img_ref),
	.exec = unpack_exec,
	.explain = unpack_explain,
};

/* ---- image del ---- */

static int del_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	(void)ctx;
	struct img_ref r = *(const struct img_ref *)a->plan;
	char dir[PATH_MAX];
	int left;
	if (!img_exists(&r)) {
		err_set(e, _("there is no image '%s' in the store '%s'"), img_ref_str(&r), img_store());
		return err_hint(e, _("`image list` shows the images"));
	}
	img_layout_dir(r.name, dir, sizeof dir);
	if (oci_untag(dir, r.tag, &left, e) < 0)
		return -1;
	if (left == 0 && oci_rm_tree(dir) < 0)
		return err_errno(e, errno, _("could not remove '%s'"), dir);
	int gone = 0;
	if (img_cache_gc(&gone, e) < 0)
		return -1;
	if (gone)
		out_printf(ngettext("image '%s' removed (and %d unpacked layer no image uses)\n",
				    "image '%s' removed (and %d unpacked layers no image uses)\n",
				    (unsigned long)gone), img_ref_str(&r), gone);
	else
		out_printf(_("image '%s' removed\n"), img_ref_str(&r));
	return 0;
}

static void del_explain(struct cmd_ctx *ctx, const struct args *a)
{
	struct img_ref r = *(const struct img_ref *)a->plan;
	cmd_explain(ctx, "umoci rm --image %s && umoci gc --layout %s", img_image_q(&r),
		    img_layout_q(r.name));
}

static const struct cmd_entry image_del_entry = {
	.name = "del",
	.alias = "rm",
	.min_args = 1, .max_args = 1, .rest_after = -1,
	.usage = N_("image del NAME[:TAG]"),
	.complete = "IMAGE",
	.summary = N_("Remove an image from the store"),
	.help = N_("Removes the tag NAME:TAG ('latest' if none) and the blobs no other tag of "
		   "NAME uses; the last tag takes the whole layout. Layers another image shares "
		   "are hard links, so that image keeps them; layers unpacked for overlay roots "
		   "that no image uses any more (and no node has below its root) go too. Images are not removed by `reset`: "
		   "they are your data."),
	.attrs = CMD_ROOT,
	.parse = img_arg0_parse,
	.plan_size = sizeof(struct img_ref),
	.exec = del_exec,
	.explain = del_explain,
};

void img_complete(const char *prefix, complete_add_fn add, void *ctx)
{
	DIR *d = opendir(img_store());
	struct dirent *de;
	while (d && (de = readdir(d))) {
		char dir[PATH_MAX], **tags;
		int n;
		struct err e = ERR_INIT;
		if (de->d_name[0] == '.' || strncmp(de->d_name, prefix, strcspn(prefix, ":")))
			continue;
		img_layout_dir(de->d_name, dir, sizeof dir);
		if (oci_tags(dir, &tags, &n, &e) < 0)
			continue;
		for (int i = 0; i < n; i++) {
			char w[512];
			snprintf(w, sizeof w, "%.64s:%.128s", de->d_name, tags[i]);
			if (!strncmp(w, prefix, strlen(prefix)))
				add(w, ctx);
		}
		oci_tags_free(tags, n);
	}
	if (d)
		closedir(d);
}

int img_ref_check(const char *word, struct err *e)
{
	struct img_ref r;
	return img_ref_parse(word, &r, e);
}

static const struct cmd_entry *const image_subs[] = {
	&image_base_entry, &image_commit_entry, &image_del_entry, &image_import_entry,
	&image_layers_entry, &image_list_entry, &image_unpack_entry, NULL,
};

static int image_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	if (a->argc == 0)
		return list_exec(ctx, a, e);
	struct suggest sg;
	err_set(e, _("'%s' is not a subcommand of '%s'"), a->argv[0], "image");
	suggest_init(&sg, a->argv[0], false);
	for (int i = 0; image_subs[i]; i++)
		suggest_add(&sg, image_subs[i]->name);
	if (suggest_found(&sg))
		return err_hint(e, _("did you mean: %s?"), suggest_found(&sg));
	return err_hint(e, _("the subcommands of '%s' are: %s"), "image",
			"list, base, import, layers, unpack, commit, del");
}

static void image_explain(struct cmd_ctx *ctx, const struct args *a)
{
	if (a->argc == 0)
		list_explain(ctx, a);
}

const struct cmd_entry cmd_image_entry = {
	.name = "image",
	.min_args = 0, .max_args = -1, .rest_after = -1,
	.usage = N_("image list|base|import|layers|unpack|commit|del ..."),
	.summary = N_("OCI images: layers of files, stored, unpacked, committed"),
	.help = N_("An OCI image is a stack of layers, each a tar of the files that differ from "
		   "the layer below, plus a config and a manifest that list them by digest. aisla "
		   "keeps images in its store (AISLA_IMAGE_DIR, by default /var/lib/aisla/images), "
		   "one OCI layout per name, which umoci and skopeo read; `reset` never removes "
		   "them.\n"
		   "  image list                         the images\n"
		   "  image base NAME                    one layer from the static busybox\n"
		   "  image import PATH[:TAG] [NAME]     from an OCI layout or OCI archive\n"
		   "  image layers IMAGE                 its layers and what each changes\n"
		   "  image unpack IMAGE DIR             its tree, as `umoci raw unpack`\n"
		   "  image commit NODE NAME             a node's changes as a new layer\n"
		   "  image del NAME                     remove one\n"
		   "`unshare -p -n --image IMAGE NODE` starts a node on an overlay of the layers."),
	.complete = "SUB",
	.attrs = CMD_NO_RECORD,
	.subs = image_subs,
	.exec = image_exec,
	.explain = image_explain,
};
