/* world/procs.c: the process side of the model (see procs.h).
 *
 * A table of processes sorted by pid, filled by a full /proc scan at start
 * and kept current by the proc connector (fork/exec/exit events; it only
 * works from the initial network namespace, needs root, and a burst of
 * forks overflows its socket: 8 MiB SO_RCVBUFFORCE, and a full rescan on
 * ENOBUFS). A 1 Hz timer refreshes CPU and memory figures, re-reads what
 * no event announces (setns, unshare, nice) and drops dead processes that
 * lingered long enough to be seen.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/cn_proc.h>
#include <linux/connector.h>
#include <linux/netlink.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include "procs.h"
#include "world.h"
#include "../journal.h"
#include "../loop.h"
#include "../kernel/nodes.h"
#include "../kernel/ns.h"

#define LINGER_MS 2000
#define TICK_MS 1000
#define NODEMAP_MS 500

/* PNS_* index the namespaces as NS_* bits do (shell/kernel/ns.h). */
_Static_assert(PNS_COUNT == NS_COUNT, "PNS_* and NS_* must agree");

static struct proc *tab;
static size_t ntab, captab;
static bool live;
static int cn_fd = -1;
static unsigned resyncs;	/* full rescans after the connector overflowed */
static unsigned long changes;	/* bumped by every visible change of the table */
static bool figures = true;	/* the 1 Hz CPU/memory refresh is wanted */
static bool figures_all;	/* ... for every process, not only those that matter */
static bool nodemap_valid;	/* the node-of-namespace map is current */
static uint64_t sweep_id;	/* one-shot removal of lingering dead entries */
static void arm_sweep(void);
static uint64_t tick_id;
static long hz;
static long page_kb;
static unsigned long host_ns[PNS_COUNT];
/* CPU accounting: previous utime+stime per slot, kept beside the table */
static unsigned long long *prev_ticks;
static uint64_t prev_ms;
static unsigned long long last_ticks;	/* utime+stime of the last procs_read */

/* ---- reading one process ---- */

static ssize_t read_small(const char *path, char *buf, size_t sz)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t n = read(fd, buf, sz - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = 0;
	return n;
}

static unsigned long link_inode(const char *path)
{
	char buf[64];
	ssize_t n = readlink(path, buf, sizeof buf - 1);
	if (n <= 0)
		return 0;
	buf[n] = 0;
	char *b = strchr(buf, '[');
	return b ? strtoul(b + 1, NULL, 10) : 0;
}

/* uid inside the process's user namespace, from its uid_map as read from
 * the host: lines "inside outside count". */
static uid_t uid_inside(pid_t pid, uid_t uid)
{
	char p[64], buf[1024];
	snprintf(p, sizeof p, "/proc/%d/uid_map", (int)pid);
	if (read_small(p, buf, sizeof buf) < 0)
		return uid;
	char *save, *line;
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		unsigned long in, out, cnt;
		if (sscanf(line, "%lu %lu %lu", &in, &out, &cnt) == 3 && uid >= out &&
		    uid < out + cnt)
			return (uid_t)(in + (uid - out));
	}
	return PROCS_UID_UNMAPPED;
}

/* The cgroup line to show: v2 ("0::") when it is the only one, else the
 * v1 cpu hierarchy, else the first. */
static void read_cgroup(pid_t pid, char *out, size_t sz)
{
	char p[64], buf[4096];
	snprintf(p, sizeof p, "/proc/%d/cgroup", (int)pid);
	out[0] = 0;
	if (read_small(p, buf, sizeof buf) < 0)
		return;
	char *save, *line, *first = NULL, *cpu = NULL, *v2 = NULL;
	int nlines = 0;
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *c1 = strchr(line, ':');
		char *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
		if (!c2)
			continue;
		nlines++;
		*c2 = 0;
		if (!first)
			first = c2 + 1;
		if (!strcmp(line, "0:") || (c1 == line + 1 && line[0] == '0'))
			v2 = c2 + 1;
		char ctl[256];
		snprintf(ctl, sizeof ctl, ",%s,", c1 + 1);
		if (strstr(ctl, ",cpu,"))
			cpu = c2 + 1;
	}
	const char *pick = (v2 && nlines == 1) ? v2 : cpu ? cpu : v2 ? v2 : first;
	if (pick)
		snprintf(out, sz, "%s", pick);
}

