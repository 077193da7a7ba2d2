/* journal.c: the write-ahead journal of created kernel objects
 * (see journal.h for the record format). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "i18n.h"
#include "journal.h"
#include "out.h"

static int jfd = -1;
static int lock_depth;

const char *journal_dir(void)
{
	const char *d = getenv("AISLA_RUN_DIR");
	return d && *d ? d : "/run/aisla";
}

/* Can a file of the runtime directory be trusted: owned by root or by
 * us, not writable by group or others (a 0666 state file would let any
 * user aim root's reset SIGKILL elsewhere)? 0 yes; -1 with e filled. */
static int trusted_stat(const char *path, const struct stat *st, struct err *e)
{
	if (st->st_uid != 0 && st->st_uid != geteuid()) {
		err_set(e, _("'%s' belongs to user %u, not to root nor to you: aisla does not "
			     "trust it"), path, (unsigned)st->st_uid);
		return err_hint(e, _("if nobody else wrote it, remove it (or chown it)"));
	}
	if (st->st_mode & (S_IWGRP | S_IWOTH)) {
		err_set(e, _("'%s' can be written by other users (mode %04o): aisla does not "
			     "trust it"), path, (unsigned)(st->st_mode & 07777));
		return err_hint(e, _("if nobody else wrote it, make it private with `chmod go-w %s`"),
				path);
	}
	return 0;
}

int journal_trusted_fd(int fd, const char *path, struct err *e)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return err_errno(e, errno, _("cannot read '%s'"), path);
	if (!S_ISREG(st.st_mode))
		return err_set(e, _("'%s' is not a regular file: aisla does not trust it"), path);
	return trusted_stat(path, &st, e);
}

int journal_open_trusted(const char *path)
{
	struct err e = ERR_INIT;
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);

	if (fd < 0)
		return -1;
	if (journal_trusted_fd(fd, path, &e) < 0) {
		close(fd);
		errno = EPERM;
		return -1;
	}
	return fd;
}

int journal_mkdir(const char *path, struct err *e)
{
	struct stat st;

	/* mkdir then chmod: the mode must not depend on the umask. */
	if (mkdir(path, 0755) == 0) {
		if (chmod(path, 0755) < 0)
			return err_errno(e, errno, _("cannot create the directory '%s'"), path);
		return 0;
	}
	if (errno != EEXIST)
		return err_errno(e, errno, _("cannot create the directory '%s'"), path);
	if (lstat(path, &st) < 0)
		return err_errno(e, errno, _("cannot read '%s'"), path);
	if (!S_ISDIR(st.st_mode))
		return err_set(e, _("'%s' is not a directory: aisla does not trust it"), path);
	return trusted_stat(path, &st, e);
}

int journal_write_file(const char *path, const char *text, mode_t mode, struct err *e)
{
	char tmp[4200];
	size_t len = strlen(text);

	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	unlink(tmp);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
	if (fd < 0)
		return err_errno(e, errno, _("could not write '%s'"), tmp);
	/* fchmod: whatever the umask (000 would make it 0666). */
	if (fchmod(fd, mode) < 0 || write(fd, text, len) != (ssize_t)len) {
		int saved = errno;
		close(fd);
		unlink(tmp);
		return err_errno(e, saved, _("could not write '%s'"), tmp);
	}
	if (close(fd) < 0 || rename(tmp, path) < 0) {
		int saved = errno;
		unlink(tmp);
		return err_errno(e, saved, _("could not write '%s'"), path);
	}
	return 0;
}

