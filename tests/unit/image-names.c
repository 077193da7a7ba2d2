/* tests/unit/image-names.c: the pure parts of images: NAME[:TAG] (oci.c),
 * digests and their short form, the path set behind opaque directories and
 * `image layers` (image-unpack.c), and a layer written and read back in a
 * temporary layout (image-write.c -> image-unpack.c, diff_id checked). */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "tap.h"
#include "../../commands/image-layer.h"
#include "../../commands/image.h"
#include "../../shell/complete.h"

static int ref_ok(const char *w, const char *name, const char *tag)
{
	struct img_ref r;
	struct err e = ERR_INIT;
	if (img_ref_parse(w, &r, &e) < 0)
		return 0;
	return !strcmp(r.name, name) && !strcmp(r.tag, tag);
}

static int ref_bad(const char *w)
{
	struct img_ref r;
	struct err e = ERR_INIT;
	return img_ref_parse(w, &r, &e) < 0 && e.hint[0];
}

int main(void)
{
	ok(ref_ok("web", "web", "latest"), "a bare name is :latest");
	ok(ref_ok("web:v1", "web", "v1"), "NAME:TAG");
	ok(ref_ok("a.b_c-d:V2.x", "a.b_c-d", "V2.x"), "dots, dashes, underscores; tags may be upper case");
	ok(ref_bad("Web"), "upper case names are refused, with a hint");
	ok(ref_bad(".hidden"), "a leading dot is refused (the store's own .layers)");
	ok(ref_bad("-x"), "a leading dash is refused");
	ok(ref_bad("a/b"), "a slash is refused");
	ok(ref_bad(".."), "'..' is refused");
	ok(ref_bad("web:"), "an empty tag is refused");
	ok(ref_bad("web:a:b"), "a second colon is refused");
	char longname[80];
	memset(longname, 'a', 65);
	longname[65] = 0;
	ok(ref_bad(longname), "65 characters are too many");
	longname[64] = 0;
	ok(ref_ok(longname, longname, "latest"), "64 are fine");

	char d[OCI_DIGEST_MAX];
	oci_sha256_mem("", 0, d);
	is_str(d, "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
	       "SHA-256 of nothing");
	ok(oci_digest_valid(d), "a digest is valid");
	ok(!oci_digest_valid("sha256:E3B0"), "short or upper case is not");
	ok(!oci_digest_valid("sha512:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
	   "another algorithm is not");
	is_str(oci_short(d), "e3b0c44298fc", "the short form is 12 hex digits");

	struct pathset s = { 0 };
	char p[32];
	for (int i = 0; i < 1000; i++) {
		snprintf(p, sizeof p, "d/f%d", i);
		pathset_add(&s, p);
	}
	is_int((long long)s.n, 1000, "1000 paths in the set");
	is_int(pathset_add(&s, "d/f7"), 0, "adding one again says it was there");
	for (int i = 0; i < 1000; i += 2) {
		snprintf(p, sizeof p, "d/f%d", i);
		pathset_del(&s, p);
	}
	int found = 0, odd = 0;
	for (int i = 0; i < 1000; i++) {
		snprintf(p, sizeof p, "d/f%d", i);
		if (pathset_has(&s, p))
			found++, odd += i % 2;
	}
	ok(found == 500 && odd == 500, "deleting the even ones leaves exactly the odd ones");
	pathset_free(&s);

	/* a layer written and read back */
	char dir[] = "/tmp/aisla-unit-img.XXXXXX";
	ok(mkdtemp(dir) != NULL, "a temporary layout");
	struct err e = ERR_INIT;
	struct layer_writer *w;
	struct oci_layer l;
	char L[64], out[64];
	snprintf(L, sizeof L, "%s/L", dir);
	snprintf(out, sizeof out, "%s/out", dir);
	ok(oci_layout_init(L, &e) == 0, "layout made");
	int rc = layer_begin(L, &w, &e);
	struct stat ds = { .st_mode = S_IFDIR | 0755 }, ls = { .st_mode = S_IFLNK | 0777 };
	if (rc == 0)
		rc = layer_add(w, "etc", &ds, -1, NULL, &e);
	if (rc == 0)
		rc = layer_add(w, "etc/enlace", &ls, -1, "../bin/sh", &e);
	if (rc == 0)
		rc = layer_add_whiteout(w, "etc", "viejo", &e);
	ok(rc == 0 && layer_finish(w, &l, &e) == 0, "a layer of three entries written");
	ok(oci_blob_check(L, &l.blob, "the layer", &e) == 0, "its blob matches its digest");
	mkdir(out, 0755);
	int fd = open(out, O_RDONLY | O_DIRECTORY);
	struct layer_stats st;
	ok(layer_unpack(L, &l, fd, UNPACK_OVERLAY, NULL, &st, "the layer", &e) == 0,
	   "read back in overlay form, diff_id checked: %s", e.msg);
	struct stat wh;
	char q[128];
	snprintf(q, sizeof q, "%s/etc/viejo", out);
	ok(lstat(q, &wh) == 0 && S_ISCHR(wh.st_mode) && wh.st_rdev == 0,
	   "the whiteout became overlay's 0/0 character device");
	char t[64] = "";
	snprintf(q, sizeof q, "%s/etc/enlace", out);
	ok(readlink(q, t, sizeof t - 1) > 0 && !strcmp(t, "../bin/sh"), "the link kept its target");
	close(fd);

	/* completion of IMAGE from the store */
	char store[96];
	snprintf(store, sizeof store, "%s/store", dir);
	setenv("AISLA_IMAGE_DIR", store, 1);
	mkdir(store, 0755);
	snprintf(q, sizeof q, "%s/uno", store);
	struct oci_desc m = { .media = OCI_MT_MANIFEST, .size = 2 };
	oci_sha256_mem("{}", 2, m.digest);
	ok(oci_layout_init(q, &e) == 0 && oci_tag(q, "v1", &m, &e) == 0, "a store with uno:v1");
	char **c = complete_words("image layers ", "un");
	is_str(c ? c[0] : NULL, "uno:v1", "`image layers un<Tab>` offers uno:v1");
	for (char **cp = c; cp && *cp; cp++)
		free(*cp);
	free(c);
	oci_rm_tree(dir);
	ok(access(dir, F_OK) < 0, "oci_rm_tree removed it all");
	return done_testing();
}
