/* net.h: what the network commands share (net.c), and the journal kinds
 * of links (net-kinds.c). The sockets per namespace and the questions to
 * the kernel are in shell/kernel/nl.h, the validators of names and
 * addresses in shell/kernel/valid.h; both are included here.
 */
#ifndef AISLA_NET_H
#define AISLA_NET_H

#include <stdbool.h>
#include <stddef.h>
#include "../shell/complete.h"
#include "../shell/err.h"
#include "../shell/kernel/nl.h"
#include "../shell/kernel/valid.h"

/* Close NODE's cached socket and namespace fd (and the world model's
 * socket there): call before deleting the namespace. */
void nl_forget_netns(const char *node);

/* "ip " or "ip -n NODE " for explain strings (static buffer). */
const char *net_ip(const char *node);

/* ---- journal kinds (net-kinds.c) ---- */

/* Delete link index in NODE (RTM_DELLINK). */
int net_link_del(const char *node, int index, const char *ifname, struct err *e);
/* Move link index of NODE into the namespace of tofd (RTM_NEWLINK with
 * IFLA_NET_NS_FD). */
int net_link_move(const char *node, int index, const char *ifname, int tofd,
		  const char *to, struct err *e);
/* A link of NODE was deleted or moved by a command: mark the live
 * journal records that name it (veth ends, bridges) undone. */
void net_journal_gone(const char *node, const char *ifname);
/* A link moved from NODE to TO (new index): records that name it follow
 * it (undone + a new record at the new place). */
void net_journal_moved(const char *node, const char *ifname, const char *to, int newindex);
/* Is IF@NODE one of aisla's own links (a live veth or bridge record)? */
bool net_journal_owns(const char *node, const char *ifname);
/* "%llu" of a number, for journal values (static buffer, 4 slots). */
const char *net_u(unsigned long long v);

/* After every command (an entry of cmd_hooks[], cmd-table.c): a
 * namespace the command deleted loses our sockets now. */
struct cmd_ctx;
struct args;
void net_after_command(struct cmd_ctx *ctx, const struct args *a, char *const *explain,
		       int nexplain);
/* Completion kinds (cmd_kinds[]): IFNODE, every interface as
 * IF or IF@NODE; CIDR, the addresses present anywhere. */
void complete_ifnode(const char *prefix, complete_add_fn add, void *ctx);
void complete_cidr(const char *prefix, complete_add_fn add, void *ctx);
/* Module init: room for a socket and a netns fd per node (RLIMIT_NOFILE).
 * main.c calls it once. */
void net_init(void);

#endif
