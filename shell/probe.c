/* probe.c: the checks of `aisla doctor` and of lessons' `needs:` (see
 * probe.h). The parent side: files of /proc and /sys, and children of
 * aisla re-executed (probe-child.c) for what must be tried to be known. */
#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <pwd.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <elf.h>
#include <curses.h>
#include <term.h>
#include "i18n.h"
#include "journal.h"
#include "needs.h"
#include "paths.h"
#include "kernel/cgroupfs.h"
#include "kernel/nodes.h"
#include "probe.h"

/* ------------------------------------------------------------------ */
/* Helpers                                                            */
/* ------------------------------------------------------------------ */

__attribute__((format(printf, 2, 3)))
static void saw(struct probe_result *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->saw, sizeof r->saw, fmt, ap);
	va_end(ap);
}

/* Set the level (never lowering it) and the fix. */
__attribute__((format(printf, 3, 4)))
static void verdict(struct probe_result *r, enum probe_level level, const char *fmt, ...)
{
	va_list ap;

	if (level < r->level)
		return;
	r->level = level;
	va_start(ap, fmt);
	vsnprintf(r->fix, sizeof r->fix, fmt, ap);
	va_end(ap);
}

/* Append to saw: "; more". */
__attribute__((format(printf, 2, 3)))
static void saw_more(struct probe_result *r, const char *fmt, ...)
{
	size_t n = strlen(r->saw);
	va_list ap;

	if (n && n + 2 < sizeof r->saw) {
		memcpy(r->saw + n, "; ", 3);
		n += 2;
	}
	va_start(ap, fmt);
	vsnprintf(r->saw + n, sizeof r->saw - n, fmt, ap);
	va_end(ap);
}

/* The first line of a small file, without its newline; -1 if unreadable. */
static int read_line(const char *path, char *buf, size_t n)
{
	FILE *f = fopen(path, "re");
	int rc = -1;

	buf[0] = '\0';
	if (!f)
		return -1;
	if (fgets(buf, (int)n, f)) {
		buf[strcspn(buf, "\n")] = '\0';
		rc = 0;
	}
	fclose(f);
	return rc;
}

/* A sysctl as a number; -1 when the file does not exist. */
static long sysctl_num(const char *path)
{
	char buf[64];

	if (read_line(path, buf, sizeof buf) < 0 || !buf[0])
		return -1;
	return strtol(buf, NULL, 10);
}

/* A program in PATH (the first match into out), or false. */
static bool in_path(const char *prog, char *out, size_t n)
{
	const char *path = getenv("PATH");
	char dir[4096], *save = NULL;

	if (!path || !*path)
		path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
	snprintf(dir, sizeof dir, "%s", path);
	for (char *d = strtok_r(dir, ":", &save); d; d = strtok_r(NULL, ":", &save)) {
		snprintf(out, n, "%s/%s", d, prog);
		if (access(out, X_OK) == 0)
			return true;
	}
	out[0] = '\0';
	return false;
}

bool probe_in_userns(void)
{
	char buf[128];
	unsigned long a, b, c;

	if (read_line("/proc/self/uid_map", buf, sizeof buf) < 0)
		return false;
	if (sscanf(buf, "%lu %lu %lu", &a, &b, &c) != 3)
		return true;
	return !(a == 0 && b == 0 && c == 4294967295UL);
}

/* Run aisla itself as a probe child: PROBE_ARGV1 test [arg]. Returns its
 * exit status (0 = it worked; 255 when it could not run) and its first
 * line of output in msg (the kernel's refusal, translated). Waits at most
 * 5 s, then kills it. */
