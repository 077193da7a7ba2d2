#!/usr/bin/env bash
# netns add|del|list: network-only nodes exactly as ip netns makes them.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-ns.sh"
need_root
need_cmd ip

n=$(rname n)
m=$(rname m)
defer ip netns del "$n"
defer ip netns del "$m"
before=$(ns_snap "$n" "$m")

out=$(aisla -c "netns add $n" 2>&1); rc=$?
is "netns add exits 0" "$rc" 0
like "explains it with ip netns add" "$out" "≈ ip netns add $n"
like "ip netns list shows it" "$(ip netns list)" "^$n( |$)"
is "only lo inside" "$(ip -n "$n" -o link | awk -F': ' '{print $2}')" "lo"
like "lo is down" "$(ip -n "$n" -br link)" 'DOWN'
like "a bind mount of an nsfs, as iproute2 makes it" "$(grep " /run/netns/$n " /proc/mounts)" '^nsfs '
ok "ip netns exec works on aisla's node" ip netns exec "$n" true
is "its inode is the one ip netns exec sees" \
	"$(ip netns exec "$n" readlink /proc/self/ns/net)" "net:[$(stat -L -c %i /run/netns/$n)]"

out=$(aisla -c "netns list" 2>&1)
like "netns list shows it" "$out" "^$n "
out=$(aisla -c "node list" 2>&1)
like "node list shows it with its namespaces" "$out" "^$n +net "
out=$(aisla -c "exec $n ip -br link" 2>&1)
like "exec runs inside it" "$out" "^\[$n\] lo "
out=$(aisla -c "$n ip -br link" 2>&1)
like "NODE CMD is exec" "$out" "^\[$n\] lo "

# a name taken by ip netns is refused, and the state is unchanged
ip netns add "$m"
snap=$(ns_snap "$n" "$m")
err=$(aisla -c "netns add $m" 2>&1); rc=$?
is "a name used by ip netns is refused" "$rc" 1
like "... saying who uses it" "$err" "ip netns"
err=$(aisla -c "netns add $n" 2>&1); rc=$?
is "a name used by aisla is refused" "$rc" 1
is "refusals change nothing" "$(ns_snap "$n" "$m")" "$snap"
out=$(aisla -c "node list" 2>&1)
like "iproute2's namespace is listed as such" "$out" "^$m .*ip netns"
like "ip netns' namespace can be entered too" "$(aisla -c "exec $m ip -br link" 2>&1)" "^\[$m\] lo"

out=$(aisla -c "netns del $n" 2>&1); rc=$?
is "netns del exits 0" "$rc" 0
like "explains it with ip netns del" "$out" "≈ ip netns del $n"
unlike "gone from ip netns list" "$(ip netns list)" "^$n( |$)"
ip netns del "$m"
is "nothing left behind" "$(ns_snap "$n" "$m")" "$before"
is "the journal is empty" "$(aisla -c 'reset -y' 2>&1 | grep -c 'borrado\|removed')" "0"
done_testing
