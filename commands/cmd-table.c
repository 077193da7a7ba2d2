/* cmd-table.c: the one explicit, alphabetical table of commands. It drives
 * dispatch, help, completion, --check and the table tests. */
#include <stddef.h>
#include "../shell/cmd.h"
#include "../shell/complete.h"
#include "../shell/kernel/valid.h"
#include "../shell/lesson/lesson.h"
#include "balance.h"
#include "cgroup.h"
#include "image.h"
#include "net.h"
#include "node.h"

extern const struct cmd_entry
	cmd_bang_entry, cmd_addr_entry, cmd_balance_entry, cmd_bridge_entry, cmd_bundle_entry, cmd_cgroup_entry,
	cmd_chroot_entry, cmd_demo_entry, cmd_doctor_entry, cmd_exec_entry, cmd_explain_entry,
	cmd_export_entry, cmd_forward_entry, cmd_help_entry, cmd_image_entry, cmd_ionice_entry,
	cmd_kill_entry, cmd_lesson_entry, cmd_link_entry, cmd_load_entry, cmd_nat_entry,
	cmd_netns_entry, cmd_nice_entry, cmd_node_entry, cmd_nsenter_entry,
	cmd_ping_entry, cmd_ps_entry, cmd_quit_entry, cmd_record_entry,
	cmd_renice_entry, cmd_reset_entry, cmd_restart_entry, cmd_rootfs_entry, cmd_route_entry,
	cmd_source_entry, cmd_status_entry, cmd_unshare_entry, cmd_veth_entry;

const struct cmd_entry *const cmd_table[] = {
	&cmd_bang_entry,
	&cmd_addr_entry,
	&cmd_balance_entry,
	&cmd_bridge_entry,
	&cmd_bundle_entry,
	&cmd_cgroup_entry,
	&cmd_chroot_entry,
	&cmd_demo_entry,
	&cmd_doctor_entry,
	&cmd_exec_entry,
	&cmd_explain_entry,
	&cmd_export_entry,
	&cmd_forward_entry,
	&cmd_help_entry,
	&cmd_image_entry,
	&cmd_ionice_entry,
	&cmd_kill_entry,
	&cmd_lesson_entry,
	&cmd_link_entry,
	&cmd_load_entry,
	&cmd_nat_entry,
	&cmd_netns_entry,
	&cmd_nice_entry,
	&cmd_node_entry,
	&cmd_nsenter_entry,
	&cmd_ping_entry,
	&cmd_ps_entry,
	&cmd_quit_entry,
	&cmd_record_entry,
	&cmd_renice_entry,
	&cmd_reset_entry,
	&cmd_restart_entry,
	&cmd_rootfs_entry,
	&cmd_route_entry,
	&cmd_source_entry,
	&cmd_status_entry,
	&cmd_unshare_entry,
	&cmd_veth_entry,
	NULL,
};

/* After every command that succeeded, in this order: `ran` checks and
 * guided lessons (shell/lesson/guided.c), record and export
 * (shell/lesson/record.c); then the
 * netlink sockets of namespaces the command deleted are dropped (nl.c). */
const cmd_hook_fn cmd_hooks[] = {
	lesson_guided_hook,
	lesson_record_hook,
	net_after_command,
	balance_after_command,
	NULL,
};

/* The argument kinds named in the entries' `complete` strings: how each
 * completes and, for those with a syntax, the check the dispatcher runs
 * on every positional of that kind before the command runs. */
const struct cmd_kind cmd_kinds[] = {
	{ "CGROUP", complete_cgroup, NULL },
	{ "CIDR", complete_cidr, net_cidr_check },
	{ "IFNODE", complete_ifnode, net_ifnode_check },
	{ "IMAGE", img_complete, img_ref_check },
	{ "KEY", complete_key, NULL },
	{ "LOAD", complete_load, NULL },
	{ "NEWIMAGE", NULL, img_ref_check },
	{ "NODE", complete_nodes, NULL },
	{ NULL, NULL, NULL },
};
