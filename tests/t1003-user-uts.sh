#!/usr/bin/env bash
# unshare -U -r maps root (uid 0 inside); -U alone leaves the overflow user
# 65534; --hostname isolates the UTS name.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-ns.sh"
need_root

u=$(rname u)
v=$(rname v)
w=$(rname w)
defer "$AISLA_BIN" -c "node del $u"
defer "$AISLA_BIN" -c "node del $v"
defer "$AISLA_BIN" -c "node del $w"
before=$(ns_snap "$u" "$v" "$w")
hn=$(hostname)

out=$(aisla -c "unshare -U -r $u" 2>&1); rc=$?
is "unshare -U -r NODE exits 0" "$rc" 0
like "explained with --map-root-user" "$out" "--user --map-root-user"
h=$(holder_of "$u")
is "uid_map maps 0 inside to our uid" "$(awk '{print $1, $2, $3}' /proc/$h/uid_map)" "0 $(id -u) 1"
is "setgroups was denied before gid_map" "$(cat /proc/$h/setgroups)" "deny"
is "gid_map maps 0 too" "$(awk '{print $1, $2, $3}' /proc/$h/gid_map)" "0 $(id -g) 1"
out=$(aisla -c "exec $u id -u" 2>&1 | head -n 1)
is "inside, the user is root (uid 0)" "$out" "[$u] 0"
out=$(aisla -c "ps $u" 2>&1)
like "ps shows uid inside > outside" "$out" " 0 +0 +.*aisla-holder $u"

out=$(aisla -c "unshare -U -n $v" 2>&1); rc=$?
is "unshare -U NODE exits 0" "$rc" 0
h=$(holder_of "$v")
is "no uid_map written" "$(cat /proc/$h/uid_map | wc -l)" 0
out=$(aisla -c "exec $v id -u" 2>&1 | head -n 1)
is "inside, unmapped: the overflow user 65534" "$out" "[$v] 65534"
out=$(aisla -c "ps $v" 2>&1)
like "ps shows 65534>0" "$out" "65534>0"
like "the node's netns is in ip netns list" "$(ip netns list)" "^$v( |$)"

out=$(aisla -c "unshare -u --hostname caja-$w $w" 2>&1); rc=$?
is "unshare --hostname NODE exits 0" "$rc" 0
out=$(aisla -c "exec $w hostname" 2>&1 | head -n 1)
is "inside, the new name" "$out" "[$w] caja-$w"
is "the host keeps its name" "$(hostname)" "$hn"
h=$(holder_of "$w")
ok "the UTS namespace differs from the host's" test "$(readlink /proc/$h/ns/uts)" != "$(readlink /proc/self/ns/uts)"
like "explained with --uts and hostname" "$out$(aisla -c "unshare -u --hostname x $w" 2>&1)" "ya hay|already"

# foreground -U -r: the command runs as root inside, then the namespaces go
out=$(aisla -c "unshare -U -r -- id -u" 2>&1)
is "foreground unshare -U -r runs as root inside" "$(printf '%s\n' "$out" | head -n 1)" "0"
out=$(aisla -c "unshare -u --hostname fg-$w -- hostname" 2>&1)
is "foreground unshare --hostname" "$(printf '%s\n' "$out" | head -n 1)" "fg-$w"
is "the host keeps its name after it" "$(hostname)" "$hn"
out=$(aisla -c "unshare -n ip link" 2>&1)
like "unshare -n PROGRAM (the course's form) runs it in a new netns" "$out" '^1: lo: '
unlike "... with nothing but lo" "$out" '^2: '
out=$(aisla -c "unshare -n -- ip -br link" 2>&1)
like "unshare -n -- CMD runs it in a new netns" "$out" '^lo '

# -m -i -C: one namespace of each kind more, seen in /proc/HOLDER/ns
aisla -c "node del $w" >/dev/null 2>&1
out=$(aisla -c "unshare -m -i -C $w" 2>&1); rc=$?
is "unshare -m -i -C NODE exits 0" "$rc" 0
h=$(holder_of "$w")
for t in mnt ipc cgroup; do
	ok "the node has its own $t namespace" test "$(readlink /proc/$h/ns/$t)" != "$(readlink /proc/self/ns/$t)"
done
for t in net pid uts user; do
	is "... and shares the host's $t namespace" "$(readlink /proc/$h/ns/$t)" "$(readlink /proc/self/ns/$t)"
done
like "node list names them" "$(aisla -c 'node list' 2>&1)" "^$w +mnt,ipc,cgroup "
like "explained with --mount --ipc --cgroup" "$out" "unshare --mount --ipc --cgroup sleep infinity &"
aisla -c "exec $w mount -t tmpfs aisla-$w /mnt" >/dev/null 2>&1
is "a mount inside the node does not reach the host" "$(grep -c "^aisla-$w " /proc/mounts)" 0
like "... but is there inside" "$(aisla -c "exec $w grep aisla-$w /proc/mounts" 2>&1)" "aisla-$w /mnt tmpfs"

aisla -c "node del $u $v $w" >/dev/null 2>&1
is "nothing left behind" "$(ns_snap "$u" "$v" "$w")" "$before"
done_testing