static int probe_child(const char *test, const char *arg, char *msg, size_t n)
{
	int fds[2], status = 0;
	pid_t pid;
	size_t got = 0;

	msg[0] = '\0';
	if (pipe2(fds, O_CLOEXEC) < 0)
		return 255;
	pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return 255;
	}
	if (pid == 0) {
		char *argv[] = { (char *)"aisla", (char *)PROBE_ARGV1, (char *)test,
				 (char *)arg, NULL };
		sigset_t all;
		sigemptyset(&all);
		sigprocmask(SIG_SETMASK, &all, NULL);
		dup2(fds[1], STDOUT_FILENO);
		dup2(fds[1], STDERR_FILENO);
		execv("/proc/self/exe", argv);
		_exit(255);
	}
	close(fds[1]);
	for (;;) {
		struct pollfd pfd = { .fd = fds[0], .events = POLLIN };
		int r = poll(&pfd, 1, 5000);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			kill(pid, SIGKILL);
			snprintf(msg, n, "%s", _("no answer in 5 s"));
			break;
		}
		ssize_t k = read(fds[0], msg + got, n - 1 - got);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		got += (size_t)k;
		if (got >= n - 1)
			break;
	}
	msg[got] = '\0';
	msg[strcspn(msg, "\n")] = '\0';
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return 255;
}

/* ------------------------------------------------------------------ */
/* The checks                                                         */
/* ------------------------------------------------------------------ */

/* Who runs aisla: root, a user (rootless mode), or root of a user namespace. */
static void check_root(struct probe_result *r)
{
	if (geteuid() == 0 && probe_in_userns()) {
		saw(r, _("root inside a user namespace (rootless mode or a container): "
			 "the host's cgroups and devices are out of reach"));
		verdict(r, PROBE_OK, "%s", "");
	} else if (geteuid() == 0) {
		saw(r, _("root (uid 0) in the initial user namespace"));
	} else {
		saw(r, _("uid %u, not root: aisla runs in rootless mode (a user namespace of its own)"),
		    (unsigned)geteuid());
		verdict(r, PROBE_WARN, "%s", _("for every lesson (cgroups too): sudo aisla"));
	}
}

static void check_kernel(struct probe_result *r)
{
	struct utsname u;
	int maj = 0, min = 0;

	uname(&u);
	sscanf(u.release, "%d.%d", &maj, &min);
	saw(r, "Linux %s (%s)", u.release, u.machine);
	if (maj < 5 || (maj == 5 && min < 14))
		verdict(r, PROBE_WARN, "%s",
			_("Linux 5.14 or newer (a namespace's identity is its SO_NETNS_COOKIE): "
			  "upgrade the kernel, e.g. Debian 12 or Ubuntu 22.04"));
}

static void check_namespaces(struct probe_result *r)
{
	static const char *const ns[][2] = {
		{ "net", "CONFIG_NET_NS" }, { "pid", "CONFIG_PID_NS" },
		{ "mnt", "" }, { "uts", "CONFIG_UTS_NS" }, { "ipc", "CONFIG_IPC_NS" },
		{ "user", "CONFIG_USER_NS" }, { "cgroup", "CONFIG_CGROUPS" },
		{ "time", "CONFIG_TIME_NS" },
	};
	char have[128] = "", missing[128] = "", opts[256] = "", p[64];

	for (size_t i = 0; i < sizeof ns / sizeof ns[0]; i++) {
		snprintf(p, sizeof p, "/proc/self/ns/%s", ns[i][0]);
		char *to = access(p, F_OK) == 0 ? have : missing;
		size_t l = strlen(to);
		snprintf(to + l, 128 - l, "%s%s", l ? " " : "", ns[i][0]);
		if (to == missing && strcmp(ns[i][0], "time")) {
			l = strlen(opts);
			snprintf(opts + l, sizeof opts - l, "%s%s=y", l ? " " : "", ns[i][1]);
		}
	}
	saw(r, "%s", have);
	if (missing[0]) {
		saw_more(r, _("missing: %s"), missing);
		if (opts[0])
			verdict(r, PROBE_FAIL, _("a kernel built with %s (Debian's and Ubuntu's have them)"),
				opts);
		else
			verdict(r, PROBE_WARN, "%s", _("time namespaces need Linux 5.6 (not used by the lessons)"));
	}
}

/* User namespaces: for this user (a real one made and used), and for
 * users without privileges (the sysctls that forbid them). */