static int journal_open(struct err *e)
{
	char path[512];

	if (jfd >= 0)
		return 0;
	if (journal_mkdir(journal_dir(), e) < 0)
		return -1;
	snprintf(path, sizeof path, "%s/journal", journal_dir());
	jfd = open(path, O_RDWR | O_CREAT | O_APPEND | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (jfd < 0) {
		int saved = errno;
		struct stat st;
		err_errno(e, saved, _("cannot open the journal '%s'"), path);
		if ((saved == EACCES || saved == EPERM) && stat(path, &st) == 0 && st.st_uid == 0)
			err_hint(e, _("the journal belongs to root: run aisla with sudo"));
		else if (saved == EACCES || saved == EPERM)
			err_hint(e, _("look at the owner and mode of '%s'"), journal_dir());
		return -1;
	}
	struct stat st;
	if (fstat(jfd, &st) == 0 && st.st_size == 0 && st.st_uid == geteuid())
		fchmod(jfd, 0644);	/* made now (or empty): not the umask's mode */
	if (journal_trusted_fd(jfd, path, e) < 0) {
		close(jfd);
		jfd = -1;
		return -1;
	}
	return 0;
}

static void drop_torn_tail(void);

/* A recursive process-wide lock: flock() on one fd, counted. */
static int journal_lock(struct err *e)
{
	if (journal_open(e) < 0)
		return -1;
	if (lock_depth++ == 0) {
		if (flock(jfd, LOCK_EX) < 0) {
			lock_depth--;
			return err_errno(e, errno, _("cannot lock the journal"));
		}
		drop_torn_tail();
	}
	return 0;
}

/* Cut a torn last record (a write interrupted by kill -9 or a crash) so
 * that the next record starts on a line of its own. */
static void drop_torn_tail(void)
{
	struct stat st;
	char c;
	off_t end;

	if (fstat(jfd, &st) < 0 || st.st_size == 0)
		return;
	if (pread(jfd, &c, 1, st.st_size - 1) == 1 && c == '\n')
		return;
	for (end = st.st_size - 1; end > 0; end--)
		if (pread(jfd, &c, 1, end - 1) == 1 && c == '\n')
			break;
	if (ftruncate(jfd, end) < 0)
		return;
}

static void journal_unlock(void)
{
	if (lock_depth > 0 && --lock_depth == 0)
		flock(jfd, LOCK_UN);
}

/* Values are written with %XX for space, newline, '%' and '='. */
static void escape(const char *in, char *out, size_t osz)
{
	size_t o = 0;
	for (; *in && o + 4 < osz; in++) {
		unsigned char c = (unsigned char)*in;
		if (c <= ' ' || c == '%' || c == '=' || c == 0x7f) {
			snprintf(out + o, osz - o, "%%%02X", c);
			o += 3;
		} else {
			out[o++] = (char)c;
		}
	}
	out[o] = '\0';
}

static void unescape(char *s)
{
	char *o = s;
	for (; *s; s++) {
		unsigned v;
		if (*s == '%' && sscanf(s + 1, "%2x", &v) == 1) {
			*o++ = (char)v;
			s += 2;
		} else {
			*o++ = *s;
		}
	}
	*o = '\0';
}

/* Read the whole file (complete lines only). */
static char *read_all(size_t *len)
{
	struct stat st;
	char *buf;
	ssize_t n;
	size_t got = 0;

	if (fstat(jfd, &st) < 0)
		return NULL;
	buf = malloc((size_t)st.st_size + 1);
	if (!buf)
		return NULL;
	while (got < (size_t)st.st_size &&
	       (n = pread(jfd, buf + got, (size_t)st.st_size - got, (off_t)got)) > 0)
		got += (size_t)n;
	buf[got] = '\0';
	*len = got;
	return buf;
}

static void parse_kv(char *tok, struct jrec *r)
{
	char *eq = strchr(tok, '=');
	if (!eq || r->nkv >= JOURNAL_MAX_KV)
		return;
	*eq = '\0';
	/* A later value for the same key replaces it. */
	int i;
	for (i = 0; i < r->nkv; i++)
		if (!strcmp(r->key[i], tok))
			break;
	if (i == r->nkv)
		r->nkv++;
	snprintf(r->key[i], sizeof r->key[i], "%s", tok);
	unescape(eq + 1);
	snprintf(r->val[i], sizeof r->val[i], "%s", eq + 1);
}

/* Find the record with seq in recs[0..n) (appended, so sorted by seq). */
static struct jrec *find_seq(struct jrec *recs, size_t n, unsigned long seq)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (recs[mid].seq < seq)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && recs[lo].seq == seq ? &recs[lo] : NULL;
}

