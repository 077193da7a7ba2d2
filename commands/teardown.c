/* teardown.c: reset's phases for processes and namespaces (see
 * teardown.h). The state the phases share lives in `td`: one reset runs
 * at a time in a process (journal_reset holds the journal's lock). */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <sys/mount.h>
#include <linux/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include "holder.h"
#include "../shell/kernel/nodes.h"
#include "../shell/kernel/ns.h"
#include "../shell/kernel/proc.h"
#include "net.h"
#include "nsid.h"
#include "teardown.h"
#include "../shell/i18n.h"
#include "../shell/journal.h"

#ifndef NSFS_MAGIC
#define NSFS_MAGIC 0x6e736673
#endif
#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_pidfd_send_signal
#define SYS_pidfd_send_signal 424
#endif

int pidfd_open_pid(pid_t pid)
{
	return (int)syscall(SYS_pidfd_open, pid, 0);
}

int pidfd_kill(int pidfd)
{
	return (int)syscall(SYS_pidfd_send_signal, pidfd, SIGKILL, NULL, 0);
}

/* How long reset waits for processes to exit and for links to vanish. */
#define TD_WAIT_MS 3000


struct victim {
	pid_t pid;
	int pidfd;
	bool dead;
};

struct pin {
	int type;		/* NS_* bit index (ns_name) */
	int fd;			/* held open: its inode cannot be reused meanwhile */
	unsigned long ino;
};

struct doomed {			/* a netns record proven aisla's */
	size_t rec;
	int fd;
	char id[NSID_MAX];
};

static struct {
	struct victim *v;
	size_t nv;
	struct pin *pin;
	size_t npin;
	struct doomed *d;
	size_t nd;
	char (*gone)[NSID_MAX];
	size_t ngone;
	long *holder_of;	/* per record: index in v of its holder, -1 */
	size_t nrec;
} td;

bool teardown_nsid_gone(const char *nsid)
{
	if (!nsid)
		return false;
	for (size_t i = 0; i < td.ngone; i++)
		if (nsid_same(td.gone[i], nsid))
			return true;
	return false;
}