static void check_userns(struct probe_result *r)
{
	long clone = sysctl_num("/proc/sys/kernel/unprivileged_userns_clone");
	long aa = sysctl_num("/proc/sys/kernel/apparmor_restrict_unprivileged_userns");
	long max = sysctl_num("/proc/sys/user/max_user_namespaces");
	char msg[256];
	int rc;

	if (max == 0) {
		saw(r, "%s", _("user.max_user_namespaces = 0: nobody may create a user namespace"));
		verdict(r, PROBE_FAIL, "%s",
			_("sudo sysctl -w user.max_user_namespaces=15000 (and in /etc/sysctl.d/ to keep it)"));
		return;
	}
	/* As this user: a user namespace with a map, a network namespace
	 * in it and a veth there: what the rootless mode does. */
	rc = probe_child("userns", NULL, msg, sizeof msg);
	if (rc == 0)
		saw(r, "%s", geteuid() == 0 ? _("root can create user namespaces")
			      : _("this user can create a user namespace and a network in it"));
	else
		saw(r, _("a user namespace could not be made: %s"), msg);
	/* As a user without privileges (root tries as nobody). */
	if (rc == 0 && geteuid() == 0 && !probe_in_userns()) {
		rc = probe_child("userns", "65534", msg, sizeof msg);
		if (rc == 0)
			saw_more(r, "%s", _("users without privileges can too (aisla --rootless works)"));
		else
			saw_more(r, _("users without privileges cannot: %s"), msg);
		if (rc != 0)
			r->level = PROBE_WARN;
	} else if (rc != 0) {
		r->level = PROBE_FAIL;
	}
	if (clone == 0) {
		saw_more(r, "kernel.unprivileged_userns_clone = 0");
		verdict(r, r->level, "%s", _("sudo sysctl -w kernel.unprivileged_userns_clone=1"));
	} else if (aa == 1 && rc != 0) {
		saw_more(r, "kernel.apparmor_restrict_unprivileged_userns = 1");
		verdict(r, r->level, "%s",
			_("sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0 (Ubuntu 24.04 "
			  "and later), or an AppArmor profile for aisla with 'userns,'"));
	} else if (rc == PROBE_EXIT_LIMIT) {
		saw_more(r, "%s", _("the limit of user namespaces is reached (here or in a parent "
				    "namespace)"));
		verdict(r, r->level, "%s",
			_("sudo sysctl -w user.max_user_namespaces=15000 (and in /etc/sysctl.d/ to keep it)"));
	} else if (rc != 0) {
		verdict(r, r->level, "%s",
			_("a kernel with CONFIG_USER_NS=y, and user.max_user_namespaces above 0"));
	}
}

/* newuidmap: maps wider than one uid (several users inside). */
static void check_newuidmap(struct probe_result *r)
{
	char p[4096], line[256], uid[32];
	const char *user = getenv("SUDO_USER");
	struct passwd *pw = getpwuid(getuid());
	struct stat st;
	bool sub = false;
	FILE *f;

	if (!in_path("newuidmap", p, sizeof p)) {
		saw(r, "%s", _("no newuidmap: a user namespace maps one uid only"));
		verdict(r, PROBE_WARN, "%s", _("sudo apt-get install uidmap"));
		return;
	}
	if (stat(p, &st) == 0 && !(st.st_mode & S_ISUID))
		saw(r, _("%s (without the setuid bit: it relies on file capabilities)"), p);
	else
		saw(r, "%s", p);
	if (getuid() == 0 && !user)
		return;		/* root maps whatever it likes */
	if (!user)
		user = pw ? pw->pw_name : "";
	snprintf(uid, sizeof uid, "%u", (unsigned)getuid());
	f = fopen("/etc/subuid", "re");
	while (f && fgets(line, sizeof line, f)) {
		size_t lu = strlen(user), li = strlen(uid);
		if ((lu && !strncmp(line, user, lu) && line[lu] == ':') ||
		    (!strncmp(line, uid, li) && line[li] == ':'))
			sub = true;
	}
	if (f)
		fclose(f);
	if (!sub) {
		saw_more(r, _("no range for '%s' in /etc/subuid"), user);
		verdict(r, PROBE_WARN, _("sudo usermod --add-subuids 100000-165535 "
					 "--add-subgids 100000-165535 %s"), user[0] ? user : "USER");
	}
}