/* Parse every complete line into live records; *maxseq gets the highest
 * seq seen. Linear: undone records are marked, then dropped in one pass. */
static int parse_all(struct jrec **out, size_t *nout, unsigned long *maxseq)
{
	size_t len, n = 0, cap = 0;
	struct jrec *recs = NULL;
	char *buf = read_all(&len), *line, *save = NULL;
	bool *dead = NULL;

	*maxseq = 0;
	if (!buf)
		return -1;
	/* Drop a torn last line (no newline: a write cut by kill -9). */
	char *lastnl = strrchr(buf, '\n');
	if (lastnl)
		lastnl[1] = '\0';
	else
		buf[0] = '\0';
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *tsave = NULL, *tok;
		char *sseq = strtok_r(line, " ", &tsave);
		char *state = strtok_r(NULL, " ", &tsave);
		unsigned long seq;
		if (!sseq || !state)
			continue;
		seq = strtoul(sseq, NULL, 10);
		if (seq > *maxseq)
			*maxseq = seq;
		if (!strcmp(state, "intent")) {
			char *kind = strtok_r(NULL, " ", &tsave);
			char *name = strtok_r(NULL, " ", &tsave);
			if (!kind || !name)
				continue;
			if (n == cap) {
				cap = cap ? cap * 2 : 16;
				struct jrec *nr = realloc(recs, cap * sizeof *nr);
				bool *nd = realloc(dead, cap * sizeof *nd);
				if (nd)
					dead = nd;
				if (!nr || !nd) {
					if (nr)
						recs = nr;
					break;
				}
				recs = nr;
			}
			struct jrec *r = &recs[n];
			dead[n++] = false;
			memset(r, 0, sizeof *r);
			r->seq = seq;
			snprintf(r->kind, sizeof r->kind, "%s", kind);
			unescape(name);
			snprintf(r->name, sizeof r->name, "%s", name);
			while ((tok = strtok_r(NULL, " ", &tsave)))
				parse_kv(tok, r);
		} else {
			char *starget = strtok_r(NULL, " ", &tsave);
			unsigned long target = starget ? strtoul(starget, NULL, 10) : 0;
			struct jrec *r = find_seq(recs, n, target);
			if (!r || dead[r - recs])
				continue;
			if (!strcmp(state, "done") || !strcmp(state, "step")) {
				if (state[0] == 'd')
					r->confirmed = true;
				while ((tok = strtok_r(NULL, " ", &tsave)))
					parse_kv(tok, r);
			} else {	/* undone, abort */
				dead[r - recs] = true;
			}
		}
	}
	free(buf);
	size_t live = 0;
	for (size_t i = 0; i < n; i++)
		if (!dead[i]) {
			if (live != i)
				recs[live] = recs[i];
			live++;
		}
	free(dead);
	*out = recs;
	*nout = live;
	return 0;
}

/* The parsed journal, kept while the file does not change: nodes are
 * looked up in it many times a second (the process model, the panes). */
static struct {
	bool valid;
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime;
	struct jrec *recs;
	size_t n;
	unsigned long maxseq;
} cache;

static int load_cached_locked(struct err *e)
{
	struct stat st;

	if (fstat(jfd, &st) < 0)
		return err_errno(e, errno, _("cannot read the journal"));
	if (cache.valid && cache.dev == st.st_dev && cache.ino == st.st_ino &&
	    cache.size == st.st_size && cache.mtime.tv_sec == st.st_mtim.tv_sec &&
	    cache.mtime.tv_nsec == st.st_mtim.tv_nsec)
		return 0;
	free(cache.recs);
	cache.valid = false;
	cache.recs = NULL;
	cache.n = 0;
	if (parse_all(&cache.recs, &cache.n, &cache.maxseq) < 0)
		return err_errno(e, errno, _("cannot read the journal"));
	cache.valid = true;
	cache.dev = st.st_dev;
	cache.ino = st.st_ino;
	cache.size = st.st_size;
	cache.mtime = st.st_mtim;
	return 0;
}