static long now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* Open a pidfd on (pid, start) and remember it; the index in td.v, or -1
 * when that process is not there (gone, or the pid is someone else's). */
static long victim_add(pid_t pid, unsigned long long start)
{
	if (pid <= 1 || pid == getpid())
		return -1;
	for (size_t i = 0; i < td.nv; i++)
		if (td.v[i].pid == pid)
			return (long)i;
	int fd = pidfd_open_pid(pid);
	if (fd < 0)
		return -1;
	/* The start time read after the pidfd is open: if it matches, the
	 * pidfd is that process (a reused pid would start later). */
	if (start && proc_starttime(pid) != start) {
		close(fd);
		return -1;
	}
	struct victim *nv = realloc(td.v, (td.nv + 1) * sizeof *nv);
	if (!nv) {
		close(fd);
		return -1;
	}
	td.v = nv;
	td.v[td.nv] = (struct victim){ .pid = pid, .pidfd = fd };
	return (long)td.nv++;
}

static unsigned long self_ns(int type)
{
	char p[64];
	struct stat st;
	snprintf(p, sizeof p, "/proc/self/ns/%s", ns_name(type));
	return stat(p, &st) == 0 ? (unsigned long)st.st_ino : 0;
}

/* Hold namespace fd (of type) open, unless it is aisla's own. Takes fd. */
static void pin_add(int type, int fd)
{
	struct stat st;
	if (fd < 0)
		return;
	if (fstat(fd, &st) < 0 || (unsigned long)st.st_ino == self_ns(type)) {
		close(fd);
		return;
	}
	for (size_t i = 0; i < td.npin; i++)
		if (td.pin[i].type == type && td.pin[i].ino == (unsigned long)st.st_ino) {
			close(fd);
			return;
		}
	struct pin *np = realloc(td.pin, (td.npin + 1) * sizeof *np);
	if (!np) {
		close(fd);
		return;
	}
	td.pin = np;
	td.pin[td.npin++] = (struct pin){ .type = type, .fd = fd, .ino = (unsigned long)st.st_ino };
}

/* The holder of a node record: the confirmed record's holder= and start=,
 * else the state file the record names, if trusted and of the same id. */
static bool node_holder_of(const struct jrec *r, pid_t *pid, unsigned long long *start,
			   bool *state_ours)
{
	const char *sp = jrec_get(r, "state"), *id = jrec_get(r, "id");
	char line[512], sid[64] = "";
	pid_t spid = 0;
	unsigned long long sstart = 0;

	*pid = (pid_t)jrec_get_ll(r, "holder", 0);
	*start = (unsigned long long)jrec_get_ll(r, "start", 0);
	*state_ours = false;
	int fd = sp ? journal_open_trusted(sp) : -1;
	FILE *f = fd >= 0 ? fdopen(fd, "re") : NULL;
	if (!f && fd >= 0)
		close(fd);
	while (f && fgets(line, sizeof line, f)) {
		line[strcspn(line, "\n")] = '\0';
		if (!strncmp(line, "id=", 3))
			snprintf(sid, sizeof sid, "%.63s", line + 3);
		else if (!strncmp(line, "holder=", 7))
			spid = (pid_t)atoi(line + 7);
		else if (!strncmp(line, "start=", 6))
			sstart = strtoull(line + 6, NULL, 10);
	}
	if (f)
		fclose(f);
	*state_ours = id && *sid && !strcmp(id, sid);
	if ((*pid <= 0 || !*start) && *state_ours) {
		*pid = spid;
		*start = sstart;
	}
	return *pid > 0 && *start;
}

int netns_placeholder_id(int dirfd, const char *name, char *id, size_t sz)
{
	struct statx sx;

	if (statx(dirfd, name, (*name ? 0 : AT_EMPTY_PATH) | AT_SYMLINK_NOFOLLOW,
		  STATX_INO | STATX_BTIME | STATX_CTIME, &sx) < 0)
		return -1;
	struct statx_timestamp t = (sx.stx_mask & STATX_BTIME) ? sx.stx_btime : sx.stx_ctime;
	snprintf(id, sz, "%llu.%lld%09u", (unsigned long long)sx.stx_ino, (long long)t.tv_sec,
		 t.tv_nsec);
	return 0;
}

/* The identity of the placeholder file under the bind mount at
 * /run/netns/NAME: a clone of the /run/netns mount alone (no submounts,
 * open_tree) shows the file the mount covers. */
bool netns_placeholder_is(const char *name, const char *want)
{
	char id[48];
	int t = (int)syscall(SYS_open_tree, AT_FDCWD, NETNS_DIR, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);

	if (t < 0)
		return false;
	bool same = netns_placeholder_id(t, name, id, sizeof id) == 0 && !strcmp(id, want);
	close(t);
	return same;
}

/* A netns record: is what is mounted at /run/netns/NAME aisla's? Opens
 * it into td.d (decided after the cookies are read), or settles res. */
static void netns_look(const struct jrec *r, size_t i, enum undo_result *res)
{
	char path[PATH_MAX];
	struct stat st;
	struct statfs sf;

	if (strchr(r->name, '/') || !strcmp(r->name, ".") || !strcmp(r->name, "..")) {
		res[i] = UNDO_FOREIGN;
		return;
	}
	snprintf(path, sizeof path, NETNS_DIR "/%s", r->name);
	if (lstat(path, &st) < 0) {
		res[i] = UNDO_GONE;
		return;
	}
	const char *pino = jrec_get(r, "pino");
	char pid_[48];
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 || fstatfs(fd, &sf) < 0 || sf.f_type != NSFS_MAGIC) {
		/* A placeholder with nothing mounted: ours only if it is the
		 * file aisla made (recorded before the mount). */
		if (fd >= 0)
			close(fd);
		if (pino && *pino && S_ISREG(st.st_mode) &&
		    netns_placeholder_id(AT_FDCWD, path, pid_, sizeof pid_) == 0 &&
		    !strcmp(pid_, pino) && unlink(path) == 0)
			res[i] = UNDO_DONE;
		else
			res[i] = r->confirmed ? UNDO_FOREIGN : UNDO_UNPROVEN;
		return;
	}
	struct doomed *nd = realloc(td.d, (td.nd + 1) * sizeof *nd);
	if (!nd) {
		close(fd);
		return;
	}
	td.d = nd;
	td.d[td.nd++] = (struct doomed){ .rec = i, .fd = fd };
}

