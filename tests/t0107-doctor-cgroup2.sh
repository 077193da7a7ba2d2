#!/usr/bin/env bash
# aisla doctor on a cgroup v2 machine (the qemu tier's guest; skipped on a
# hybrid or v1 host): root sees v2 and its controllers as the kernel lists
# them; a user without a delegated subtree gets a warning with the reason;
# a user given a subtree as systemd delegates one (owned by the user, with
# controllers enabled above it) gets ok.
. "$(dirname "$0")/lib.sh"
need_root
need_cmd setpriv
[ "$(awk '$2 == "/sys/fs/cgroup" {t = $3} END {print t}' /proc/mounts)" = cgroup2 ] || skip "no cgroup v2 alone here (the qemu tier has it)"

out=$(aisla doctor cgroups cgroup2 2>&1); rc=$?
like "root: cgroups ok on v2" "$out" '^  ok +cgroups +cgroups: cgroup v2'
like "root: cgroup2 ok" "$out" '^  ok +cgroup2 +cgroup v2: cgroup v2'
for c in cpu memory pids; do
	if grep -qw "$c" /sys/fs/cgroup/cgroup.controllers; then
		like "root: the controller $c the kernel lists" "$out" "controladores: [^;]*$c"
	fi
done
is "root: exit 0" "$rc" 0

out=$(setpriv --reuid=1000 --regid=1000 --clear-groups env HOME=/ "$AISLA_BIN" doctor cgroups 2>&1); rc=$?
like "a user without delegation: a warning with the reason" "$out" \
	'^  aviso +cgroups .*ningún subárbol de cgroup v2 delegado'
like "... and the fix" "$out" 'Delegate=yes'
is "... exit 2 (a warning)" "$rc" 2

# A subtree delegated as systemd does it: the directory and its files
# belong to the user, the controllers are enabled above it.
d=/sys/fs/cgroup/t0107-$$
mkdir "$d" "$d/leaf"
defer rmdir "$d"
defer rmdir "$d/leaf"
echo "+cpu +memory +pids" >/sys/fs/cgroup/cgroup.subtree_control 2>/dev/null
chown -R 1000:1000 "$d"
# (root moves the process there: the move needs the common ancestor's
# cgroup.procs; then it becomes the user)
out=$(bash -c 'echo $$ >"$1/leaf/cgroup.procs" && exec "$3" --reuid=1000 --regid=1000 \
	--clear-groups env HOME=/ "$2" doctor cgroups' _ "$d" "$AISLA_BIN" "$(type -P setpriv)" 2>&1); rc=$?
like "a user with a delegated subtree: ok" "$out" '^  ok +cgroups +cgroups: cgroup v2'
like "... aisla's groups under it" "$out" "bajo $d/aisla"
is "... exit 0" "$rc" 0

# Rootless mode in that subtree: cgroups work, and the session's end
# removes its groups.
defer rmdir "$d/aisla"
out=$(bash -c 'echo $$ >"$1/leaf/cgroup.procs" && exec "$3" --reuid=1000 --regid=1000 \
	--clear-groups env -u AISLA_RUN_DIR HOME=/ "$2" -c "cgroup add g1; cgroup set g1 pids 5; !cat /sys/fs/cgroup${1#/sys/fs/cgroup}/aisla/g1/pids.max"' \
	_ "$d" "$AISLA_BIN" "$(type -P setpriv)" 2>&1); rc=$?
is "rootless in a delegated subtree: cgroup add and set work" "$rc" 0
like "... the limit is in the kernel" "$out" '^5$'
ok "... and the session's end removed the group" test ! -e "$d/aisla/g1"
done_testing
