/* rootfs.c: `rootfs DIR` builds a minimal root filesystem from the static
 * busybox, offline: /bin/busybox plus its applets as symlinks (made by
 * `busybox --install -s` run inside the chroot, so they point to
 * /bin/busybox), mount points /proc /sys /dev, a few device nodes, /etc
 * with passwd, group and hostname, /tmp and /root. A marker file
 * .aisla-rootfs holds the journal identity; reset removes the tree (and
 * the directory if rootfs created it), never a directory that held files. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include "rootfs.h"
#include "../shell/i18n.h"
#include "../shell/probe.h"

#define MARKER ".aisla-rootfs"
#define PBUF (PATH_MAX + 128)

bool rootfs_has_shell(const char *dir)
{
	char p[PATH_MAX * 3];
	/* resolve the link inside dir: /bin/sh -> /bin/busybox */
	snprintf(p, sizeof p, "%s/bin/sh", dir);
	char target[PATH_MAX];
	ssize_t n = readlink(p, target, sizeof target - 1);
	for (int depth = 0; n > 0 && depth < 8; depth++) {
		target[n] = 0;
		if (target[0] == '/')
			snprintf(p, sizeof p, "%.*s%s", PATH_MAX, dir, target);
		else
			snprintf(p, sizeof p, "%.*s/bin/%s", PATH_MAX, dir, target);
		n = readlink(p, target, sizeof target - 1);
	}
	struct stat st;
	return stat(p, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 0111);
}