static void check_cgroups(struct probe_result *r)
{
	struct err e = ERR_INIT;
	char have[128] = "", missing[64] = "";
	static const int need[] = { CGC_CPU, CGC_MEMORY, CGC_PIDS };

	if (cgfs_mode() == CGFS_NONE) {
		saw(r, "%s", _("no cgroup file system at /sys/fs/cgroup"));
		verdict(r, PROBE_FAIL, "%s", _("sudo mount -t cgroup2 none /sys/fs/cgroup"));
		return;
	}
	if (cgfs_setup(&e) < 0) {
		saw(r, "%s: %s", cgfs_mode_name(), e.msg);
		verdict(r, PROBE_FAIL, "%s", e.hint[0] ? e.hint : _("sudo aisla"));
		return;
	}
	cgfs_have_list(have, sizeof have);
	for (size_t i = 0; i < sizeof need / sizeof need[0]; i++)
		if (!cgfs_have(need[i])) {
			size_t l = strlen(missing);
			snprintf(missing + l, sizeof missing - l, "%s%s", l ? " " : "",
				 cgfs_ctl_name(need[i]));
		}
	saw(r, _("%s; controllers: %s; aisla's groups under %s"), cgfs_mode_name(),
	    have[0] ? have : "-", cgfs_subtree_dir()[0] ? cgfs_subtree_dir() : "-");
	if (probe_in_userns() || geteuid() != 0) {
		/* A user needs a subtree that systemd delegates. */
		char base[512], *sl;
		snprintf(base, sizeof base, "%s", cgfs_subtree_dir());
		sl = strrchr(base, '/');
		if (sl)
			*sl = '\0';
		snprintf(base + strlen(base), sizeof base - strlen(base), "/cgroup.subtree_control");
		if (cgfs_mode() != CGFS_V2 || access(base, W_OK) < 0) {
			saw_more(r, "%s", _("no cgroup v2 subtree delegated to this user: cgroup "
					    "commands need root"));
			r->lacking = true;
			verdict(r, PROBE_WARN, "%s",
				_("sudo aisla; or, on cgroup v2 with systemd: systemd-run --user --scope "
				  "-p Delegate=yes aisla"));
			return;
		}
	}
	if (missing[0]) {
		saw_more(r, _("missing for lesson 12: %s"), missing);
		verdict(r, PROBE_WARN, "%s",
			cgfs_mode() == CGFS_V2 ? _("enable them: echo '+cpu +memory +pids' | sudo tee "
					       "/sys/fs/cgroup/cgroup.subtree_control")
					   : _("a kernel with CONFIG_CGROUP_SCHED, CONFIG_MEMCG, CONFIG_CGROUP_PIDS"));
	}
}

static void check_cgroup2(struct probe_result *r)
{
	check_cgroups(r);
	if (r->level != PROBE_FAIL && cgfs_mode() != CGFS_V2) {
		saw_more(r, "%s", _("this lesson needs cgroup v2 alone (unified)"));
		verdict(r, PROBE_FAIL, "%s",
			_("boot with systemd.unified_cgroup_hierarchy=1 (GRUB_CMDLINE_LINUX in "
			  "/etc/default/grub, then sudo update-grub)"));
	}
}

static void check_cpus(struct probe_result *r)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	saw(r, ngettext("%ld CPU online", "%ld CPUs online", (unsigned long)n), n);
	r->lacking = n < 2;
	if (n < 2)
		verdict(r, PROBE_WARN, "%s", _("give the VM 2 CPUs or more (lesson 12 shares them)"));
}

/* /run/netns: where `netns add` mounts namespaces, as iproute2 does. */
static void check_run_netns(struct probe_result *r)
{
	struct stat st;

	if (stat(NETNS_DIR, &st) == 0)
		saw(r, "%s", _("/run/netns exists"));
	else
		saw(r, "%s", _("/run/netns does not exist yet: the first 'netns add' makes it, as ip does"));
	if (access(stat(NETNS_DIR, &st) == 0 ? NETNS_DIR : "/run", W_OK) < 0) {
		saw_more(r, "%s", _("not writable by this user"));
		if (geteuid() != 0)
			verdict(r, PROBE_WARN, "%s",
				_("nothing to do: rootless mode mounts a private /run; or sudo aisla"));
		else
			verdict(r, PROBE_FAIL, "%s", _("a writable /run (tmpfs): sudo mount -t tmpfs tmpfs /run"));
	}
}

