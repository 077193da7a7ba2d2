/* loop.h: the one event loop (architecture principle 2).
 *
 * One poll() over: the keyboard (readline's callback interface), a
 * signalfd (SIGCHLD, SIGINT, SIGTERM, SIGWINCH, SIGHUP), a timerfd, and
 * every fd a module registers (netlink sockets, the proc connector,
 * children's output pipes, inotify). One thread; nothing polls when
 * nothing changes.
 */
#ifndef AISLA_LOOP_H
#define AISLA_LOOP_H

#include <poll.h>
#include <stdbool.h>
#include <stdint.h>

typedef void (*loop_fd_fn)(int fd, short revents, void *arg);
typedef void (*loop_sig_fn)(int signo, void *arg);
typedef void (*loop_timer_fn)(void *arg);
typedef void (*loop_idle_fn)(void *arg);

int  loop_init(void);
void loop_free(void);

/* Watch fd for events (POLLIN...). One registration per fd. */
int  loop_add_fd(int fd, short events, loop_fd_fn fn, void *arg);
void loop_del_fd(int fd);
/* Temporarily stop/restart watching an fd (e.g. the keyboard while a
 * foreground child runs). */
void loop_pause_fd(int fd, int paused);

/* Handlers for signals delivered through the signalfd. Several handlers
 * per signal are allowed; all run. SIGCHLD handlers must reap only their
 * own children (waitpid(pid, WNOHANG)), see run.h. */
int  loop_on_signal(int signo, loop_sig_fn fn, void *arg);

/* One-shot timer after ms milliseconds; returns an id for loop_cancel. */
uint64_t loop_add_timer(unsigned ms, loop_timer_fn fn, void *arg);
void loop_cancel_timer(uint64_t id);

/* Called once at the end of every loop turn (after fds are handled):
 * the TUI redraws dirty panes here, one doupdate() per turn. */
void loop_set_idle(loop_idle_fn fn, void *arg);

/* Run until loop_quit(). */
void loop_run(void);
/* Run one turn, waiting at most timeout_ms (-1: forever). */
void loop_once(int timeout_ms);
void loop_quit(void);
int  loop_quitting(void);

/* Monotonic milliseconds. */
uint64_t loop_now_ms(void);

#endif