int procs_read(pid_t pid, struct proc *p)
{
	char path[64], buf[4096];
	unsigned long long ut = 0, stt = 0;
	memset(p, 0, sizeof *p);
	p->pid = pid;

	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	if (read_small(path, buf, sizeof buf) < 0)
		return -1;
	char *lp = strchr(buf, '('), *rp = strrchr(buf, ')');
	if (!lp || !rp)
		return -1;
	size_t cl = (size_t)(rp - lp - 1);
	if (cl >= sizeof p->comm)
		cl = sizeof p->comm - 1;
	memcpy(p->comm, lp + 1, cl);
	p->comm[cl] = 0;
	/* fields from 3 on */
	char *f[50] = { 0 };
	int nf = 0;
	char *save;
	for (char *t = strtok_r(rp + 2, " ", &save); t && nf < 50; t = strtok_r(NULL, " ", &save))
		f[nf++] = t;
	if (nf < 22)
		return -1;
	/* f[0] = field 3 (state) ... f[k] = field k+3 */
	p->ppid = (pid_t)atoi(f[1]);
	unsigned long flags = strtoul(f[6], NULL, 10);
	ut = strtoull(f[11], NULL, 10);
	stt = strtoull(f[12], NULL, 10);
	p->nice = atoi(f[16]);
	p->start = strtoull(f[19], NULL, 10);
	p->rss_kb = strtoul(f[21], NULL, 10) * (unsigned long)page_kb;
	/* PF_KTHREAD alone: in a PID namespace (rootless mode) pid 2 and
	 * its children are ordinary processes, aisla among them. */
	p->kthread = (flags & 0x00200000) != 0;
	last_ticks = ut + stt;	/* for the table's CPU accounting */

	p->nnspid = 1;
	p->nspid[0] = pid;
	p->uid = 0;
	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	if (read_small(path, buf, sizeof buf) >= 0) {
		char *s = strstr(buf, "\nUid:");
		if (s)
			p->uid = (uid_t)strtoul(s + 5, NULL, 10);
		s = strstr(buf, "\nNSpid:");
		if (s) {
			s += 7;
			p->nnspid = 0;
			while (p->nnspid < PROCS_NSPID_MAX) {
				char *end;
				long v = strtol(s, &end, 10);
				if (end == s)
					break;
				p->nspid[p->nnspid++] = (pid_t)v;
				s = end;
				if (*s == '\n')
					break;
			}
			if (!p->nnspid) {
				p->nnspid = 1;
				p->nspid[0] = pid;
			}
		}
	}
	if (p->kthread) {
		memcpy(p->ns, host_ns, sizeof p->ns);
		snprintf(p->root, sizeof p->root, "/");
		snprintf(p->cmdline, sizeof p->cmdline, "[%s]", p->comm);
		p->uid_inside = p->uid;
		return 0;
	}
	for (int i = 0; i < PNS_COUNT; i++) {
		snprintf(path, sizeof path, "/proc/%d/ns/%s", (int)pid, ns_name(i));
		p->ns[i] = link_inode(path);
	}
	p->uid_inside = (p->ns[PNS_USER] && p->ns[PNS_USER] != host_ns[PNS_USER])
		? uid_inside(pid, p->uid) : p->uid;
	snprintf(path, sizeof path, "/proc/%d/root", (int)pid);
	ssize_t n = readlink(path, p->root, sizeof p->root - 1);
	if (n > 0)
		p->root[n] = 0;
	else
		snprintf(p->root, sizeof p->root, "?");
	read_cgroup(pid, p->cgroup, sizeof p->cgroup);
	snprintf(path, sizeof path, "/proc/%d/cmdline", (int)pid);
	n = read_small(path, buf, sizeof p->cmdline);
	if (n > 0) {
		while (n > 0 && buf[n - 1] == 0)
			n--;
		for (ssize_t i = 0; i < n; i++)
			if (buf[i] == 0 || buf[i] == '\n' || buf[i] == '\t')
				buf[i] = ' ';
		buf[n] = 0;
		snprintf(p->cmdline, sizeof p->cmdline, "%.159s", buf);
	} else {
		snprintf(p->cmdline, sizeof p->cmdline, "[%s]", p->comm);
	}
	return 0;
}

/* ---- the table ---- */