/* A malloc'ed copy of the live records. */
static int load_locked(struct jrec **out, size_t *nout, unsigned long *maxseq)
{
	struct err e = ERR_INIT;

	if (load_cached_locked(&e) < 0)
		return -1;
	*out = malloc((cache.n ? cache.n : 1) * sizeof **out);
	if (!*out)
		return -1;
	if (cache.n)
		memcpy(*out, cache.recs, cache.n * sizeof **out);
	*nout = cache.n;
	*maxseq = cache.maxseq;
	return 0;
}

/* The next seq, reading only what was appended since the last call (the
 * file only grows while locked, or is truncated by reset). */
static unsigned long next_seq_locked(void)
{
	static dev_t last_dev;
	static ino_t last_ino;
	static off_t scanned;
	static unsigned long maxseq;
	struct stat st;
	char buf[65536];
	ssize_t n;

	if (fstat(jfd, &st) < 0)
		return 1;
	if (st.st_dev != last_dev || st.st_ino != last_ino || st.st_size < scanned) {
		last_dev = st.st_dev;
		last_ino = st.st_ino;
		scanned = 0;
		maxseq = 0;
	}
	while (scanned < st.st_size &&
	       (n = pread(jfd, buf, sizeof buf - 1, scanned)) > 0) {
		char *end = memrchr(buf, '\n', (size_t)n);
		if (!end)
			break;	/* a torn line: nothing complete after it */
		end[1] = '\0';
		for (char *p = buf; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
			unsigned long s = strtoul(p, NULL, 10);
			if (s > maxseq)
				maxseq = s;
		}
		scanned += end + 1 - buf;
	}
	return maxseq + 1;
}

static int append_locked(const char *line, struct err *e)
{
	size_t len = strlen(line);
	/* One write() per record: O_APPEND makes it atomic with respect to
	 * other writers; a crash can only leave a torn last line. */
	if (write(jfd, line, len) != (ssize_t)len)
		return err_errno(e, errno, _("cannot write to the journal"));
	return 0;
}

static void append_kv(char *line, size_t sz, const char *const *kv)
{
	for (; kv && *kv; kv++) {
		const char *eq = strchr(*kv, '=');
		char key[32], val[768];
		if (!eq)
			continue;
		snprintf(key, sizeof key, "%.*s", (int)(eq - *kv), *kv);
		escape(eq + 1, val, sizeof val);
		size_t l = strlen(line);
		snprintf(line + l, sz - l, " %s=%s", key, val);
	}
}

int journal_intent(const char *kind, const char *name, const char *const *kv,
		   unsigned long *seq, struct err *e)
{
	char line[8192], ename[768];

	if (journal_lock(e) < 0)
		return -1;
	*seq = next_seq_locked();
	escape(name, ename, sizeof ename);
	snprintf(line, sizeof line, "%lu intent %s %s", *seq, kind, ename);
	append_kv(line, sizeof line, kv);
	strcat(line, "\n");
	int rc = append_locked(line, e);
	journal_unlock();
	return rc;
}

static int journal_mark(unsigned long seq, const char *state, const char *const *kv,
			struct err *e)
{
	char line[8192];

	if (journal_lock(e) < 0)
		return -1;
	snprintf(line, sizeof line, "%lu %s %lu", next_seq_locked(), state, seq);
	append_kv(line, sizeof line, kv);
	strcat(line, "\n");
	int rc = append_locked(line, e);
	journal_unlock();
	return rc;
}

int journal_done(unsigned long seq, const char *const *kv, struct err *e)
{
	return journal_mark(seq, "done", kv, e);
}

int journal_step(unsigned long seq, const char *const *kv, struct err *e)
{
	return journal_mark(seq, "step", kv, e);
}

int journal_undone(unsigned long seq, struct err *e)
{
	return journal_mark(seq, "undone", NULL, e);
}