/* A link kind, made in a throw-away network namespace. */
static void check_link(struct probe_result *r, const char *kind, const char *option)
{
	char msg[256];
	int rc = probe_child("link", kind, msg, sizeof msg);

	if (rc == 0) {
		saw(r, _("a %s was made in a throw-away network namespace"), kind);
		return;
	}
	saw(r, _("a %s could not be made: %s"), kind, msg);
	verdict(r, PROBE_FAIL, _("a kernel with %s=y (or =m and the module: sudo modprobe %s)"),
		option, kind);
}

static void check_veth(struct probe_result *r) { check_link(r, "veth", "CONFIG_VETH"); }
static void check_bridge(struct probe_result *r) { check_link(r, "bridge", "CONFIG_BRIDGE"); }

static void check_vxlan(struct probe_result *r)
{
	check_link(r, "vxlan", "CONFIG_VXLAN");
	if (r->level == PROBE_FAIL) {
		r->level = PROBE_WARN;	/* no lesson needs it yet */
		r->lacking = true;
	}
}

static void check_nftables(struct probe_result *r)
{
	char p[4096], msg[256];
	int rc;

	if (!in_path("nft", p, sizeof p)) {
		saw(r, "%s", _("no nft program"));
		verdict(r, PROBE_FAIL, "%s", _("sudo apt-get install nftables"));
		return;
	}
	rc = probe_child("nft", p, msg, sizeof msg);
	if (rc == 0) {
		saw(r, _("%s made a table in a throw-away network namespace"), p);
		return;
	}
	saw(r, _("%s could not make a table: %s"), p, msg);
	verdict(r, PROBE_FAIL, "%s", _("a kernel with CONFIG_NF_TABLES, CONFIG_NFT_NAT and "
				       "CONFIG_NFT_MASQ (Debian's has them)"));
}

/* Is path a statically linked ELF (no PT_INTERP)? */
static bool elf_static(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	Elf64_Ehdr eh;
	bool ok = false;
	if (pread(fd, &eh, sizeof eh, 0) == (ssize_t)sizeof eh &&
	    !memcmp(eh.e_ident, ELFMAG, SELFMAG) && eh.e_ident[EI_CLASS] == ELFCLASS64) {
		ok = true;
		for (int i = 0; i < eh.e_phnum; i++) {
			Elf64_Phdr ph;
			if (pread(fd, &ph, sizeof ph, (off_t)(eh.e_phoff + (size_t)i * eh.e_phentsize))
			    != (ssize_t)sizeof ph) {
				ok = false;
				break;
			}
			if (ph.p_type == PT_INTERP) {
				ok = false;
				break;
			}
		}
	}
	close(fd);
	return ok;
}

const char *static_busybox(struct err *e)
{
	static const char *const paths[] = { "/bin/busybox", "/usr/bin/busybox", NULL };
	const char *dynamic = NULL;
	for (int i = 0; paths[i]; i++) {
		if (access(paths[i], X_OK) < 0)
			continue;
		if (elf_static(paths[i]))
			return paths[i];
		dynamic = paths[i];
	}
	if (dynamic) {
		err_set(e, _("'%s' is not statically linked: it would not run inside the new root"),
			dynamic);
	} else {
		err_set(e, _("there is no busybox on this machine"));
	}
	err_hint(e, _("install Debian's static busybox: `sudo apt-get install busybox-static`"));
	return NULL;
}

static void check_busybox(struct probe_result *r)
{
	struct err e = ERR_INIT;
	const char *bb = static_busybox(&e);

	if (bb) {
		saw(r, _("%s, statically linked"), bb);
		return;
	}
	saw(r, "%s", e.msg);
	verdict(r, PROBE_FAIL, "%s", _("sudo apt-get install busybox-static"));
}

/* A program in PATH: where it is, or why it is wanted (missing) with the
 * package that brings it. */