static int copy_file(const char *from, const char *to, mode_t mode, struct err *e)
{
	int in = open(from, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return err_errno(e, errno, _("could not read '%s'"), from);
	int out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	if (out < 0) {
		close(in);
		return err_errno(e, errno, _("could not create '%s'"), to);
	}
	char buf[65536];
	ssize_t n;
	while ((n = read(in, buf, sizeof buf)) > 0)
		if (write(out, buf, (size_t)n) != n) {
			n = -1;
			break;
		}
	int saved = errno;
	close(in);
	if (close(out) < 0 || n < 0)
		return err_errno(e, n < 0 ? saved : errno, _("could not write '%s'"), to);
	if (fchmodat(AT_FDCWD, to, mode, 0) < 0)
		return err_errno(e, errno, _("could not write '%s'"), to);
	return 0;
}

static int write_text(const char *dir, const char *name, const char *text, struct err *e)
{
	char p[PBUF];
	snprintf(p, sizeof p, "%s/%s", dir, name);
	FILE *f = fopen(p, "wxe");
	if (!f)
		return err_errno(e, errno, _("could not create '%s'"), p);
	fputs(text, f);
	if (fclose(f) != 0)
		return err_errno(e, errno, _("could not write '%s'"), p);
	return 0;
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	if (ftw->level == 0)
		return 0;
	if (flag == FTW_DP)
		return rmdir(path) < 0 && errno != ENOENT ? -1 : 0;
	return unlink(path) < 0 && errno != ENOENT ? -1 : 0;
}

/* Remove the contents of dir (not crossing mount points), and dir itself
 * when made. */
static int remove_tree(const char *dir, bool made)
{
	if (nftw(dir, rm_one, 32, FTW_DEPTH | FTW_PHYS | FTW_MOUNT) < 0)
		return -1;
	if (made && rmdir(dir) < 0 && errno != ENOENT)
		return -1;
	return 0;
}

static int count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	int n = 0;
	if (!d)
		return -1;
	struct dirent *de;
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

/* Count the applet links in bin, sbin, usr/bin, usr/sbin. */
static int count_links(const char *dir)
{
	static const char *const sub[] = { "bin", "sbin", "usr/bin", "usr/sbin" };
	int n = 0;
	for (size_t i = 0; i < 4; i++) {
		char p[PBUF];
		snprintf(p, sizeof p, "%s/%s", dir, sub[i]);
		DIR *d = opendir(p);
		if (!d)
			continue;
		struct dirent *de;
		while ((de = readdir(d)))
			if (de->d_type == DT_LNK)
				n++;
		closedir(d);
	}
	return n;
}

static int build(const char *dir, const char *busybox, const char *id, struct err *e)
{
	static const struct { const char *p; mode_t m; } dirs[] = {
		{ "bin", 0755 }, { "sbin", 0755 }, { "usr", 0755 }, { "usr/bin", 0755 },
		{ "usr/sbin", 0755 }, { "etc", 0755 }, { "proc", 0555 }, { "sys", 0555 },
		{ "dev", 0755 }, { "tmp", 01777 }, { "root", 0700 }, { "home", 0755 },
		{ "var", 0755 }, { "mnt", 0755 },
	};
	char p[PBUF];
	if (write_text(dir, MARKER, id, e) < 0)
		return -1;
	for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
		snprintf(p, sizeof p, "%s/%s", dir, dirs[i].p);
		if (mkdir(p, dirs[i].m) < 0)
			return err_errno(e, errno, _("could not create '%s'"), p);
		chmod(p, dirs[i].m);	/* umask */
	}
	snprintf(p, sizeof p, "%s/bin/busybox", dir);
	if (copy_file(busybox, p, 0755, e) < 0)
		return -1;
	if (write_text(dir, "etc/passwd",
		       "root:x:0:0:root:/root:/bin/sh\n"
		       "nobody:x:65534:65534:nobody:/nonexistent:/bin/false\n", e) < 0 ||
	    write_text(dir, "etc/group", "root:x:0:\nnogroup:x:65534:\n", e) < 0 ||
	    write_text(dir, "etc/hostname", "aisla\n", e) < 0 ||
	    write_text(dir, "etc/profile", "export PS1='\\u@\\h:\\w\\$ '\n", e) < 0)
		return -1;
	/* A few device nodes (root only; a mount of devtmpfs would expose
	 * the host's devices). */
	static const struct { const char *n; unsigned ma, mi; } devs[] = {
		{ "null", 1, 3 }, { "zero", 1, 5 }, { "random", 1, 8 }, { "urandom", 1, 9 },
		{ "tty", 5, 0 },
	};
	for (size_t i = 0; i < sizeof devs / sizeof devs[0]; i++) {
		snprintf(p, sizeof p, "%s/dev/%s", dir, devs[i].n);
		if (mknod(p, S_IFCHR | 0666, makedev(devs[i].ma, devs[i].mi)) == 0)
			chmod(p, 0666);
	}
	/* busybox --install -s inside the new root, so that every link
	 * points to /bin/busybox as seen from inside. */
	int pfd[2];
	if (pipe2(pfd, O_CLOEXEC) < 0)
		return err_errno(e, errno, _("could not create a pipe"));
	pid_t c = fork();
	if (c < 0) {
		close(pfd[0]);
		close(pfd[1]);
		return err_errno(e, errno, _("could not start '%s'"), "busybox --install");
	}
	if (c == 0) {
		close(pfd[0]);
		int nul = open("/dev/null", O_RDWR | O_CLOEXEC);
		if (nul >= 0) {
			dup2(nul, 0);
			dup2(nul, 1);
			dup2(nul, 2);
		}
		int err;
		if (chroot(dir) < 0 || chdir("/") < 0) {
			err = errno;
		} else {
			execl("/bin/busybox", "/bin/busybox", "--install", "-s", (char *)NULL);
			err = errno;
		}
		if (write(pfd[1], &err, sizeof err) < 0) {
			/* nothing more to do */
		}
		_exit(127);
	}
	close(pfd[1]);
	int cerr = 0;
	ssize_t n = read(pfd[0], &cerr, sizeof cerr);
	close(pfd[0]);
	int st;
	while (waitpid(c, &st, 0) < 0 && errno == EINTR)
		;
	if (n == (ssize_t)sizeof cerr) {
		err_errno(e, cerr, _("could not run busybox inside '%s'"), dir);
		if (cerr == EPERM)
			err_hint(e, _("chroot needs the capability CAP_SYS_CHROOT: run aisla as root"));
		return -1;
	}
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
		return err_set(e, _("'busybox --install -s' failed inside '%s'"), dir);
	return 0;
}