/* Decide the opened netns records by identity: the cookie recorded at
 * creation; a record from before cookies, by inode (weaker, as before);
 * an unconfirmed one by the placeholder file aisla made. */
static void netns_decide(const struct jrec *recs, enum undo_result *res)
{
	int *fds = calloc(td.nd ? td.nd : 1, sizeof *fds);
	char (*ids)[NSID_MAX] = calloc(td.nd ? td.nd : 1, sizeof *ids);
	size_t keep = 0;

	if (!fds || !ids) {
		free(fds);
		free(ids);
		return;
	}
	for (size_t k = 0; k < td.nd; k++)
		fds[k] = td.d[k].fd;
	nsid_of_fds(fds, td.nd, ids);
	for (size_t k = 0; k < td.nd; k++) {
		const struct jrec *r = &recs[td.d[k].rec];
		const char *want = jrec_get(r, "nsid");
		const char *pino = jrec_get(r, "pino");
		long long ino = jrec_get_ll(r, "ino", -1);
		struct stat st;
		bool ours;

		if (want)
			ours = nsid_same(want, ids[k]);
		else if (pino && *pino)
			ours = netns_placeholder_is(r->name, pino);
		else if (r->confirmed && ino > 0)
			ours = fstat(td.d[k].fd, &st) == 0 && (long long)st.st_ino == ino;
		else
			ours = false;
		if (!ours) {
			res[td.d[k].rec] = want || r->confirmed ? UNDO_FOREIGN : UNDO_UNPROVEN;
			close(td.d[k].fd);
			continue;
		}
		snprintf(td.d[k].id, sizeof td.d[k].id, "%s", ids[k]);
		td.d[keep++] = td.d[k];
	}
	td.nd = keep;
	free(fds);
	free(ids);
}

/* Every process inside a pinned namespace: one pass over /proc, one
 * stat per process and pinned type. */
static void scan_pinned(void)
{
	bool types[NS_COUNT] = { false };
	DIR *d;
	struct dirent *de;

	if (!td.npin)
		return;
	for (size_t i = 0; i < td.npin; i++)
		types[td.pin[i].type] = true;
	d = opendir("/proc");
	if (!d)
		return;
	while ((de = readdir(d))) {
		char p[64];
		struct stat st;
		bool match = false;
		if (de->d_name[0] < '1' || de->d_name[0] > '9')
			continue;
		for (int t = 0; t < NS_COUNT && !match; t++) {
			if (!types[t])
				continue;
			snprintf(p, sizeof p, "/proc/%.20s/ns/%s", de->d_name, ns_name(t));
			if (stat(p, &st) < 0)
				continue;
			for (size_t i = 0; i < td.npin && !match; i++)
				match = td.pin[i].type == t && td.pin[i].ino == (unsigned long)st.st_ino;
		}
		if (match)
			victim_add((pid_t)atoi(de->d_name), 0);
	}
	closedir(d);
}

/* SIGKILL every victim, then wait on their pidfds, all together. */
static void kill_and_wait(void)
{
	struct pollfd *pf;
	long deadline = now_ms() + TD_WAIT_MS;
	size_t left = 0;

	for (size_t i = 0; i < td.nv; i++)
		if (pidfd_kill(td.v[i].pidfd) < 0 &&
		    errno == ESRCH)
			td.v[i].dead = true;
	pf = calloc(td.nv ? td.nv : 1, sizeof *pf);
	if (!pf)
		return;
	for (;;) {
		left = 0;
		for (size_t i = 0; i < td.nv; i++)
			if (!td.v[i].dead)
				pf[left++] = (struct pollfd){ .fd = td.v[i].pidfd, .events = POLLIN };
		long wait = deadline - now_ms();
		if (!left || wait <= 0)
			break;
		if (poll(pf, left, (int)wait) < 0 && errno != EINTR)
			break;
		for (size_t k = 0; k < left; k++)
			if (pf[k].revents)
				for (size_t i = 0; i < td.nv; i++)
					if (td.v[i].pidfd == pf[k].fd)
						td.v[i].dead = true;
	}
	free(pf);
}