static void check_program(struct probe_result *r, const char *prog, const char *missing,
			  enum probe_level level, const char *fix)
{
	char p[4096];

	if (in_path(prog, p, sizeof p)) {
		saw(r, "%s", p);
		return;
	}
	saw(r, "%s", missing);
	verdict(r, level, "%s", fix);
	r->lacking = true;	/* (a lesson that needs it fails even on a warning) */
}

static void check_umoci(struct probe_result *r)
{
	check_program(r, "umoci", _("no umoci program (lesson 14 compares aisla's images with it)"),
		      PROBE_WARN, _("sudo apt-get install umoci"));
}

static void check_iproute2(struct probe_result *r)
{
	check_program(r, "ip", _("no ip program (lessons check their work with it)"), PROBE_FAIL,
		      _("sudo apt-get install iproute2"));
}

/* The terminal: size (panes), UTF-8, colours. */
static void check_terminal(struct probe_result *r)
{
	static const char *const vars[] = { "LC_ALL", "LC_CTYPE", "LANG" };
	struct winsize ws = { 0 };
	const char *loc = NULL, *term = getenv("TERM");
	int fd = isatty(STDOUT_FILENO) ? STDOUT_FILENO : isatty(STDIN_FILENO) ? STDIN_FILENO : -1;
	int colors = -1, tr;

	if (fd < 0) {
		saw(r, "%s", _("not a terminal (a script or a pipe): no panes"));
		return;
	}
	ioctl(fd, TIOCGWINSZ, &ws);
	saw(r, _("%ux%u, TERM=%s"), ws.ws_col, ws.ws_row, term ? term : "");
	if (ws.ws_col >= 120 && ws.ws_row >= 35)
		saw_more(r, "%s", _("every pane at once"));
	else if (ws.ws_col >= 80 && ws.ws_row >= 24) {
		saw_more(r, "%s", _("one pane at a time (compact)"));
		verdict(r, PROBE_WARN, "%s", _("a terminal of 120x35 or more shows every pane at once"));
	} else {
		saw_more(r, "%s", _("too small for the panes: a plain prompt"));
		verdict(r, PROBE_WARN, "%s",
			_("a terminal of at least 80x24 (120x35 for every pane at once): "
			  "enlarge the window or lower the font size"));
	}
	/* UTF-8: what the environment asks for (aisla itself uses C.UTF-8). */
	for (size_t i = 0; i < 3 && !loc; i++) {
		const char *v = getenv(vars[i]);
		if (v && *v)
			loc = v;
	}
	if (!loc || (!strcasestr(loc, "utf-8") && !strcasestr(loc, "utf8"))) {
		saw_more(r, _("the locale '%s' is not UTF-8"), loc ? loc : "C");
		verdict(r, PROBE_WARN, "%s",
			_("a UTF-8 locale for accents and box lines: export LANG=C.UTF-8 "
			  "(or es_ES.UTF-8)"));
	} else {
		saw_more(r, "UTF-8");
	}
	/* Colours from terminfo; curses' own terminal is kept. */
	if (term && *term) {
		TERMINAL *old = cur_term;
		if (setupterm(term, fd, &tr) == OK) {
			colors = tigetnum((char *)"colors");
			del_curterm(cur_term);
		}
		set_curterm(old);
	}
	if (colors >= 8) {
		saw_more(r, _("%d colours"), colors);
	} else {
		saw_more(r, "%s", _("no colours"));
		verdict(r, PROBE_WARN, "%s",
			_("a terminal with colours (TERM=xterm-256color); each namespace has its colour"));
	}
}

/* The language: the Spanish catalog, a UTF-8 C locale. */
static void check_locale(struct probe_result *r)
{
	char mo[4200];
	locale_t l;

	snprintf(mo, sizeof mo, "%s/es/LC_MESSAGES/aisla.mo", paths_locale_dir());
	if (access(mo, R_OK) == 0) {
		saw(r, _("messages in %s (catalog %s)"),
		    !strcmp(i18n_lang(), "es") ? _("Spanish") : _("English"), mo);
	} else {
		saw(r, _("no Spanish catalog (%s): messages in English"), mo);
		verdict(r, PROBE_FAIL, "%s",
			_("reinstall aisla (make install, or the .deb), or point AISLA_LOCALEDIR at it"));
	}
	l = newlocale(LC_ALL_MASK, "C.UTF-8", (locale_t)0);
	if (l) {
		freelocale(l);
	} else {
		saw_more(r, "%s", _("no C.UTF-8 locale"));
		verdict(r, PROBE_WARN, "%s", _("sudo apt-get install locales (C.UTF-8 is in libc-bin)"));
	}
}

