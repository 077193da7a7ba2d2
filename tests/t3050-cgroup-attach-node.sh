#!/usr/bin/env bash
# `cgroup attach NAME NODE` moves every process of the node (holder and its
# commands), their future children are born in the group, and `load -n NODE
# -g NAME` starts a prop inside both.
. "$(dirname "$0")/lib-cg.sh"
defer aisla -c 'reset -y'

n=$(rname nd)
g=$(rname a)
out=$(aisla -c "explain off; unshare -n -p $n -- sleep 300" 2>&1) || skip "no se pudo crear un nodo con unshare: $(printf '%s' "$out" | head -n1)"
defer aisla -c "node del $n"
out=$(aisla -c "explain off; cgroup add $g" 2>&1)
is "cgroup add" "$?" 0
sleep 0.5
# The node's processes, as the kernel sees them: same pid namespace as its holder.
holder=$(aisla -c "explain off; node list" 2>/dev/null | awk -v n="$n" '$1 == n { print $3 }')
like "the node has a holder" "$holder" '^[0-9]+$'
[ -n "$holder" ] || done_testing
nodepids() {
	local want p
	want=$(readlink "/proc/$holder/ns/pid")
	for p in /proc/[0-9]*; do
		[ "$(readlink "$p/ns/pid" 2>/dev/null)" = "$want" ] && echo "${p#/proc/}"
	done
}
before=$(nodepids | wc -l)
ok "the node has processes ($before)" test "$before" -ge 2
out=$(aisla -c "explain off; cgroup attach $g $n" 2>&1); rc=$?
is "cgroup attach $g $n" "$rc" 0
like "  says how many" "$out" "[0-9]+ procesos? del nodo '$n'"
in=$(cat "$(cgdir pids "$g")/cgroup.procs")
missing=0
for p in $(nodepids); do
	printf '%s\n' "$in" | grep -qx "$p" || { missing=$((missing + 1)); diag "not in the group: $p $(tr '\0' ' ' <"/proc/$p/cmdline")"; }
done
is "every process of the node is in the group" "$missing" 0
if [ "$V" = 1 ]; then
	ok "  in the memory hierarchy too" test -n "$(cat "$(cgdir memory "$g")/cgroup.procs")"
fi
# A process started in the node afterwards is born in the group.
out=$(aisla -c "explain off; exec $n cat /proc/self/cgroup" 2>&1)
like "a later process of the node is born in the group" "$out" "/aisla/$g"
out=$(aisla -c "explain off; load cpu -n $n -g $g" 2>&1); rc=$?
is "load cpu -n $n -g $g" "$rc" 0
sleep 0.5
spinner=$(for p in $(nodepids); do [ "$(cat /proc/$p/comm 2>/dev/null)" = aisla-load-cpu ] && echo $p; done | tail -n1)
like "the prop runs inside the node" "$spinner" '^[0-9]+$'
[ -n "$spinner" ] && like "  and inside the group" "$(cat "/proc/$spinner/cgroup")" "/aisla/$g"
# A node with its own root (a busybox rootfs without aisla's libraries):
# the prop still runs there, in the group.
r=$(rname rn)
rd=$(mktemp -d /tmp/aisla-t3050.XXXXXX); rmdir "$rd"
defer rm -rf "$rd"
if out=$(aisla -c "explain off; rootfs $rd; unshare -n -p -m --root $rd $r -- sleep 300" 2>&1); then
	defer aisla -c "node del $r"
	out=$(aisla -c "explain off; load cpu -n $r -g $g" 2>&1); rc=$?
	is "load cpu in a node with its own root" "$rc" 0
	sleep 0.5
	rh=$(aisla -c "explain off; node list" 2>/dev/null | awk -v n="$r" '$1 == n { print $3 }')
	want=$(readlink "/proc/$rh/ns/pid")
	rs=$(for p in /proc/[0-9]*; do [ "$(readlink "$p/ns/pid" 2>/dev/null)" = "$want" ] && [ "$(cat "$p/comm" 2>/dev/null)" = aisla-load-cpu ] && echo "${p#/proc/}"; done | tail -n1)
	like "  it runs inside that node" "$rs" '^[0-9]+$'
	[ -n "$rs" ] && like "  in the group" "$(cat "/proc/$rs/cgroup")" "/aisla/$g"
	[ -n "$rs" ] && like "  and ps shows what it is" "$(tr '\0' ' ' <"/proc/$rs/cmdline")" '^aisla load-prop cpu'
else
	diag "no rootfs here, skipping the node with its own root: $(printf '%s' "$out" | head -n1)"
fi

out=$(aisla -c 'reset -y' 2>&1)
nok "reset removes the group" test -e "$(cgdir pids "$g")"
for i in 1 2 3 4 5 6 7 8 9 10; do [ -e "/proc/$holder/ns" ] || break; sleep 0.2; done
nok "and the node's holder is gone" test -e "/proc/$holder/ns"
done_testing