static void kill_run(const struct jrec *recs, size_t n, enum undo_result *res)
{
	td.ngone = 0;	/* a new reset (the shell may run several) */
	free(td.holder_of);
	td.holder_of = malloc((n ? n : 1) * sizeof *td.holder_of);
	td.nrec = n;
	if (!td.holder_of)
		return;
	for (size_t i = 0; i < n; i++) {
		const struct jrec *r = &recs[i];
		pid_t pid;
		unsigned long long start;
		bool state_ours;

		td.holder_of[i] = -1;
		if (!strcmp(r->kind, "netns")) {
			netns_look(r, i, res);
			continue;
		}
		if (!strcmp(r->kind, "node")) {
			if (!node_holder_of(r, &pid, &start, &state_ours))
				continue;
			long v = victim_add(pid, start);
			td.holder_of[i] = v;
			if (v < 0)
				continue;
			/* Its namespaces, read while (pid, start) is still it. */
			unsigned mask = (unsigned)jrec_get_ll(r, "mask", 0x7f);
			for (int t = 0; t < NS_COUNT; t++) {
				char p[64];
				if (!(mask & (1u << t)))
					continue;
				snprintf(p, sizeof p, "/proc/%d/ns/%s", (int)pid, ns_name(t));
				pin_add(t, open(p, O_RDONLY | O_CLOEXEC));
			}
			if (proc_starttime(pid) != start)
				td.holder_of[i] = -1;	/* reused meanwhile: pins are harmless */
			continue;
		}
		/* Any other process aisla started (load, nice...). */
		pid = (pid_t)jrec_get_ll(r, "pid", 0);
		start = (unsigned long long)jrec_get_ll(r, "start", 0);
		if (pid > 0 && start)
			victim_add(pid, start);
	}
	netns_decide(recs, res);
	for (size_t k = 0; k < td.nd; k++)
		pin_add(0, dup(td.d[k].fd));
	scan_pinned();
	kill_and_wait();
	/* A node whose holder is dead (or was never found) is settled; its
	 * network namespace, if bind-mounted, is its netns record's. */
	for (size_t i = 0; i < n; i++) {
		const struct jrec *r = &recs[i];
		if (strcmp(r->kind, "node"))
			continue;
		long v = td.holder_of[i];
		if (v >= 0 && !td.v[v].dead)
			continue;	/* still alive: the kind's undo reports it */
		pid_t pid;
		unsigned long long start;
		bool state_ours;
		node_holder_of(r, &pid, &start, &state_ours);
		if (state_ours)
			unlink(jrec_get(r, "state"));
		res[i] = v >= 0 ? UNDO_DONE : UNDO_GONE;
	}
}

/* ---- phase 2: every namespace together ---- */

/* A raw rtnetlink socket in the host, subscribed to link events before
 * anything is deleted (so no deletion is missed). */
static int evfd = -1;

struct hostlink {
	int index;
	char name[IFNAMSIZ];
	char kind[16];
	unsigned group;
	bool gone_in_batch;	/* deleted by group_delete() */
};