static size_t tab_lower(pid_t pid)
{
	size_t lo = 0, hi = ntab;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (tab[mid].pid < pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static struct proc *tab_find(pid_t pid)
{
	size_t i = tab_lower(pid);
	return i < ntab && tab[i].pid == pid ? &tab[i] : NULL;
}

static int tab_reserve(size_t n)
{
	if (n <= captab)
		return 0;
	size_t cap = captab ? captab : 256;
	while (cap < n)
		cap *= 2;
	struct proc *nt = realloc(tab, cap * sizeof *nt);
	if (!nt)
		return -1;
	tab = nt;
	unsigned long long *np = realloc(prev_ticks, cap * sizeof *np);
	if (!np)
		return -1;
	prev_ticks = np;
	captab = cap;
	return 0;
}

/* Insert or replace p (just read: last_ticks is its CPU time); returns
 * true if new. */
static bool tab_put(struct proc *p, uint64_t now)
{
	size_t i = tab_lower(p->pid);
	unsigned long long ticks = last_ticks;
	if (i < ntab && tab[i].pid == p->pid) {
		struct proc *o = &tab[i];
		bool same = o->start == p->start && !o->dead;
		p->born_ms = same ? o->born_ms : now;
		p->cpu = same ? o->cpu : 0;
		if (!same || strcmp(o->cmdline, p->cmdline) || o->ppid != p->ppid ||
		    memcmp(o->ns, p->ns, sizeof o->ns) || strcmp(o->root, p->root) ||
		    strcmp(o->cgroup, p->cgroup) || o->uid != p->uid) {
			p->changed_ms = now;
			changes++;
		} else {
			p->changed_ms = o->changed_ms;
		}
		if (!same)
			prev_ticks[i] = ticks;
		*o = *p;
		return !same;
	}
	if (tab_reserve(ntab + 1) < 0)
		return false;
	memmove(&tab[i + 1], &tab[i], (ntab - i) * sizeof *tab);
	memmove(&prev_ticks[i + 1], &prev_ticks[i], (ntab - i) * sizeof *prev_ticks);
	p->born_ms = now;
	p->changed_ms = now;
	p->cpu = 0;
	changes++;
	tab[i] = *p;
	prev_ticks[i] = ticks;
	ntab++;
	return true;
}

static void tab_remove_at(size_t i)
{
	changes++;
	memmove(&tab[i], &tab[i + 1], (ntab - i - 1) * sizeof *tab);
	memmove(&prev_ticks[i], &prev_ticks[i + 1], (ntab - i - 1) * sizeof *prev_ticks);
	ntab--;
}

static void read_host_ns(void)
{
	char path[64];
	for (int i = 0; i < PNS_COUNT; i++) {
		snprintf(path, sizeof path, "/proc/self/ns/%s", ns_name(i));
		host_ns[i] = link_inode(path);
	}
}

/* Full rescan: mark and sweep, so entries keep their history. */
enum reread { REREAD_NEW, REREAD_MATTERS, REREAD_ALL };
static void rescan_some(uint64_t now, enum reread how);

/* Full rescan: every process read again. */
static void rescan(uint64_t now)
{
	rescan_some(now, REREAD_ALL);
}

/* Mark and sweep over /proc: new pids are read; known ones too with
 * REREAD_ALL, or those that matter (unless all figures are wanted) with
 * REREAD_MATTERS. */
static void rescan_some(uint64_t now, enum reread how)
{
	DIR *d = opendir("/proc");
	if (!d)
		return;
	bool *seen = calloc(ntab + 1, sizeof *seen);
	pid_t *pids = NULL;
	size_t npids = 0, cap = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (!isdigit((unsigned char)de->d_name[0]))
			continue;
		if (npids == cap) {
			cap = cap ? cap * 2 : 512;
			pid_t *np = realloc(pids, cap * sizeof *np);
			if (!np)
				break;
			pids = np;
		}
		pids[npids++] = (pid_t)atoi(de->d_name);
	}
	closedir(d);
	/* which existing entries are still there */
	for (size_t k = 0; k < npids && seen; k++) {
		struct proc *o = tab_find(pids[k]);
		if (o)
			seen[o - tab] = true;
	}
	for (size_t i = 0; i < ntab && seen; i++)
		if (!seen[i] && !tab[i].dead) {
			tab[i].dead = true;
			tab[i].changed_ms = now;
			changes++;
			arm_sweep();
		}
	free(seen);
	for (size_t k = 0; k < npids; k++) {
		struct proc p;
		const struct proc *o = tab_find(pids[k]);
		if (o && !o->dead &&
		    (how == REREAD_NEW ||
		     (how == REREAD_MATTERS && !figures_all && !procs_matters(o))))
			continue;
		if (procs_read(pids[k], &p) == 0)
			tab_put(&p, now);
	}
	free(pids);
}

/* CPU% from tick deltas; drop dead entries that lingered. */
static void update_cpu_and_sweep(uint64_t now)
{
	for (size_t i = 0; i < ntab;) {
		if (tab[i].dead && now - tab[i].changed_ms > LINGER_MS) {
			tab_remove_at(i);
			continue;
		}
		i++;
	}
	prev_ms = now;
}

/* Re-read every live user process (what no event announces) and compute
 * CPU usage over the interval. */
static void refresh_all(uint64_t now, enum reread how)
{
	double dt = prev_ms ? (double)(now - prev_ms) / 1000.0 : 0;
	rescan_some(now, how);
	for (size_t i = 0; i < ntab; i++) {
		struct proc *p = &tab[i];
		if (p->dead || (!figures_all && !procs_matters(p)))
			continue;
		/* procs_read left raw ticks in ->cpu only for new entries;
		 * read them again for the delta */
		char path[64], buf[1024];
		snprintf(path, sizeof path, "/proc/%d/stat", (int)p->pid);
		if (read_small(path, buf, sizeof buf) < 0)
			continue;
		char *rp = strrchr(buf, ')');
		if (!rp)
			continue;
		unsigned long long ut = 0, st = 0;
		char *s = rp + 2;
		for (int fno = 3; fno < 14 && s; fno++) {
			s = strchr(s, ' ');
			if (s)
				s++;
		}
		int nice = p->nice;
		long rss = (long)(p->rss_kb / (unsigned long)(page_kb ? page_kb : 4));
		/* utime stime cutime cstime priority nice threads itreal start vsize rss */
		if (!s || sscanf(s, "%llu %llu %*s %*s %*s %d %*s %*s %*s %*s %ld", &ut, &st,
				 &nice, &rss) < 2)
			continue;
		if (nice != p->nice) {
			p->changed_ms = now;
			changes++;
		}
		p->nice = nice;
		unsigned long kb = (unsigned long)rss * (unsigned long)page_kb;
		if (kb != p->rss_kb)
			changes++;
		p->rss_kb = kb;
		unsigned long long t = ut + st;
		if (dt > 0 && t >= prev_ticks[i]) {
			double cpu = (double)(t - prev_ticks[i]) * 100.0 / ((double)hz * dt);
			if ((int)(cpu * 10) != (int)(p->cpu * 10))
				changes++;
			p->cpu = cpu;
		}
		prev_ticks[i] = t;
	}
	update_cpu_and_sweep(now);
}

/* ---- the proc connector ---- */

static int cn_open(void)
{
	int fd = socket(PF_NETLINK, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, NETLINK_CONNECTOR);
	if (fd < 0)
		return -1;
	int sz = 8 << 20;
	const char *t = getenv("AISLA_TEST_CN_RCVBUF");	/* tests: provoke ENOBUFS */
	if (t && atoi(t) > 0) {
		sz = atoi(t);
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &sz, sizeof sz);
	} else if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &sz, sizeof sz) < 0) {
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &sz, sizeof sz);
	}
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK, .nl_groups = CN_IDX_PROC,
				  .nl_pid = 0 };
	if (bind(fd, (struct sockaddr *)&sa, sizeof sa) < 0) {
		close(fd);
		return -1;
	}
	struct {
		struct nlmsghdr nl;
		struct cn_msg cn;
		enum proc_cn_mcast_op op;
	} __attribute__((packed)) msg;
	memset(&msg, 0, sizeof msg);
	msg.nl.nlmsg_len = sizeof msg;
	msg.nl.nlmsg_type = NLMSG_DONE;
	msg.nl.nlmsg_pid = 0;
	msg.cn.id.idx = CN_IDX_PROC;
	msg.cn.id.val = CN_VAL_PROC;
	msg.cn.len = sizeof msg.op;
	msg.op = PROC_CN_MCAST_LISTEN;
	if (send(fd, &msg, sizeof msg, 0) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static void note_pid(pid_t pid, uint64_t now)
{
	struct proc p;
	if (procs_read(pid, &p) == 0)
		tab_put(&p, now);
}

static void note_exit(pid_t pid, uint64_t now)
{
	struct proc *o = tab_find(pid);
	if (o && !o->dead) {
		o->dead = true;
		o->changed_ms = now;
		changes++;
		arm_sweep();
	}
}

static void on_cn(int fd, short revents, void *arg)
{
	char buf[16384] __attribute__((aligned(8)));
	bool changed = false;
	uint64_t now = loop_now_ms();
	(void)revents;
	(void)arg;
	for (;;) {
		ssize_t n = recv(fd, buf, sizeof buf, 0);
		if (n < 0) {
			if (errno == ENOBUFS) {
				/* events were lost: read the whole of /proc again */
				resyncs++;
				rescan(now);
				changed = true;
				continue;
			}
			break;
		}
		if (n == 0)
			break;
		for (struct nlmsghdr *nh = (struct nlmsghdr *)buf; NLMSG_OK(nh, (size_t)n);
		     nh = NLMSG_NEXT(nh, n)) {
			if (nh->nlmsg_type == NLMSG_ERROR || nh->nlmsg_type == NLMSG_NOOP)
				continue;
			struct cn_msg *cn = NLMSG_DATA(nh);
			if (cn->id.idx != CN_IDX_PROC)
				continue;
			/* the event follows a 20-byte header: copy it to an
			 * aligned place before reading its 64-bit fields */
			struct proc_event evbuf;
			struct proc_event *ev = &evbuf;
			memset(&evbuf, 0, sizeof evbuf);
			memcpy(&evbuf, cn->data, cn->len < sizeof evbuf ? cn->len : sizeof evbuf);
			switch (ev->what) {
			case PROC_EVENT_FORK:
				/* threads are not processes */
				if (ev->event_data.fork.child_pid == ev->event_data.fork.child_tgid) {
					note_pid(ev->event_data.fork.child_tgid, now);
					changed = true;
				}
				break;
			case PROC_EVENT_EXEC:
				note_pid(ev->event_data.exec.process_tgid, now);
				changed = true;
				break;
			case PROC_EVENT_COMM:
			case PROC_EVENT_UID:
			case PROC_EVENT_SID:
				note_pid(ev->event_data.id.process_tgid, now);
				changed = true;
				break;
			case PROC_EVENT_EXIT:
				if (ev->event_data.exit.process_pid == ev->event_data.exit.process_tgid) {
					const struct proc *gone =
						tab_find(ev->event_data.exit.process_tgid);
					/* a holder may have died: its node changes */
					if (gone && procs_node_of(gone))
						nodemap_valid = false;
					note_exit(ev->event_data.exit.process_tgid, now);
					changed = true;
				}
				break;
			default:
				break;
			}
		}
	}
	if (changed)
		world_changed(WORLD_PROCS);
}

/* Every second while figures are wanted: CPU, nice and memory of every
 * process, and the pids no event announced; every fifth second, everything
 * of every process (what changes without an event: setns, unshare,
 * chroot). Watchers hear of it only when something visible changed. */
static void on_tick(void *arg)
{
	static unsigned n;
	unsigned long before = changes;
	(void)arg;
	tick_id = 0;
	/* Without the connector everything is re-read each second; with it,
	 * what matters every 5 s and everything every 30 s. */
	++n;
	refresh_all(loop_now_ms(), cn_fd < 0 || n % 30 == 0 ? REREAD_ALL :
				   n % 5 == 0 ? REREAD_MATTERS : REREAD_NEW);
	if (changes != before)
		world_changed(WORLD_PROCS);
	if (figures)
		tick_id = loop_add_timer(TICK_MS, on_tick, NULL);
}

static void on_sweep(void *arg)
{
	unsigned long before = changes;
	(void)arg;
	sweep_id = 0;
	update_cpu_and_sweep(loop_now_ms());
	bool lingering = false;
	for (size_t i = 0; i < ntab && !lingering; i++)
		lingering = tab[i].dead;
	if (changes != before)
		world_changed(WORLD_PROCS);
	if (lingering)
		arm_sweep();
}

/* Without the 1 Hz tick, dead entries still go after LINGER_MS. */
static void arm_sweep(void)
{
	if (!live || tick_id || sweep_id)
		return;
	sweep_id = loop_add_timer(LINGER_MS + 100, on_sweep, NULL);
}

bool procs_matters(const struct proc *p)
{
	pid_t self = getpid();

	if (procs_node_of(p))
		return true;
	for (int depth = 0; p && depth < 64; depth++) {
		if (p->ppid == self)
			return true;
		if (p->ppid <= 1)
			return false;
		p = procs_find(p->ppid);
	}
	return false;
}

void procs_set_figures_all(bool all)
{
	figures_all = all;
}

void procs_set_figures(bool on)
{
	figures = on;
	if (!live)
		return;
	if (on && !tick_id) {
		if (sweep_id) {
			loop_cancel_timer(sweep_id);
			sweep_id = 0;
		}
		on_tick(NULL);	/* bring everything up to date now */
	} else if (!on && tick_id) {
		loop_cancel_timer(tick_id);
		tick_id = 0;
		arm_sweep();
	}
}

/* ---- node names per namespace ---- */

struct nodemap_ent {
	int type;
	unsigned long ino;
	char name[NODE_NAME_MAX + 1];
};
static struct nodemap_ent *nodemap;
static size_t nnodemap, capnodemap;
static uint64_t nodemap_ms;

static void nodemap_add(const char *name, void *arg)
{
	struct node_info ni;
	struct err e = ERR_INIT;
	(void)arg;
	if (node_get(name, &ni, &e) < 0)
		return;
	for (int i = 0; i < PNS_COUNT; i++) {
		if (!ni.ns[i] || ni.ns[i] == host_ns[i])
			continue;
		if (nnodemap == capnodemap) {
			size_t cap = capnodemap ? capnodemap * 2 : 32;
			struct nodemap_ent *nm = realloc(nodemap, cap * sizeof *nm);
			if (!nm)
				return;
			nodemap = nm;
			capnodemap = cap;
		}
		nodemap[nnodemap].type = i;
		nodemap[nnodemap].ino = ni.ns[i];
		snprintf(nodemap[nnodemap].name, sizeof nodemap[nnodemap].name, "%s", name);
		nnodemap++;
	}
}

/* While live, the map is rebuilt only when something that defines nodes
 * changed: an entry in /run/netns or in the run dir's nodes/ (inotify),
 * or the exit of a process in a node (a holder may have died). Without
 * those watches (batch mode), it is cached for NODEMAP_MS. */
static bool nm_watching;

/* What the one watch on /run/netns and nodes/ (shell/kernel) says: the
 * map is stale; the panes that show nodes redraw once per batch. */
static void on_node_event(enum node_event ev, const char *name, void *arg)
{
	(void)name; (void)arg;
	nodemap_valid = false;
	if (ev == NODE_EV_END)
		world_changed(WORLD_PROCS | WORLD_NODES);
}

static void nm_start(void)
{
	nm_watching = node_watch(on_node_event, NULL) == 0;
}

static void nodemap_refresh(void)
{
	uint64_t now = loop_now_ms();
	if (nodemap_valid && (nm_watching || now - nodemap_ms < NODEMAP_MS))
		return;
	nnodemap = 0;
	node_foreach(nodemap_add, NULL);
	nodemap_ms = now;
	nodemap_valid = true;
}

const char *procs_node_of_ns(int type, unsigned long inode)
{
	if (type < 0 || type >= PNS_COUNT || !inode)
		return NULL;
	if (!host_ns[0])
		read_host_ns();
	if (inode == host_ns[type])
		return "host";
	nodemap_refresh();
	for (size_t i = 0; i < nnodemap; i++)
		if (nodemap[i].type == type && nodemap[i].ino == inode)
			return nodemap[i].name;
	return NULL;
}

const char *procs_node_of(const struct proc *p)
{
	/* the most telling namespaces first */
	static const int order[PNS_COUNT] = { PNS_PID, PNS_NET, PNS_MNT, PNS_UTS, PNS_USER,
					      PNS_IPC, PNS_CGROUP };
	for (int k = 0; k < PNS_COUNT; k++) {
		int i = order[k];
		if (!p->ns[i] || p->ns[i] == host_ns[i])
			continue;
		const char *n = procs_node_of_ns(i, p->ns[i]);
		if (n)
			return n;
	}
	return NULL;
}

const char *procs_ns_name(int type)
{
	return type >= 0 && type < PNS_COUNT ? ns_name(type) : "?";
}

/* ---- queries ---- */

size_t procs_count(void)
{
	return ntab;
}

const struct proc *procs_at(size_t i)
{
	return i < ntab ? &tab[i] : NULL;
}

const struct proc *procs_find(pid_t pid)
{
	return tab_find(pid);
}

unsigned procs_resyncs(void)
{
	return resyncs;
}

bool procs_live(void)
{
	return live && cn_fd >= 0;
}

void procs_refresh(void)
{
	uint64_t now = loop_now_ms();
	if (!hz)
		hz = sysconf(_SC_CLK_TCK);
	if (!page_kb)
		page_kb = sysconf(_SC_PAGESIZE) / 1024;
	read_host_ns();
	if (cn_fd >= 0)
		on_cn(cn_fd, POLLIN, NULL);
	rescan(now);
	update_cpu_and_sweep(now);
	nodemap_valid = false;
}

size_t procs_tree_rows(const char *node, bool hide_kthreads, struct proc_row **rowsp)
{
	*rowsp = NULL;
	if (!ntab)
		return 0;
	const struct proc **sel = malloc(ntab * sizeof *sel);
	if (!sel)
		return 0;
	size_t n = 0;
	for (size_t i = 0; i < ntab; i++) {
		const struct proc *p = &tab[i];
		if (hide_kthreads && p->kthread)
			continue;
		if (node) {
			bool in = false;
			for (int k = 0; k < PNS_COUNT && !in; k++) {
				if (!p->ns[k] || p->ns[k] == host_ns[k])
					continue;
				const char *nn = procs_node_of_ns(k, p->ns[k]);
				in = nn && !strcmp(nn, node);
			}
			if (!in)
				continue;
		}
		sel[n++] = p;
	}
	struct proc_row *rows = n ? malloc(n * sizeof *rows) : NULL;
	if (!rows) {
		free(sel);
		return 0;
	}
	size_t nr = procs_tree((const struct proc *const *)sel, n, rows);
	free(sel);
	*rowsp = rows;
	return nr;
}

/* ---- part entry points ---- */

int world_procs_init(bool want_live, struct err *e)
{
	(void)e;
	hz = sysconf(_SC_CLK_TCK);
	if (hz <= 0)
		hz = 100;
	page_kb = sysconf(_SC_PAGESIZE) / 1024;
	read_host_ns();
	live = want_live;
	if (live) {
		/* the connector only speaks to the initial network namespace */
		char a[64] = "", b[64] = "";
		ssize_t n1 = readlink("/proc/self/ns/net", a, sizeof a - 1);
		ssize_t n2 = readlink("/proc/1/ns/net", b, sizeof b - 1);
		/* (PID 1's link may be unreadable in some VMs: then try anyway;
		 * outside the initial netns the socket just stays silent and
		 * the 1 Hz rescan covers) */
		bool initial = n2 <= 0 || (n1 == n2 && !memcmp(a, b, (size_t)n1));
		if (n1 > 0 && initial && geteuid() == 0) {
			cn_fd = cn_open();
			if (cn_fd >= 0 && loop_add_fd(cn_fd, POLLIN, on_cn, NULL) < 0) {
				close(cn_fd);
				cn_fd = -1;
			}
		}
	}
	if (live)
		nm_start();
	uint64_t now = loop_now_ms();
	rescan(now);
	prev_ms = now;
	if (live && figures)
		tick_id = loop_add_timer(TICK_MS, on_tick, NULL);
	return 0;
}

void world_procs_free(void)
{
	if (nm_watching) {
		node_unwatch(on_node_event, NULL);
		nm_watching = false;
	}
	if (cn_fd >= 0) {
		loop_del_fd(cn_fd);
		close(cn_fd);
		cn_fd = -1;
	}
	if (tick_id)
		loop_cancel_timer(tick_id);
	if (sweep_id)
		loop_cancel_timer(sweep_id);
	tick_id = sweep_id = 0;
	free(tab);
	free(prev_ticks);
	free(nodemap);
	tab = NULL;
	prev_ticks = NULL;
	nodemap = NULL;
	ntab = captab = nnodemap = capnodemap = 0;
	nodemap_valid = false;
	live = false;
}

void procs_sync(void)
{
	if (!live)
		procs_refresh();
}
