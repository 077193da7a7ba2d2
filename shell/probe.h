/* probe.h: what this machine can do, one check per thing aisla and the
 * lessons need (`aisla doctor`, and lessons' `needs:`).
 *
 * Each check looks at the kernel itself (a namespace made and thrown away,
 * a link created in it, /proc and sysctl files, the cgroup tree), never at
 * a list of versions, and says ok / warning / failure with what it saw and
 * the exact fix (the package, the sysctl, the kernel option). A check that
 * must create something does it in a throw-away network namespace of a
 * child process (aisla re-executed with PROBE_ARGV1): when the child exits
 * the namespace and everything in it are gone.
 */
#ifndef AISLA_PROBE_H
#define AISLA_PROBE_H

#include <stdbool.h>
#include "err.h"

/* The hidden first argument of a probe child (main.c dispatches it). */
#define PROBE_ARGV1 "--aisla-probe-child"
/* Its exit status when a namespace count limit refused (ENOSPC). */
#define PROBE_EXIT_LIMIT 3

enum probe_level { PROBE_OK, PROBE_WARN, PROBE_FAIL };

struct probe_result {
	enum probe_level level;
	char saw[768];		/* what the check saw (translated) */
	char fix[512];		/* the exact fix, "" when ok */
	/* The thing is missing although aisla runs without it (a warning for
	 * doctor, a failure for a lesson that needs it). */
	bool lacking;
};

struct probe {
	const char *name;	/* "busybox", "userns", "veth"...: doctor's and needs:'s word */
	const char *title;	/* msgid: "static busybox" */
	void (*run)(struct probe_result *r);
};

/* Every check, in doctor's order; NULL-terminated. */
extern const struct probe *const probe_table[];

/* The check named name, or NULL. needs:'s aliases are accepted: "2cpus"
 * (cpus), "cgroup-v2" (cgroup2), "nft" (nftables). */
const struct probe *probe_find(const char *name);
bool probe_known(const char *name);
/* Run the check named name (a needs: word). Returns 0 when this machine
 * has it (ok or a warning), -1 with e filled (what is missing, why, and
 * the fix as the hint) when it fails or the name is unknown. */
int probe_need(const char *name, struct err *e);
/* Run one check into r. */
void probe_run(const struct probe *p, struct probe_result *r);

/* Is this process in a user namespace other than the initial one (the
 * rootless mode, or any container)? Read from /proc/self/uid_map. */
bool probe_in_userns(void);

/* The child side (main.c): argv[0] is PROBE_ARGV1, argv[1] the test. */
int probe_child_main(int argc, char **argv);

/* The machine's static busybox (/bin/busybox, /usr/bin/busybox), the one
 * `rootfs`, `image base` and bundles copy; NULL with e filled (a dynamic
 * one would not run inside another root) and the package as the hint. */
const char *static_busybox(struct err *e);

#endif