/* Dump the host's links (index, name, veth?). */
static int host_links(struct hostlink **out, size_t *n)
{
	struct {
		struct nlmsghdr h;
		struct ifinfomsg i;
	} req = { .h = { .nlmsg_len = sizeof req, .nlmsg_type = RTM_GETLINK,
			 .nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP, .nlmsg_seq = 1 },
		  .i = { .ifi_family = AF_UNSPEC } };
	static char buf[65536];
	size_t cap = 0;
	int s = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);

	*out = NULL;
	*n = 0;
	if (s < 0)
		return -1;
	if (send(s, &req, sizeof req, 0) < 0) {
		close(s);
		return -1;
	}
	for (bool done = false; !done;) {
		ssize_t len = recv(s, buf, sizeof buf, 0);
		if (len <= 0)
			break;
		for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, (size_t)len);
		     h = NLMSG_NEXT(h, len)) {
			if (h->nlmsg_type == NLMSG_DONE || h->nlmsg_type == NLMSG_ERROR) {
				done = true;
				break;
			}
			if (h->nlmsg_type != RTM_NEWLINK)
				continue;
			struct ifinfomsg *ifi = NLMSG_DATA(h);
			struct hostlink l = { .index = ifi->ifi_index };
			int alen = (int)IFLA_PAYLOAD(h);
			for (struct rtattr *a = IFLA_RTA(ifi); RTA_OK(a, alen); a = RTA_NEXT(a, alen)) {
				if (a->rta_type == IFLA_IFNAME)
					snprintf(l.name, sizeof l.name, "%s", (char *)RTA_DATA(a));
				else if (a->rta_type == IFLA_GROUP)
					l.group = *(unsigned *)RTA_DATA(a);
				else if (a->rta_type == IFLA_LINKINFO) {
					int ilen = (int)RTA_PAYLOAD(a);
					for (struct rtattr *b = RTA_DATA(a); RTA_OK(b, ilen); b = RTA_NEXT(b, ilen))
						if (b->rta_type == IFLA_INFO_KIND)
							snprintf(l.kind, sizeof l.kind, "%.15s",
								 (char *)RTA_DATA(b));
				}
			}
			if (*n == cap) {
				cap = cap ? cap * 2 : 64;
				struct hostlink *nl = realloc(*out, cap * sizeof *nl);
				if (!nl) {
					done = true;
					break;
				}
				*out = nl;
			}
			(*out)[(*n)++] = l;
		}
	}
	close(s);
	return 0;
}

/* Host ends expected to vanish: (record, host ifindex). */
static struct expect {
	size_t rec;
	int index;
	bool gone;
} *ex;
static size_t nex;

static bool doomed_id(const char *id)
{
	for (size_t k = 0; id && k < td.nd; k++)
		if (nsid_same(td.d[k].id, id))
			return true;
	return false;
}

/* The two ends of a veth record: name, node, nsid, ifindex. */
struct vend {
	char ifname[IFNAMSIZ];
	const char *node, *nsid;
	int index;
};

static void veth_ends(const struct jrec *r, struct vend e[2])
{
	const char *at = strrchr(r->name, '@');
	size_t l = at ? (size_t)(at - r->name) : strlen(r->name);
	if (l >= IFNAMSIZ)
		l = IFNAMSIZ - 1;
	memcpy(e[0].ifname, r->name, l);
	e[0].ifname[l] = '\0';
	e[0].node = jrec_get(r, "node") ? jrec_get(r, "node") : at ? at + 1 : "host";
	e[0].nsid = jrec_get(r, "nsid");
	e[0].index = (int)jrec_get_ll(r, "ifindex", 0);
	snprintf(e[1].ifname, sizeof e[1].ifname, "%s", jrec_get(r, "peer") ? jrec_get(r, "peer") : "");
	e[1].node = jrec_get(r, "pnode") ? jrec_get(r, "pnode") : "";
	e[1].nsid = jrec_get(r, "pnsid");
	e[1].index = (int)jrec_get_ll(r, "pifindex", 0);
}

/* Send a request on a fresh rtnetlink socket of the host and read every
 * ACK: the errno of the first failure, 0 if none. reqs are nreq
 * messages back to back in buf (len bytes). */
static int nl_ack_all(const void *buf, size_t len, int nreq)
{
	int s = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	int first = 0;
	static char rb[16384];

	if (s < 0)
		return errno;
	if (send(s, buf, len, 0) < 0) {
		int en = errno;
		close(s);
		return en;
	}
	while (nreq > 0) {
		ssize_t l = recv(s, rb, sizeof rb, 0);
		if (l <= 0)
			break;
		for (struct nlmsghdr *h = (struct nlmsghdr *)rb; NLMSG_OK(h, (size_t)l);
		     h = NLMSG_NEXT(h, l))
			if (h->nlmsg_type == NLMSG_ERROR) {
				struct nlmsgerr *er = NLMSG_DATA(h);
				if (er->error && !first)
					first = -er->error;
				nreq--;
			}
	}
	close(s);
	return first;
}