int journal_abort(unsigned long seq, struct err *e)
{
	return journal_mark(seq, "abort", NULL, e);
}

int journal_load(struct jrec **recs, size_t *n, struct err *e)
{
	unsigned long maxseq;

	if (journal_lock(e) < 0)
		return -1;
	int rc = load_locked(recs, n, &maxseq);
	journal_unlock();
	if (rc < 0)
		return err_errno(e, errno, _("cannot read the journal"));
	return 0;
}

int journal_find(const char *kind, const char *name, struct jrec *out)
{
	struct err e = ERR_INIT;
	int found = -1;

	if (journal_lock(&e) < 0)
		return -1;
	if (load_cached_locked(&e) == 0)
		for (size_t i = cache.n; i-- > 0;)
			if (!strcmp(cache.recs[i].kind, kind) && !strcmp(cache.recs[i].name, name)) {
				*out = cache.recs[i];
				found = 0;
				break;
			}
	journal_unlock();
	return found;
}

const char *jrec_get(const struct jrec *r, const char *key)
{
	for (int i = 0; i < r->nkv; i++)
		if (!strcmp(r->key[i], key))
			return r->val[i];
	return NULL;
}

long long jrec_get_ll(const struct jrec *r, const char *key, long long dflt)
{
	const char *v = jrec_get(r, key);
	char *end;
	long long x;

	if (!v || !*v)
		return dflt;
	x = strtoll(v, &end, 10);
	return *end ? dflt : x;
}

const struct journal_kind *journal_kind_find(const char *name)
{
	for (int a = 0; journal_kind_areas[a]; a++)
		for (int k = 0; journal_kind_areas[a][k]; k++)
			if (!strcmp(journal_kind_areas[a][k]->name, name))
				return journal_kind_areas[a][k];
	return NULL;
}

int journal_count_err(int *n, struct err *e)
{
	struct jrec *recs;
	size_t nrec;
	char path[512];

	*n = 0;
	snprintf(path, sizeof path, "%s/journal", journal_dir());
	if (access(path, F_OK) < 0)
		return 0;
	if (journal_lock(e) < 0)
		return -1;
	if (journal_load(&recs, &nrec, e) < 0) {
		journal_unlock();
		return -1;
	}
	free(recs);
	/* Nothing live: start the file afresh. */
	if (nrec == 0 && ftruncate(jfd, 0) < 0)
		nrec = 0;
	journal_unlock();
	*n = (int)nrec;
	return 0;
}

int journal_count(void)
{
	struct err e = ERR_INIT;
	int n;

	return journal_count_err(&n, &e) < 0 ? 0 : n;
}

/* Mark many records undone with one write (reset settles hundreds). */
static int undone_many(const struct jrec *recs, const enum undo_result *res, size_t n,
		       struct err *e)
{
	size_t cap = 64 * n + 1, len = 0;
	char *buf = malloc(cap);
	unsigned long seq;

	if (!buf)
		return err_errno(e, ENOMEM, _("cannot write to the journal"));
	seq = next_seq_locked();
	for (size_t i = 0; i < n; i++)
		if (res[i] != UNDO_FAILED && res[i] != UNDO_PENDING)
			len += (size_t)snprintf(buf + len, cap - len, "%lu undone %lu\n", seq++,
						recs[i].seq);
	int rc = len ? append_locked(buf, e) : 0;
	free(buf);
	return rc;
}