int rootfs_build(const char *dir_arg, int *napplets, struct err *e)
{
	char dir[PATH_MAX], id[40], kvm[16], kvi[64];
	unsigned char r[8];
	bool made = false;
	struct stat st;
	unsigned long seq;

	const char *busybox = static_busybox(e);
	if (!busybox)
		return -1;
	if (!dir_arg[0])
		return err_set(e, _("empty directory name"));
	if (stat(dir_arg, &st) == 0) {
		if (!S_ISDIR(st.st_mode))
			return err_set(e, _("'%s' exists and is not a directory"), dir_arg);
		int n = count_entries(dir_arg);
		if (n < 0)
			return err_errno(e, errno, _("could not read '%s'"), dir_arg);
		if (n > 0) {
			char p[PBUF];
			snprintf(p, sizeof p, "%s/" MARKER, dir_arg);
			err_set(e, _("'%s' is not empty"), dir_arg);
			if (access(p, F_OK) == 0)
				return err_hint(e, _("it already is a root filesystem made by rootfs: "
						     "use it with `chroot %s`"), dir_arg);
			return err_hint(e, _("rootfs builds into a new or empty directory, and never "
					     "touches one that holds files: choose another name"));
		}
	} else if (errno == ENOENT) {
		if (mkdir(dir_arg, 0755) < 0)
			return err_errno(e, errno, _("could not create '%s'"), dir_arg);
		made = true;
	} else {
		return err_errno(e, errno, _("could not read '%s'"), dir_arg);
	}
	if (!realpath(dir_arg, dir)) {
		int saved = errno;
		if (made)
			rmdir(dir_arg);
		return err_errno(e, saved, _("could not read '%s'"), dir_arg);
	}
	if (!strcmp(dir, "/")) {
		return err_set(e, _("refusing to build a root filesystem in '/'"));
	}
	if (getrandom(r, sizeof r, 0) != (ssize_t)sizeof r)
		memset(r, 0x5a, sizeof r);
	snprintf(id, sizeof id, "%02x%02x%02x%02x%02x%02x%02x%02x",
		 r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7]);
	snprintf(kvm, sizeof kvm, "made=%d", made);
	snprintf(kvi, sizeof kvi, "id=%s", id);
	if (journal_intent("rootfs", dir, JKV(kvm, kvi), &seq, e) < 0) {
		if (made)
			rmdir(dir);
		return -1;
	}
	if (build(dir, busybox, id, e) < 0) {
		struct err e2 = ERR_INIT;
		remove_tree(dir, made);
		journal_abort(seq, &e2);
		return -1;
	}
	int n = count_links(dir);
	if (napplets)
		*napplets = n;
	char kvn[32];
	snprintf(kvn, sizeof kvn, "applets=%d", n);
	return journal_done(seq, JKV(kvn), e);
}

static enum undo_result undo_rootfs(const struct jrec *r, struct err *e)
{
	char p[PBUF], got[64] = "";
	const char *id = jrec_get(r, "id");
	bool made = jrec_get_ll(r, "made", 0) != 0;
	struct stat st;
	if (stat(r->name, &st) < 0)
		return UNDO_GONE;
	snprintf(p, sizeof p, "%s/" MARKER, r->name);
	FILE *f = fopen(p, "re");
	if (f) {
		if (!fgets(got, sizeof got, f))
			got[0] = 0;
		fclose(f);
	}
	got[strcspn(got, "\n")] = 0;
	if (!f) {
		/* intent never finished: only an empty dir we made is ours */
		if (count_entries(r->name) == 0) {
			if (made)
				rmdir(r->name);
			return UNDO_DONE;
		}
		return UNDO_FOREIGN;
	}
	if (!id || strcmp(id, got))
		return UNDO_FOREIGN;
	if (remove_tree(r->name, made) < 0) {
		err_errno(e, errno, _("could not remove the root filesystem '%s'"), r->name);
		return UNDO_FAILED;
	}
	return UNDO_DONE;
}

const struct journal_kind rootfs_kind = {
	.name = "rootfs", .undo = undo_rootfs, .describe = N_("root filesystem '%s'"),
};