struct linkreq {
	struct nlmsghdr h;
	struct ifinfomsg i;
	struct rtattr a;
	unsigned group;
};

/* Delete the host links of recs[cand[k]] (verified: index, name, kind)
 * in one request: give them a link group no link of the host uses, then
 * RTM_DELLINK of that group. The kernel unregisters them in one batch
 * (one wait for RCU, ~0.5 ms a link) instead of one by one (23-45 ms
 * each), and their peers inside namespaces go with them. */
static int group_delete(const int *index, size_t nidx, const struct hostlink *hl, size_t nhl)
{
	unsigned g = 0;
	struct linkreq *req;

	if (!nidx)
		return 0;
	for (unsigned tries = 0; !g && tries < 64; tries++) {
		unsigned c = 0x40000000u | ((unsigned)getpid() * 2654435761u + tries * 40503u);
		bool used = false;
		for (size_t k = 0; k < nhl && !used; k++)
			used = hl[k].group == c;
		if (!used)
			g = c;
	}
	if (!g)
		return EBUSY;
	req = calloc(nidx, sizeof *req);
	if (!req)
		return ENOMEM;
	for (size_t k = 0; k < nidx; k++) {
		req[k].h = (struct nlmsghdr){ .nlmsg_len = sizeof req[k], .nlmsg_type = RTM_NEWLINK,
					      .nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK,
					      .nlmsg_seq = (unsigned)k + 1 };
		req[k].i = (struct ifinfomsg){ .ifi_family = AF_UNSPEC, .ifi_index = index[k] };
		req[k].a = (struct rtattr){ .rta_len = RTA_LENGTH(sizeof(unsigned)),
					    .rta_type = IFLA_GROUP };
		req[k].group = g;
	}
	int rc = nl_ack_all(req, nidx * sizeof *req, (int)nidx);
	if (rc == 0) {
		struct linkreq del = {
			.h = { .nlmsg_len = sizeof del, .nlmsg_type = RTM_DELLINK,
			       .nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK, .nlmsg_seq = 1 },
			.i = { .ifi_family = AF_UNSPEC },
			.a = { .rta_len = RTA_LENGTH(sizeof(unsigned)), .rta_type = IFLA_GROUP },
			.group = g,
		};
		rc = nl_ack_all(&del, sizeof del, 1);
	}
	free(req);
	return rc;
}

/* Is recs[i]'s link end (ifname, nsid, index) this host link? */
static bool end_is(const struct hostlink *l, const char *ifname, const char *nsid, int index,
		   const char *host, const char *kind)
{
	return index && l->index == index && nsid_same(nsid, host) && !strcmp(l->name, ifname) &&
	       !strcmp(l->kind, kind);
}

/* Every host end of aisla's veths and every bridge of aisla's in the
 * host, proven by (host cookie, ifindex, name, kind), deleted at once. */
static void group_host_links(const struct jrec *recs, size_t n, enum undo_result *res,
			     const char *host, struct hostlink *hl, size_t nhl)
{
	int *idx = calloc(2 * n + 1, sizeof *idx);
	size_t *rec = calloc(2 * n + 1, sizeof *rec);
	size_t m = 0;

	if (!idx || !rec || !*host)
		goto out;
	for (size_t i = 0; i < n; i++) {
		const struct jrec *r = &recs[i];
		if (res[i] != UNDO_PENDING)
			continue;
		bool veth = !strcmp(r->kind, "veth"), bridge = !strcmp(r->kind, "bridge");
		if (!veth && !bridge)
			continue;
		struct vend v[2];
		veth_ends(r, v);
		for (size_t k = 0; k < nhl; k++) {
			if (hl[k].gone_in_batch)
				continue;
			bool hit = end_is(&hl[k], v[0].ifname, v[0].nsid, v[0].index, host,
					  veth ? "veth" : "bridge") ||
				   (veth && end_is(&hl[k], v[1].ifname, v[1].nsid, v[1].index, host,
						   "veth"));
			if (!hit)
				continue;
			hl[k].gone_in_batch = true;
			idx[m] = hl[k].index;
			rec[m++] = i;
		}
	}
	if (m && group_delete(idx, m, hl, nhl) == 0)
		for (size_t k = 0; k < m; k++)
			res[rec[k]] = UNDO_DONE;
	else
		for (size_t k = 0; k < nhl; k++)
			hl[k].gone_in_batch = false;	/* the expect/wait path instead */
out:
	free(idx);
	free(rec);
}