/* Does PID 1 reap orphans? An orphan is made (a grandchild whose parent
 * exits) and watched: its zombie should go within a second. */
static void check_pid1(struct probe_result *r)
{
	int fds[2], status;
	pid_t a, b = 0, reaper = 0;
	char comm[64] = "?", p[64], buf[512];
	struct timespec t0, t;
	double waited = 0;
	bool zombie = false;

	if (pipe2(fds, O_CLOEXEC) < 0) {
		saw(r, "%s", _("could not make a pipe"));
		return;
	}
	a = fork();
	if (a == 0) {
		int hold[2];
		if (pipe2(hold, O_CLOEXEC) < 0)
			_exit(1);
		b = fork();
		if (b == 0) {
			char c;
			close(hold[1]);
			/* wait for the parent to be gone, then exit: an orphan zombie */
			while (read(hold[0], &c, 1) < 0 && errno == EINTR)
				;
			_exit(0);
		}
		if (write(fds[1], &b, sizeof b) != (ssize_t)sizeof b)
			_exit(1);
		_exit(0);
	}
	close(fds[1]);
	if (a < 0 || read(fds[0], &b, sizeof b) != (ssize_t)sizeof b) {
		close(fds[0]);
		if (a > 0)
			waitpid(a, &status, 0);
		saw(r, "%s", _("could not make an orphan"));
		return;
	}
	close(fds[0]);
	waitpid(a, &status, 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	snprintf(p, sizeof p, "/proc/%d/stat", (int)b);
	do {
		FILE *f = fopen(p, "re");
		if (!f)
			break;
		if (fgets(buf, sizeof buf, f)) {
			char *rp = strrchr(buf, ')'), st = '?';
			int pp = 0;
			if (rp && sscanf(rp + 1, " %c %d", &st, &pp) == 2) {
				zombie = st == 'Z';
				if (pp > 0)
					reaper = pp;
			}
		}
		fclose(f);
		struct timespec ts = { 0, 20 * 1000 * 1000 };
		nanosleep(&ts, NULL);
		clock_gettime(CLOCK_MONOTONIC, &t);
		waited = (double)(t.tv_sec - t0.tv_sec) + (double)(t.tv_nsec - t0.tv_nsec) / 1e9;
	} while (waited < 3.0);
	if (reaper > 0) {
		snprintf(p, sizeof p, "/proc/%d/comm", (int)reaper);
		read_line(p, comm, sizeof comm);
	}
	if (waited < 1.0) {
		saw(r, _("an orphan was reaped at once by PID %d (%s)"), (int)reaper, comm);
	} else if (waited < 3.0) {
		saw(r, _("an orphan stayed a zombie %.1f s before PID %d (%s) reaped it"),
		    waited, (int)reaper, comm);
		verdict(r, PROBE_WARN, "%s",
			_("nothing to fix for aisla (it reaps its own children); dead processes of "
			  "other programs linger a moment in 'ps' as <defunct>"));
	} else {
		saw(r, _("an orphan is still a zombie after 3 s under PID %d (%s)%s"), (int)reaper,
		    comm, zombie ? "" : "?");
		verdict(r, PROBE_WARN, "%s",
			_("run with an init that reaps (docker run --init, tini, systemd); "
			  "aisla reaps its own children"));
	}
}

static void check_journal(struct probe_result *r)
{
	int n = journal_count();

	if (n <= 0) {
		saw(r, _("nothing left by an earlier session (%s)"), journal_dir());
		return;
	}
	saw(r, ngettext("%d object left by an earlier session in %s",
			"%d objects left by an earlier session in %s", (unsigned long)n), n,
	    journal_dir());
	verdict(r, PROBE_WARN, "%s", _("sudo aisla reset -y (or 'reset' inside aisla)"));
}

/* ------------------------------------------------------------------ */
/* The table                                                          */
/* ------------------------------------------------------------------ */

#define PROBE(n, t, f) static const struct probe probe_##f = { n, t, check_##f }
PROBE("root", N_("privileges"), root);
PROBE("kernel", N_("kernel"), kernel);
PROBE("namespaces", N_("namespace types"), namespaces);
PROBE("userns", N_("user namespaces"), userns);
PROBE("newuidmap", N_("wider uid maps (newuidmap)"), newuidmap);
PROBE("cgroups", N_("cgroups"), cgroups);
PROBE("cgroup2", N_("cgroup v2"), cgroup2);
PROBE("cpus", N_("CPUs"), cpus);
PROBE("run-netns", N_("/run/netns"), run_netns);
PROBE("veth", N_("veth links"), veth);
PROBE("bridge", N_("bridges"), bridge);
PROBE("vxlan", N_("vxlan links"), vxlan);
PROBE("nftables", N_("nftables (NAT, balancer)"), nftables);
PROBE("busybox", N_("static busybox (rootfs, chroot)"), busybox);
PROBE("iproute2", N_("iproute2 (ip)"), iproute2);
PROBE("umoci", N_("umoci (OCI images)"), umoci);
PROBE("terminal", N_("terminal"), terminal);
PROBE("locale", N_("language"), locale);
PROBE("pid1", N_("PID 1 reaps orphans"), pid1);
PROBE("journal", N_("leftovers in the journal"), journal);

const struct probe *const probe_table[] = {
	&probe_root, &probe_kernel, &probe_namespaces, &probe_userns, &probe_newuidmap,
	&probe_cgroups, &probe_cpus, &probe_run_netns, &probe_veth, &probe_bridge,
	&probe_vxlan, &probe_nftables, &probe_busybox, &probe_iproute2, &probe_umoci, &probe_terminal,
	&probe_locale, &probe_pid1, &probe_journal, NULL,
};

/* needs:'s words that are not a check's name (lessons already use them),
 * and checks doctor does not list on their own. */
static const struct { const char *alias; const struct probe *p; } aliases[] = {
	{ "2cpus", &probe_cpus }, { "cgroup-v2", &probe_cgroup2 },
	{ "cgroup2", &probe_cgroup2 }, { "nft", &probe_nftables },
};

const struct probe *probe_find(const char *name)
{
	for (size_t i = 0; probe_table[i]; i++)
		if (!strcmp(probe_table[i]->name, name))
			return probe_table[i];
	for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
		if (!strcmp(aliases[i].alias, name))
			return aliases[i].p;
	return NULL;
}

bool probe_known(const char *name)
{
	return probe_find(name) != NULL;
}

void probe_run(const struct probe *p, struct probe_result *r)
{
	memset(r, 0, sizeof *r);
	r->level = PROBE_OK;
	p->run(r);
}

int probe_need(const char *name, struct err *e)
{
	const struct probe *p = probe_find(name);
	struct probe_result r;

	if (!p) {
		err_set(e, _("unknown requirement '%s'"), name);
		return err_hint(e, _("'aisla doctor' lists the checks by name"));
	}
	/* root: uid 0, in the initial user namespace or the rootless one. */
	if (!strcmp(p->name, "root")) {
		if (geteuid() == 0)
			return 0;
		err_set(e, _("this needs root (uid %u here)"), (unsigned)geteuid());
		return err_hint(e, _("sudo aisla, or aisla --rootless (a user namespace of your own)"));
	}
	probe_run(p, &r);
	if (r.level != PROBE_FAIL && !r.lacking)
		return 0;
	err_set(e, _("this machine lacks %s: %s"), _(p->title), r.saw);
	return err_hint(e, "%s", r.fix);
}

/* needs.h: the lesson engine's view of the same checks. */
bool needs_known(const char *word)
{
	return probe_known(word);
}

int needs_check(const char *word, struct err *e)
{
	return probe_need(word, e);
}