int journal_reset(int *nundone, int *nforeign, struct err *e)
{
	struct jrec *recs;
	enum undo_result *res;
	size_t n;
	int failed = 0;
	char firstfail[ERR_MSG_MAX] = "";

	*nundone = *nforeign = 0;
	if (journal_lock(e) < 0)
		return -1;
	if (journal_load(&recs, &n, e) < 0) {
		journal_unlock();
		return -1;
	}
	res = malloc((n ? n : 1) * sizeof *res);
	if (!res) {
		free(recs);
		journal_unlock();
		return err_errno(e, ENOMEM, _("cannot read the journal"));
	}
	for (size_t i = 0; i < n; i++)
		res[i] = UNDO_PENDING;
	/* First what is done best all at once (kill every process, delete
	 * every namespace), then each remaining record, newest first. */
	bool timing = getenv("AISLA_TIMING") != NULL;	/* bench/: where reset's time goes */
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (int p = 0; journal_phases[p]; p++) {
		journal_phases[p]->run(recs, n, res);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		if (timing)
			fprintf(stderr, "reset: phase %s %.1f ms\n", journal_phases[p]->name,
				(double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6);
		t0 = t1;
	}
	for (size_t i = n; i-- > 0;) {
		struct jrec *r = &recs[i];
		const struct journal_kind *k = journal_kind_find(r->kind);
		struct err ue = ERR_INIT;
		char what[512];

		if (k && k->describe)
			snprintf(what, sizeof what, _(k->describe), r->name);
		else
			snprintf(what, sizeof what, "%s '%s'", r->kind, r->name);
		if (!k) {
			out_eprintf(_("unknown kind '%s' in the journal: %s left as it is\n"),
				    r->kind, what);
			res[i] = UNDO_FAILED;
			failed++;
			continue;
		}
		if (res[i] == UNDO_PENDING)
			res[i] = k->undo(r, &ue);
		switch (res[i]) {
		case UNDO_DONE:
			out_printf(_("removed: %s\n"), what);
			(*nundone)++;
			break;
		case UNDO_GONE:
			(*nundone)++;
			break;
		case UNDO_FOREIGN:
			out_printf(_("left alone: %s (it is not the one aisla made)\n"), what);
			(*nforeign)++;
			break;
		case UNDO_UNPROVEN:
			out_printf(_("left alone: %s (aisla was stopped while making it and cannot "
				     "prove that this one is its own)\n"), what);
			(*nforeign)++;
			break;
		case UNDO_FAILED:
		case UNDO_PENDING:
			res[i] = UNDO_FAILED;
			if (!err_isset(&ue))
				err_set(&ue, _("cannot remove %s"), what);
			err_print(&ue);
			if (!firstfail[0])
				snprintf(firstfail, sizeof firstfail, "%s", what);
			failed++;
			break;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (timing)
		fprintf(stderr, "reset: one by one %.1f ms\n",
			(double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6);
	/* Only what is really gone leaves the journal. */
	if (undone_many(recs, res, n, e) < 0)
		failed++;
	free(recs);
	free(res);
	if (!failed && journal_load(&recs, &n, e) == 0) {
		if (n == 0 && ftruncate(jfd, 0) < 0)
			failed++;
		free(recs);
	}
	journal_unlock();
	if (failed) {
		err_set(e, ngettext("reset could not remove %d object (%s)",
				    "reset could not remove %d objects (first: %s)",
				    (unsigned long)failed), failed, firstfail);
		return err_hint(e, _("look at the messages above; 'reset' again tries once more"));
	}
	return 0;
}

/* The "dir" kind: a directory aisla made (tests, scratch space). Identity:
 * its inode. Removed only while empty. */
static enum undo_result dir_undo(const struct jrec *r, struct err *e)
{
	struct stat st;
	long long ino = jrec_get_ll(r, "ino", -1);

	if (lstat(r->name, &st) < 0)
		return UNDO_GONE;
	if (!S_ISDIR(st.st_mode) || (ino >= 0 && (long long)st.st_ino != ino))
		return UNDO_FOREIGN;
	if (ino < 0) {
		/* Never confirmed: only an empty directory can be ours. */
		if (rmdir(r->name) == 0)
			return UNDO_DONE;
		return UNDO_FOREIGN;
	}
	if (rmdir(r->name) < 0) {
		err_errno(e, errno, _("cannot remove the directory '%s'"), r->name);
		return UNDO_FAILED;
	}
	return UNDO_DONE;
}

const struct journal_kind journal_kind_dir = {
	.name = "dir",
	.undo = dir_undo,
	.describe = N_("directory '%s'"),
};
