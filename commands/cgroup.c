/* cgroup.c: aisla's groups: its subtree `aisla/` (made on demand, by
 * any aisla process: idempotent), groups made and removed with the
 * journal (intent before mkdir, identity after), processes attached or
 * born inside, plans of limit writes carried out with rollback, the
 * journal kinds and completion. The kernel's side (where the
 * hierarchies are, reading) is shell/kernel/cgroupfs.c; the values and
 * plans are cgroup-parse.c and the backends cgroup-v1.c, cgroup-v2.c.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include "cgroup.h"
#include "load.h"
#include "node.h"
#include "../shell/complete.h"
#include "../shell/i18n.h"
#include "../shell/journal.h"
#include "../shell/out.h"
#include "../shell/suggest.h"

/* Paths here are bounded (cgroupfs mounts and group names are short):
 * a truncated snprintf only makes an open() fail, which is reported. */
#pragma GCC diagnostic ignored "-Wformat-truncation"

const struct cg_backend *cg_backend(void)
{
	return cgfs_is_v1() ? &cg_backend_v1 : &cg_backend_v2;
}

int cg_name_valid(const char *name, struct err *e)
{
	size_t n = strlen(name);
	bool ok = n > 0 && n <= CG_NAME_MAX && name[0] != '-' && name[0] != '.';
	for (size_t i = 0; ok && i < n; i++)
		ok = isalnum((unsigned char)name[i]) || strchr("_.-", name[i]);
	if (!ok) {
		err_set(e, _("invalid group name '%s'"), name);
		return err_hint(e, _("a group name has 1 to %d letters, digits, '_', '.' or '-', "
				     "and does not start with '-' or '.'"), CG_NAME_MAX);
	}
	return 0;
}

int cg_plan_apply(const struct cg_plan *p, struct err *e)
{
	char old[CG_PLAN_MAX][160];

	for (int i = 0; i < p->n; i++) {
		const struct cg_write *w = &p->w[i];
		cgfs_read_file(w->path, old[i], sizeof old[i]);
		old[i][strcspn(old[i], "\n")] = '\0';
		if (cgfs_write_path(w->path, w->value) == 0)
			continue;
		int saved = errno;
		for (int j = i - 1; j >= 0; j--)
			if (old[j][0])
				cgfs_write_path(p->w[j].path, old[j]);
		err_errno(e, saved, _("cannot write '%s' to '%s'"), w->value, w->path);
		if (saved == EINVAL)
			err_hint(e, _("the kernel rejected the value; 'cgroup show' gives the "
				      "current values, 'help cgroup' the friendly keys"));
		else if (saved == EBUSY || saved == EPERM)
			err_hint(e, _("some limits cannot change while processes are in the group, "
				      "or a parent's limit is stricter"));
		return -1;
	}
	return 0;
}