/* AISLA_TIMING=1: where reset's time goes, on stderr (bench/). */
static void td_lap(const char *what)
{
	static struct timespec last;
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (what && getenv("AISLA_TIMING"))
		fprintf(stderr, "reset:   %s %.1f ms\n", what,
			(double)(now.tv_sec - last.tv_sec) * 1e3 +
				(double)(now.tv_nsec - last.tv_nsec) / 1e6);
	last = now;
}

static void netns_run(const struct jrec *recs, size_t n, enum undo_result *res)
{
	td_lap(NULL);
	char host[NSID_MAX] = "";
	struct err e = ERR_INIT;
	struct hostlink *hl = NULL;
	size_t nhl = 0;

	nex = 0;
	free(ex);
	ex = NULL;
	bool links = td.nd > 0;
	for (size_t i = 0; i < n && !links; i++)
		links = res[i] == UNDO_PENDING &&
			(!strcmp(recs[i].kind, "veth") || !strcmp(recs[i].kind, "bridge"));
	if (!links)
		goto out;	/* nothing of the network's: no socket, no dump */
	nsid_of_node("host", host, sizeof host, &e);
	err_clear(&e);
	/* Interfaces moved into a doomed namespace go back first (a veth
	 * would die with it, a device would come back without its
	 * addresses). */
	for (size_t i = n; i-- > 0;) {
		if (strcmp(recs[i].kind, "link-move") || res[i] != UNDO_PENDING ||
		    !doomed_id(jrec_get(&recs[i], "tonsid")))
			continue;
		const struct journal_kind *k = journal_kind_find("link-move");
		struct err ue = ERR_INIT;
		enum undo_result r = k ? k->undo(&recs[i], &ue) : UNDO_PENDING;
		if (r != UNDO_FAILED)
			res[i] = r;
	}
	evfd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, NETLINK_ROUTE);
	if (evfd >= 0) {
		struct sockaddr_nl sa = { .nl_family = AF_NETLINK, .nl_groups = RTMGRP_LINK };
		int big = 4 << 20;
		setsockopt(evfd, SOL_SOCKET, SO_RCVBUFFORCE, &big, sizeof big);
		if (bind(evfd, (struct sockaddr *)&sa, sizeof sa) < 0) {
			close(evfd);
			evfd = -1;
		}
	}
	host_links(&hl, &nhl);
	td_lap("prepare");
	group_host_links(recs, n, res, host, hl, nhl);
	td_lap("host links in one batch");
	for (size_t i = 0; i < n; i++) {
		const struct jrec *r = &recs[i];
		struct vend v[2];
		if (strcmp(r->kind, "veth") || res[i] != UNDO_PENDING)
			continue;
		veth_ends(r, v);
		for (int a = 0; a < 2; a++) {
			struct vend *h = &v[a], *o = &v[1 - a];
			if (!doomed_id(o->nsid) || !h->index || !nsid_same(h->nsid, host))
				continue;
			for (size_t k = 0; k < nhl; k++)
				if (hl[k].index == h->index && !strcmp(hl[k].kind, "veth") &&
				    !strcmp(hl[k].name, h->ifname) && !hl[k].gone_in_batch) {
					struct expect *ne = realloc(ex, (nex + 1) * sizeof *ne);
					if (ne) {
						ex = ne;
						ex[nex++] = (struct expect){ .rec = i, .index = h->index };
					}
				}
		}
	}
	free(hl);
	/* Now every namespace at once: the kernel cleans them up in one
	 * batch when the last reference goes. */
	for (size_t k = 0; k < td.nd; k++) {
		const struct jrec *r = &recs[td.d[k].rec];
		char path[PATH_MAX];
		snprintf(path, sizeof path, NETNS_DIR "/%s", r->name);
		nl_forget_netns(r->name);
		if (umount2(path, MNT_DETACH) < 0 && errno != EINVAL)
			continue;	/* the kind's undo reports it */
		if (unlink(path) < 0 && errno != ENOENT)
			continue;
		res[td.d[k].rec] = UNDO_DONE;
		char (*ng)[NSID_MAX] = realloc(td.gone, (td.ngone + 1) * sizeof *ng);
		if (ng) {
			td.gone = ng;
			snprintf(td.gone[td.ngone++], NSID_MAX, "%s", td.d[k].id);
		}
	}
	td_lap("unmount every namespace");
