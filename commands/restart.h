/* restart.h: the restart policy of a node's command (`restart NODE
 * always|on-failure|no [--max N]`), kept by aisla's event loop.
 *
 * A node's command (`unshare ... NODE -- CMD`) is a background child of
 * aisla; its exit arrives through the loop's SIGCHLD handler (run.h), and
 * the policy decides whether it starts again, after a back-off that
 * doubles with every restart (200 ms, 400 ms ... capped at 10 s; back to
 * 200 ms once the command has stayed up 10 s). Nothing polls. The command
 * dies with aisla (as every background child), and the policy with it.
 *
 * The policy and the count are also written to journal_dir()/restart/NODE
 * so that another aisla process (the panes of `aisla watch`, `node list`)
 * can show them.
 */
#ifndef AISLA_RESTART_H
#define AISLA_RESTART_H

#include <stddef.h>
#include <sys/types.h>
#include "../shell/err.h"

enum restart_policy { RESTART_NO, RESTART_ALWAYS, RESTART_ON_FAILURE };

/* cmd-unshare: NODE's command argv was started as pid (a background child
 * of ours, with .on_exit = restart_child_exit). Remembers it. */
void restart_track(const char *node, char *const *argv, pid_t pid);
/* The same, for a command that is not started again with node_run (a
 * bundle's process: its own environment, ids, cgroup): spawn starts it
 * (with .on_exit = restart_child_exit) and fills *pid; free_arg(arg) when
 * the record goes. The record owns arg from this call on. */
void restart_track_spawn(const char *node, char *const *argv, pid_t pid,
			 int (*spawn)(void *arg, pid_t *pid, struct err *e), void *arg,
			 void (*free_arg)(void *arg));
/* run_spec.on_exit for a node's command. */
void restart_child_exit(pid_t pid, int status, void *arg);

/* Set NODE's policy (max = 0: no limit). Error if NODE has no command. */
int restart_set(const char *node, enum restart_policy p, int max, struct err *e);

/* The state of NODE's command in this process: -1 no command known,
 * 0 not running (waiting to restart or given up), 1 running. */
int restart_cmd_running(const char *node);

/* "always, 2 reinicios" (translated), "" if NODE has no policy: read from
 * the state file, so any aisla process can show it. */
const char *restart_describe(const char *node);

/* NODE's command in this process (borrowed), NULL if none; its length. */
char *const *restart_cmd_argv(const char *node);
int restart_argc(char *const *argv);

const char *restart_policy_name(enum restart_policy p);

#endif