/* Is pid one of aisla's load props (aisla re-exec'ed with LOAD_ARGV1)? */
static bool is_load_prop(pid_t pid)
{
	char path[64], buf[256];
	int fd;
	ssize_t r;

	snprintf(path, sizeof path, "/proc/%d/cmdline", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	r = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (r <= 0)
		return false;
	buf[r] = '\0';
	size_t l0 = strlen(buf);
	if ((ssize_t)l0 + 1 < r && !strcmp(buf + l0 + 1, LOAD_ARGV1))
		return true;
	/* A prop that could not re-exec runs in a fork of aisla: its name. */
	snprintf(path, sizeof path, "/proc/%d/comm", (int)pid);
	return cgfs_read_file(path, buf, sizeof buf) == 0 && !strncmp(buf, "aisla-load-", 11);
}

/* The mount of the hierarchy dir belongs to: dir minus "/aisla/NAME". */
static void base_of(const char *dir, char *buf, size_t n)
{
	char *p;
	snprintf(buf, n, "%s", dir);
	p = strstr(buf, "/" CGFS_SUBTREE "/");
	if (p)
		*p = '\0';
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

/* aisla/ goes with its last group (whichever session made it): rmdir
 * fails while other groups are in it. */
static void rmdir_subtree_if_empty(const char *groupdir)
{
	char parent[320];
	const char *sl = strrchr(groupdir, '/');

	if (!sl)
		return;
	snprintf(parent, sizeof parent, "%.*s", (int)(sl - groupdir), groupdir);
	sl = strrchr(parent, '/');
	if (sl && !strcmp(sl + 1, CGFS_SUBTREE))
		rmdir(parent);
}

/* Empty the group directory dir: kill load props, move the rest to the
 * base of aisla's subtree; then rmdir, waiting a little for killed
 * processes to leave. */
static int evacuate_and_rmdir(const char *dir, int *moved, int *killed, struct err *e)
{
	char base[320];

	base_of(dir, base, sizeof base);
	for (int tries = 0; tries < 100; tries++) {
		pid_t *pids;
		size_t n;
		if (cgfs_procs(dir, &pids, &n) == 0) {
			for (size_t i = 0; i < n; i++) {
				char v[24];
				if (is_load_prop(pids[i])) {
					if (kill(pids[i], SIGKILL) == 0 && tries == 0)
						(*killed)++;
					continue;
				}
				snprintf(v, sizeof v, "%d", (int)pids[i]);
				if (cgfs_write_at(base, "cgroup.procs", v) == 0)
					(*moved)++;
			}
		}
		free(pids);
		if (rmdir(dir) == 0 || errno == ENOENT) {
			rmdir_subtree_if_empty(dir);
			return 0;
		}
		if (errno != EBUSY)
			break;
		sleep_ms(20);
	}
	if (errno == EBUSY) {
		err_errno(e, errno, _("cannot remove the group '%s'"), dir);
		return err_hint(e, _("it still has processes or subgroups that aisla did not make: "
				     "look with 'cat %s/cgroup.procs'"), dir);
	}
	return err_errno(e, errno, _("cannot remove the group '%s'"), dir);
}

/* ---- identity ---- */

/* A directory aisla makes carries a random token in an extended
 * attribute (trusted.aisla; user.aisla where trusted.* is refused, as in
 * a delegated subtree), written right after mkdir and recorded in the
 * journal with the inode (intent: mark=, done: ino= and marked=). An
 * inode alone is not proof: a kernel may hand a number out again, and an
 * intent has none. A directory is aisla's only when the token is on it
 * (or, when no xattr could be written, the confirmed inode matches). */
#define MARK_XATTR "trusted.aisla"
#define MARK_XATTR_USER "user.aisla"
#define MARK_LEN 32

static int mark_new(char *tok, size_t n, struct err *e)
{
	unsigned char r[MARK_LEN / 2];

	if (n < MARK_LEN + 1 || getrandom(r, sizeof r, 0) != (ssize_t)sizeof r)
		return err_errno(e, errno, _("cannot read random bytes for a group's mark"));
	for (size_t i = 0; i < sizeof r; i++)
		snprintf(tok + 2 * i, 3, "%02x", r[i]);
	return 0;
}

/* Put the token on dir: true when one of the attributes took it. */
static bool mark_set(const char *dir, const char *tok)
{
	return setxattr(dir, MARK_XATTR, tok, strlen(tok), 0) == 0 ||
	       setxattr(dir, MARK_XATTR_USER, tok, strlen(tok), 0) == 0;
}

/* mkdir and mark as one step that survives aisla's death: a vforked
 * child makes the directory and puts the token on it, so a SIGKILL of
 * aisla between the two (the child goes on) never leaves an unmarked
 * directory that reset could not prove aisla's. Returns 0 with *marked,
 * or -1 with errno from mkdir. */
static int mkdir_marked(const char *path, const char *tok, bool *marked)
{
	int status;
	pid_t pid = vfork();

	if (pid == 0) {
		if (mkdir(path, 0755) < 0)
			_exit(errno > 253 ? 255 : 2 + errno);
		_exit(mark_set(path, tok) ? 0 : 1);
	}
	if (pid < 0)
		return -1;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	if (!WIFEXITED(status)) {
		errno = EIO;
		return -1;
	}
	if (WEXITSTATUS(status) >= 2) {
		errno = WEXITSTATUS(status) - 2;
		return -1;
	}
	*marked = WEXITSTATUS(status) == 0;
	return 0;
}

static bool mark_is(const char *dir, const char *tok)
{
	static const char *const names[] = { MARK_XATTR, MARK_XATTR_USER };
	char buf[MARK_LEN + 8];

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		ssize_t n = getxattr(dir, names[i], buf, sizeof buf - 1);
		if (n < 0)
			continue;
		buf[n] = '\0';
		return !strcmp(buf, tok);
	}
	return false;
}

/* Is the directory of record r still the one aisla made? */
static enum undo_result cg_identify(const struct jrec *r)
{
	const char *path = jrec_get(r, "path"), *mark = jrec_get(r, "mark");
	long long ino = jrec_get_ll(r, "ino", -1), marked = jrec_get_ll(r, "marked", -1);
	struct stat st;

	if (!path || lstat(path, &st) < 0)
		return UNDO_GONE;
	if (!S_ISDIR(st.st_mode) || (ino >= 0 && (long long)st.st_ino != ino))
		return UNDO_FOREIGN;
	if (mark && mark[0]) {
		if (mark_is(path, mark))
			return UNDO_DONE;
		/* Confirmed, and the kernel took no xattr: the inode is all
		 * there is. Else a directory without our token is someone
		 * else's, or (unconfirmed: aisla may have died between mkdir
		 * and marking it) cannot be proven ours: left and reported. */
		if (ino >= 0)
			return marked == 0 ? UNDO_DONE : UNDO_FOREIGN;
		return UNDO_UNPROVEN;
	}
	/* A record of an aisla that did not mark: its confirmed inode. */
	return ino >= 0 ? UNDO_DONE : UNDO_UNPROVEN;
}

/* ---- journal kinds ---- */

static enum undo_result cgroup_undo(const struct jrec *r, struct err *e)
{
	enum undo_result id = cg_identify(r);
	int moved = 0, killed = 0;

	if (id != UNDO_DONE)
		return id;
	if (evacuate_and_rmdir(jrec_get(r, "path"), &moved, &killed, e) < 0)
		return UNDO_FAILED;
	return UNDO_DONE;
}

/* aisla/ itself: removed only while it has no groups left. */
static enum undo_result cgroup_base_undo(const struct jrec *r, struct err *e)
{
	enum undo_result id = cg_identify(r);

	(void)e;
	if (id != UNDO_DONE)
		return id;
	if (rmdir(jrec_get(r, "path")) == 0 || errno == ENOENT)
		return UNDO_DONE;
	/* Another aisla session still has groups in it: the removal of the
	 * last one takes aisla/ with it (rmdir_subtree_if_empty). */
	return UNDO_GONE;
}

/* Controllers aisla enabled in a v2 parent's cgroup.subtree_control. */
static enum undo_result cgroup_ctl_undo(const struct jrec *r, struct err *e)
{
	const char *ctls = jrec_get(r, "ctls");
	char buf[128], *save = NULL;

	(void)e;
	if (!ctls || access(r->name, F_OK) < 0)
		return UNDO_GONE;
	snprintf(buf, sizeof buf, "%s", ctls);
	for (char *c = strtok_r(buf, ",", &save); c; c = strtok_r(NULL, ",", &save)) {
		char v[40];
		snprintf(v, sizeof v, "-%s", c);
		cgfs_write_at(r->name, "cgroup.subtree_control", v);	/* busy: others use it */
	}
	return UNDO_DONE;
}

static const struct journal_kind kind_cgroup = {
	.name = "cgroup",
	.undo = cgroup_undo,
	.describe = N_("control group '%s'"),
};
static const struct journal_kind kind_cgroup_base = {
	.name = "cgroup-base",
	.undo = cgroup_base_undo,
	.describe = N_("aisla's cgroup subtree '%s'"),
};
static const struct journal_kind kind_cgroup_ctl = {
	.name = "cgroup-ctl",
	.undo = cgroup_ctl_undo,
	.describe = N_("controllers enabled in '%s'"),
};

const struct journal_kind *const cg_kinds[] = {
	&kind_cgroup_ctl, &kind_cgroup_base, &kind_cgroup, &load_kind, &proc_kind, NULL,
};

/* ---- create, remove, attach ---- */

/* mkdir path, journaled: intent (with the mark it will carry) before,
 * identity after. shared: a directory other aisla processes make too
 * (aisla/): one that appears meanwhile is theirs, not an error (returns 1,
 * the intent dropped). */
static int mkdir_journaled(const char *kind, const char *name, const char *path, bool shared,
			   unsigned long *seqp, struct err *e)
{
	unsigned long seq;
	char kv_path[300], kv_ino[40], kv_group[80], kv_mark[48], kv_marked[16], shown[256];
	char tok[MARK_LEN + 1];
	struct stat st;

	/* The record's name is the path under /sys/fs/cgroup ("memory/aisla/web"),
	 * what status and reset show; the group's own name goes in group=. */
	snprintf(shown, sizeof shown, "%s", path);
	if (!strncmp(path, CGFS_ROOT "/", strlen(CGFS_ROOT) + 1))
		snprintf(shown, sizeof shown, "%s", path + strlen(CGFS_ROOT) + 1);
	if (mark_new(tok, sizeof tok, e) < 0)
		return -1;
	snprintf(kv_path, sizeof kv_path, "path=%s", path);
	snprintf(kv_group, sizeof kv_group, "group=%s", name);
	snprintf(kv_mark, sizeof kv_mark, "mark=%s", tok);
	if (journal_intent(kind, shown, JKV(kv_path, kv_group, kv_mark), &seq, e) < 0)
		return -1;
	bool marked = false;
	if (mkdir_marked(path, tok, &marked) < 0) {
		int saved = errno;
		journal_abort(seq, e);
		if (shared && saved == EEXIST)
			return 1;
		err_errno(e, saved, _("cannot create the control group '%s'"), path);
		if (saved == EACCES || saved == EPERM)
			err_hint(e, _("making control groups needs root, or a delegated subtree "
				      "(systemd-run --user --scope -p Delegate=yes aisla)"));
		errno = saved;
		return -1;
	}
	snprintf(kv_marked, sizeof kv_marked, "marked=%d", marked ? 1 : 0);
	if (stat(path, &st) < 0)
		st.st_ino = 0;
	snprintf(kv_ino, sizeof kv_ino, "ino=%llu", (unsigned long long)st.st_ino);
	if (journal_done(seq, JKV(kv_ino, kv_marked), e) < 0)
		return -1;
	if (seqp)
		*seqp = seq;
	return 0;
}

/* v2: enable the controllers we use in the base (journaled). */
static int v2_enable_in_base(const char *base, int mask, struct err *e)
{
	char path[320], cur[256] = "", added[128] = "";
	snprintf(path, sizeof path, "%s/cgroup.subtree_control", base);
	cgfs_read_file(path, cur, sizeof cur);
	for (int c = 0; c < CGC_COUNT; c++) {
		if (!(mask & (1 << c)) || c == CGC_CPUACCT)
			continue;
		char word[32];
		snprintf(word, sizeof word, " %s ", cgfs_ctl_name(c));
		char padded[270];
		snprintf(padded, sizeof padded, " %s ", cur);
		padded[strcspn(padded, "\n")] = ' ';
		if (strstr(padded, word))
			continue;
		size_t l = strlen(added);
		snprintf(added + l, sizeof added - l, "%s%s", l ? "," : "", cgfs_ctl_name(c));
	}
	if (!added[0])
		return 0;
	unsigned long seq;
	char kv[160];
	snprintf(kv, sizeof kv, "ctls=%s", added);
	if (journal_intent("cgroup-ctl", base, JKV(kv), &seq, e) < 0)
		return -1;
	char buf[128], *save = NULL;
	snprintf(buf, sizeof buf, "%s", added);
	for (char *c = strtok_r(buf, ",", &save); c; c = strtok_r(NULL, ",", &save)) {
		char v[40];
		snprintf(v, sizeof v, "+%s", c);
		if (cgfs_write_at(base, "cgroup.subtree_control", v) < 0) {
			int saved = errno;
			err_errno(e, saved, _("cannot enable the controller '%s' in '%s'"), c, path);
			if (saved == EBUSY)
				err_hint(e, _("cgroup v2 does not let a group with processes hand "
					      "controllers to its children (no internal processes)"));
			journal_done(seq, NULL, e);
			return -1;
		}
	}
	return journal_done(seq, NULL, e);
}

static bool announced;

/* Make aisla/ in every hierarchy if missing (journaled) and prepare it. */
static int ensure_subtree(struct err *e)
{
	const struct cgfs_hier *hiers;
	int nhiers = cgfs_hiers(&hiers);
	const struct cg_backend *be = cg_backend();

	for (int h = 0; h < nhiers; h++) {
		char d[320];
		struct stat st;
		cgfs_hier_dir(h, NULL, d, sizeof d);
		if (!cgfs_is_v1() && v2_enable_in_base(hiers[h].mnt, hiers[h].mask, e) < 0)
			return -1;
		if (stat(d, &st) < 0) {
			/* Another aisla may make it at the same moment: fine. */
			int r = mkdir_journaled("cgroup-base", d, d, true, NULL, e);
			if (r < 0)
				return -1;
			if (r == 0 && !announced && h == cgfs_main_hier()) {
				if (cgfs_is_v1())
					out_printf(_("aisla's groups are in %s/<controller>/%s (%s)\n"),
						   CGFS_ROOT, CGFS_SUBTREE, cgfs_mode_name());
				else if (access("/run/systemd/system", F_OK) == 0 &&
					 !strcmp(hiers[h].mnt, CGFS_ROOT))
					out_printf(_("aisla's groups are in %s (%s; beside systemd's "
						     "slices, which systemd leaves alone)\n"), d,
						   cgfs_mode_name());
				else
					out_printf(_("aisla's groups are in %s (%s)\n"), d, cgfs_mode_name());
				announced = true;
			}
		}
		if (be->init_subtree(d, hiers[h].mask, e) < 0)
			return -1;
	}
	return 0;
}

static void suggest_group(const char *name, void *arg)
{
	suggest_add(arg, name);
}

int cg_unknown(const char *name, struct err *e)
{
	struct suggest sg;

	err_set(e, _("the group '%s' does not exist"), name);
	suggest_init(&sg, name, true);
	cgfs_foreach(suggest_group, &sg);
	if (suggest_found(&sg))
		return err_hint(e, _("did you mean %s? 'cgroup show' lists the groups"),
				suggest_found(&sg));
	return err_hint(e, _("make it first with 'cgroup add %s'"), name);
}

int cg_add(const char *name, struct err *e)
{
	const struct cgfs_hier *hiers;
	int nhiers = cgfs_hiers(&hiers);
	int made = -1;
	char dirs[CGC_COUNT][320];
	unsigned long seqs[CGC_COUNT];

	if (cg_name_valid(name, e) < 0 || cgfs_setup(e) < 0)
		return -1;
	for (int h = 0; h < nhiers; h++) {
		struct stat st;
		cgfs_hier_dir(h, name, dirs[h], sizeof dirs[h]);
		if (stat(dirs[h], &st) == 0) {
			err_set(e, _("the group '%s' already exists ('%s')"), name, dirs[h]);
			return err_hint(e, _("'cgroup show %s' shows it; 'cgroup del %s' removes it "
					     "if aisla made it"), name, name);
		}
	}
	if (ensure_subtree(e) < 0)
		return -1;
	for (int h = 0; h < nhiers; h++) {
		int r = mkdir_journaled("cgroup", name, dirs[h], false, &seqs[h], e);
		/* Another aisla may have removed an empty aisla/ meanwhile (its
		 * last group went): make it again and retry, a few times. */
		for (int tries = 0; r < 0 && errno == ENOENT && tries < 3; tries++) {
			struct err e2 = ERR_INIT;
			if (ensure_subtree(&e2) < 0)
				break;
			*e = e2;
			r = mkdir_journaled("cgroup", name, dirs[h], false, &seqs[h], e);
		}
		if (r < 0 || cg_backend()->init_group(dirs[h], hiers[h].mask, e) < 0)
			goto undo;
		made = h;
	}
	return 0;
undo:
	for (int h = made; h >= 0; h--) {
		struct err e2 = ERR_INIT;
		if (rmdir(dirs[h]) == 0)
			journal_undone(seqs[h], &e2);
	}
	return -1;
}

int cg_del(const char *name, struct err *e)
{
	struct jrec *recs;
	size_t n;
	int found = 0, moved = 0, killed = 0;

	if (cg_name_valid(name, e) < 0 || cgfs_setup(e) < 0)
		return -1;
	if (journal_load(&recs, &n, e) < 0)
		return -1;
	for (size_t i = n; i-- > 0;) {
		struct jrec *r = &recs[i];
		const char *grp = jrec_get(r, "group");
		if (strcmp(r->kind, "cgroup") || !grp || strcmp(grp, name))
			continue;
		found++;
		switch (cg_identify(r)) {
		case UNDO_FOREIGN:
		case UNDO_UNPROVEN:
			out_printf(_("left alone: '%s' (it is not the one aisla made)\n"),
				   jrec_get(r, "path"));
			break;
		case UNDO_DONE:
			if (evacuate_and_rmdir(jrec_get(r, "path"), &moved, &killed, e) < 0) {
				free(recs);
				return -1;
			}
			break;
		default:
			break;
		}
		if (journal_undone(r->seq, e) < 0) {
			free(recs);
			return -1;
		}
	}
	free(recs);
	if (!found) {
		if (cgfs_exists(name)) {
			err_set(e, _("the group '%s' was not made by aisla (it is not in its journal): "
				     "aisla leaves it alone"), name);
			return err_hint(e, _("remove it yourself with rmdir if it is yours"));
		}
		return cg_unknown(name, e);
	}
	if (killed)
		out_printf(ngettext("%d load prop stopped\n", "%d load props stopped\n",
				    (unsigned long)killed), killed);
	if (moved)
		out_printf(ngettext("%d process moved out of the group\n",
				    "%d processes moved out of the group\n", (unsigned long)moved),
			   moved);
	return 0;
}

int cg_attach(const char *name, pid_t pid, struct err *e)
{
	const struct cgfs_hier *hiers;
	int nhiers = cgfs_hiers(&hiers);
	char v[24];

	if (cgfs_setup(e) < 0)
		return -1;
	if (!cgfs_exists(name)) {
		return cg_unknown(name, e);
	}
	if (kill(pid, 0) < 0 && errno == ESRCH)
		return err_set(e, _("there is no process %d"), (int)pid);
	snprintf(v, sizeof v, "%d", (int)pid);
	for (int h = 0; h < nhiers; h++) {
		char d[320];
		cgfs_hier_dir(h, name, d, sizeof d);
		if (cgfs_write_at(d, "cgroup.procs", v) < 0) {
			int saved = errno;
			err_errno(e, saved, _("cannot move process %d into '%s'"), (int)pid, d);
			if (saved == ENOSPC)
				err_hint(e, _("the group's cpuset has no CPUs or memory nodes yet"));
			else if (saved == EINVAL)
				err_hint(e, _("kernel threads cannot be moved"));
			return -1;
		}
	}
	return 0;
}

int cg_join_open(const char *name, struct cg_join *j, struct err *e)
{
	const struct cgfs_hier *hiers;
	int nhiers = cgfs_hiers(&hiers);
	j->n = 0;
	if (cgfs_setup(e) < 0)
		return -1;
	if (!cgfs_exists(name)) {
		return cg_unknown(name, e);
	}
	for (int h = 0; h < nhiers && j->n < CG_MAX_FDS; h++) {
		char d[320], p[400];
		cgfs_hier_dir(h, name, d, sizeof d);
		snprintf(p, sizeof p, "%s/cgroup.procs", d);
		int fd = open(p, O_WRONLY | O_CLOEXEC);
		if (fd < 0) {
			err_errno(e, errno, _("cannot open '%s'"), p);
			cg_join_close(j);
			return -1;
		}
		j->fd[j->n++] = fd;
	}
	return 0;
}

int cg_join_fds(const struct cg_join *j, struct err *e)
{
	for (int i = 0; i < j->n; i++)
		if (write(j->fd[i], "0", 1) < 0)
			return err_errno(e, errno, _("cannot join the control group"));
	return 0;
}

void cg_join_close(struct cg_join *j)
{
	for (int i = 0; i < j->n; i++)
		close(j->fd[i]);
	j->n = 0;
}

/* ---- completion ---- */

struct compl_ctx {
	const char *prefix;
	complete_add_fn add;
	void *ctx;
};

static void compl_one(const char *name, void *arg)
{
	struct compl_ctx *c = arg;
	if (!strncmp(name, c->prefix, strlen(c->prefix)))
		c->add(name, c->ctx);
}

void complete_cgroup(const char *prefix, complete_add_fn add, void *ctx)
{
	struct compl_ctx c = { prefix, add, ctx };
	cgfs_foreach(compl_one, &c);
}

void complete_key(const char *prefix, complete_add_fn add, void *ctx)
{
	const struct cgfs_hier *hiers;
	int nhiers = cgfs_hiers(&hiers);
	for (int i = 0; cg_friendly_keys[i]; i++)
		if (!strncmp(cg_friendly_keys[i], prefix, strlen(prefix)))
			add(cg_friendly_keys[i], ctx);
	/* Raw controller files, as a group of aisla's shows them. */
	if (!strchr(prefix, '.'))
		return;
	char d[320];
	struct err e = ERR_INIT;
	if (cgfs_setup(&e) < 0)
		return;
	for (int h = 0; h < nhiers; h++) {
		cgfs_hier_dir(h, NULL, d, sizeof d);
		DIR *dir = opendir(d);
		struct dirent *de;
		while (dir && (de = readdir(dir))) {
			if (de->d_type == DT_DIR || !strncmp(de->d_name, "cgroup.", 7))
				continue;
			if (!strncmp(de->d_name, prefix, strlen(prefix)))
				add(de->d_name, ctx);
		}
		if (dir)
			closedir(dir);
	}
}

void complete_load(const char *prefix, complete_add_fn add, void *ctx)
{
	static const char *const kinds[] = { "cpu", "mem", "forks", NULL };
	for (int i = 0; kinds[i]; i++)
		if (!strncmp(kinds[i], prefix, strlen(prefix)))
			add(kinds[i], ctx);
}