out:
	for (size_t k = 0; k < td.nd; k++)
		close(td.d[k].fd);
	td.nd = 0;
	for (size_t i = 0; i < td.npin; i++)
		close(td.pin[i].fd);
	td.npin = 0;
	for (size_t i = 0; i < td.nv; i++)
		close(td.v[i].pidfd);
	td.nv = 0;
}

/* ---- phase 3: the links that die with them ---- */

static void links_drain(void)
{
	static char buf[65536];
	ssize_t len;

	while ((len = recv(evfd, buf, sizeof buf, MSG_DONTWAIT)) > 0)
		for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, (size_t)len);
		     h = NLMSG_NEXT(h, len)) {
			if (h->nlmsg_type != RTM_DELLINK)
				continue;
			struct ifinfomsg *ifi = NLMSG_DATA(h);
			for (size_t i = 0; i < nex; i++)
				if (ex[i].index == ifi->ifi_index)
					ex[i].gone = true;
		}
	if (len < 0 && errno == ENOBUFS) {
		/* Events were lost: ask the kernel what is left instead. */
		struct hostlink *hl;
		size_t nhl;
		if (host_links(&hl, &nhl) == 0) {
			for (size_t i = 0; i < nex; i++) {
				bool there = false;
				for (size_t k = 0; k < nhl && !there; k++)
					there = hl[k].index == ex[i].index;
				ex[i].gone = !there;
			}
			free(hl);
		}
	}
}

static void links_run(const struct jrec *recs, size_t n, enum undo_result *res)
{
	long deadline = now_ms() + TD_WAIT_MS;

	for (size_t left = nex; left && evfd >= 0;) {
		struct pollfd pf = { .fd = evfd, .events = POLLIN };
		long wait = deadline - now_ms();
		if (wait <= 0)
			break;
		if (poll(&pf, 1, (int)wait) < 0 && errno != EINTR)
			break;
		links_drain();
		left = 0;
		for (size_t i = 0; i < nex; i++)
			left += !ex[i].gone;
	}
	if (evfd >= 0)
		close(evfd);
	evfd = -1;
	/* Records of what lived in a deleted namespace went with it; a veth
	 * with its host end still there is deleted by its own undo. */
	for (size_t i = 0; i < n; i++) {
		const struct jrec *r = &recs[i];
		if (res[i] != UNDO_PENDING)
			continue;
		if (!strcmp(r->kind, "veth")) {
			struct vend v[2];
			veth_ends(r, v);
			bool in0 = teardown_nsid_gone(v[0].nsid), in1 = teardown_nsid_gone(v[1].nsid);
			if (!in0 && !in1)
				continue;
			/* A pair dies when either end's namespace does; only a host
			 * end seen still there after the wait needs deleting. */
			bool left = false;
			for (size_t k = 0; k < nex; k++)
				if (ex[k].rec == i && !ex[k].gone)
					left = true;
			if (!left)
				res[i] = UNDO_GONE;
			continue;
		}
		if (!strcmp(r->kind, "address") || !strcmp(r->kind, "route") ||
		    !strcmp(r->kind, "bridge") || !strcmp(r->kind, "forward"))
			if (teardown_nsid_gone(jrec_get(r, "nsid")))
				res[i] = UNDO_GONE;
	}
	free(ex);
	ex = NULL;
	nex = 0;
}

const struct journal_phase teardown_phase_kill = { .name = "kill", .run = kill_run };
const struct journal_phase teardown_phase_netns = { .name = "netns", .run = netns_run };
const struct journal_phase teardown_phase_links = { .name = "links", .run = links_run };
