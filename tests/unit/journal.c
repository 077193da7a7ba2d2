/* Unit tests: the journal: intents, confirmation, undo newest first,
 * identity checks, a torn last record (kill -9 mid-write). */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "tap.h"
#include "../../shell/i18n.h"
#include "../../shell/journal.h"
#include "../../shell/out.h"

static char order[256];

static void sink(enum out_stream s, const char *text, size_t len, void *arg)
{
	(void)s; (void)arg;
	strncat(order, text, len < sizeof order - strlen(order) - 1 ? len : 0);
}

static unsigned long mkdir_journaled(const char *path)
{
	struct err e = ERR_INIT;
	unsigned long seq;
	struct stat st;
	char ino[64];

	if (journal_intent("dir", path, NULL, &seq, &e) < 0)
		return 0;
	mkdir(path, 0755);
	stat(path, &st);
	snprintf(ino, sizeof ino, "ino=%llu", (unsigned long long)st.st_ino);
	journal_done(seq, JKV(ino), &e);
	return seq;
}

int main(void)
{
	char dir[] = "/tmp/aisla-ujournal.XXXXXX", a[300], b[300], c[300], jpath[300];
	struct err e = ERR_INIT;
	struct jrec *recs, r;
	size_t n;
	int nundone, nforeign;

	i18n_init("es");
	if (!mkdtemp(dir))
		return 1;
	setenv("AISLA_RUN_DIR", dir, 1);
	snprintf(a, sizeof a, "%s/a", dir);
	snprintf(b, sizeof b, "%s/b", dir);
	snprintf(c, sizeof c, "%s/c", dir);
	snprintf(jpath, sizeof jpath, "%s/journal", dir);

	is_int(journal_count(), 0, "empty journal");
	unsigned long sa = mkdir_journaled(a), sb = mkdir_journaled(b);
	ok(sa > 0 && sb > sa, "seqs grow (%lu, %lu)", sa, sb);
	is_int(journal_count(), 2, "two live records");
	ok(journal_find("dir", a, &r) == 0 && r.confirmed && jrec_get_ll(&r, "ino", -1) > 0,
	   "record found, confirmed, with identity");
	ok(journal_find("dir", "nope", &r) < 0, "unknown name not found");

	/* Someone replaces b with another directory: same name, other inode. */
	mkdir(c, 0755);		/* first, so it cannot reuse b's inode */
	rmdir(b);
	rename(c, b);
	out_set_sink(sink, NULL);
	ok(journal_reset(&nundone, &nforeign, &e) == 0, "reset succeeds");
	out_set_sink(NULL, NULL);
	is_int(nundone, 1, "one undone");
	is_int(nforeign, 1, "one left alone");
	ok(access(a, F_OK) != 0, "a removed");
	ok(access(b, F_OK) == 0, "foreign b survives");
	ok(strstr(order, "no se toca") && strstr(order, "eliminado"), "reset says what it did");
	ok(strstr(order, "/b'") && strstr(order, "/b'") < strstr(order, "/a'"), "newest first");
	is_int(journal_count(), 0, "journal empty after reset");
	rmdir(b);

	/* A torn last record, as after kill -9 in the middle of a write. */
	sa = mkdir_journaled(a);
	int fd = open(jpath, O_WRONLY | O_APPEND);
	ok(fd >= 0 && write(fd, "99 intent dir /tm", 17) == 17, "torn record written");
	close(fd);
	ok(journal_load(&recs, &n, &e) == 0 && n == 1, "torn record ignored (%zu live)", n);
	free(recs);
	sb = mkdir_journaled(b);
	ok(journal_load(&recs, &n, &e) == 0 && n == 2, "next record is whole after the torn one");
	free(recs);
	ok(journal_find("dir", b, &r) == 0 && r.confirmed, "record after torn one confirmed");

	/* An intent never confirmed (killed between intent and done). */
	unsigned long sx;
	ok(journal_intent("dir", c, NULL, &sx, &e) == 0, "intent alone");
	mkdir(c, 0755);
	ok(journal_find("dir", c, &r) == 0 && !r.confirmed, "unconfirmed intent is live");
	ok(journal_undone(sb, &e) == 0 && journal_find("dir", b, &r) < 0, "undone record is gone");
	rmdir(b);
	out_set_sink(sink, NULL);
	ok(journal_reset(&nundone, &nforeign, &e) == 0 && nundone == 2, "reset resolves the intent too");
	out_set_sink(NULL, NULL);
	ok(access(c, F_OK) != 0 && access(a, F_OK) != 0, "both removed");

	/* An abort leaves nothing live. */
	ok(journal_intent("dir", c, NULL, &sx, &e) == 0 && journal_abort(sx, &e) == 0 &&
	   journal_count() == 0, "abort");

	/* A kind nobody registered is reported, not dropped. */
	ok(journal_intent("martian", "x", NULL, &sx, &e) == 0, "unknown kind recorded");
	out_set_sink(sink, NULL);
	ok(journal_reset(&nundone, &nforeign, &e) < 0, "reset reports what it could not undo");
	out_set_sink(NULL, NULL);
	journal_abort(sx, &e);

	/* A step adds identity half-way without confirming. */
	ok(journal_intent("dir", c, JKV("a=1"), &sx, &e) == 0 && journal_step(sx, JKV("pino=7.8"), &e) == 0,
	   "intent and step written");
	ok(journal_find("dir", c, &r) == 0 && !r.confirmed && !strcmp(jrec_get(&r, "pino"), "7.8") &&
	   !strcmp(jrec_get(&r, "a"), "1"), "a step's keys are read, the record stays unconfirmed");
	journal_abort(sx, &e);

	/* The unconfirmed record's object cannot be proven (not empty): it is
	 * reported and left, and the journal forgets it. */
	mkdir(c, 0755);
	snprintf(a, sizeof a, "%s/c/keep", dir);
	mkdir(a, 0755);
	ok(journal_intent("dir", c, NULL, &sx, &e) == 0, "intent of a directory someone filled");
	out_set_sink(sink, NULL);
	ok(journal_reset(&nundone, &nforeign, &e) == 0 && nforeign == 1, "left alone, reported");
	out_set_sink(NULL, NULL);
	ok(access(a, F_OK) == 0, "its contents survive");
	rmdir(a);
	rmdir(c);

	/* State files: a fixed mode whatever the umask, trusted only so. */
	char sp[300];
	snprintf(sp, sizeof sp, "%s/state", dir);
	mode_t old = umask(0);
	ok(journal_write_file(sp, "x=1\n", 0644, &e) == 0, "state file written under umask 000");
	umask(old);
	struct stat st;
	ok(stat(sp, &st) == 0 && (st.st_mode & 07777) == 0644, "mode 0644 (%o)", st.st_mode & 07777);
	fd = journal_open_trusted(sp);
	ok(fd >= 0, "a 0644 file of ours is trusted");
	if (fd >= 0)
		close(fd);
	chmod(sp, 0666);
	ok(journal_open_trusted(sp) < 0, "a world-writable one is not");
	unlink(sp);
	old = umask(0);
	snprintf(sp, sizeof sp, "%s/sub", dir);
	ok(journal_mkdir(sp, &e) == 0 && stat(sp, &st) == 0 && (st.st_mode & 07777) == 0755,
	   "journal_mkdir makes 0755 under umask 000");
	umask(old);
	chmod(sp, 0777);
	ok(journal_mkdir(sp, &e) < 0, "an existing world-writable directory is refused");
	rmdir(sp);

	unlink(jpath);
	rmdir(dir);
	return done_testing();
}
