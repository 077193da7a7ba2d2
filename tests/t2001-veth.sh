#!/usr/bin/env bash
# t2001: the course's veth demo: two nodes joined by a veth pair, each end
# made in its node, addressed, up; ping both ways. Checked from outside
# with ip -j -n and ping; reset removes everything.
. "$(dirname "$0")/lib.sh"
need_root
need_cmd jq
need_cmd ping

a=$(rname r) b=$(rname a)
va=$(rname v) vb=$(rname w)
defer ip netns del "$a"
defer ip netns del "$b"

out=$(aisla -c "netns add $a; netns add $b;
veth $va@$a $vb@$b;
addr add 10.200.0.1/24 dev $va@$a;
addr add 10.200.0.2/24 dev $vb@$b;
link set $va@$a up;
link set $vb@$b up;
ping $a 10.200.0.2 -c 1;
ping $b 10.200.0.1 -c 1" 2>&1)
is "the demo runs" "$?" 0
diag "$out"
like "explain: the veth in one request, each end in its netns" "$out" \
	"≈ ip link add $va netns $a type veth peer name $vb netns $b"
like "explain: ip -n addr add" "$out" "≈ ip -n $a addr add 10.200.0.1/24 dev $va"
like "explain: ip -n link set up" "$out" "≈ ip -n $b link set $vb up"

j=$(ip -j -n "$a" -d link show "$va")
is "end A is a veth in $a" "$(jq -r '.[0].linkinfo.info_kind' <<<"$j")" veth
is "end A is up" "$(jq -r '.[0].operstate' <<<"$j")" UP
is "end A's peer is in $b" "$(jq -r '.[0].link_netnsid' <<<"$j")" \
	"$(ip -n "$a" -j netns list-id | jq -r --arg n "$b" '.[] | select(.name == $n) | .nsid')"
jb=$(ip -j -n "$b" -d link show "$vb")
is "end B is a veth in $b" "$(jq -r '.[0].linkinfo.info_kind' <<<"$jb")" veth
is "B's peer index is A's index" "$(jq -r '.[0].link_index' <<<"$jb")" "$(jq -r '.[0].ifindex' <<<"$j")"
is "address on A" "$(ip -j -n "$a" addr show "$va" | jq -r '.[0].addr_info[] | select(.family == "inet") | "\(.local)/\(.prefixlen)"')" 10.200.0.1/24
is "address on B" "$(ip -j -n "$b" addr show "$vb" | jq -r '.[0].addr_info[] | select(.family == "inet") | "\(.local)/\(.prefixlen)"')" 10.200.0.2/24
ok "ping A -> B from outside aisla" ip netns exec "$a" ping -c 1 -W 2 10.200.0.2
ok "ping B -> A from outside aisla" ip netns exec "$b" ping -c 1 -W 2 10.200.0.1
unlike "no end was ever made in the host" "$(ip -o link)" "$va|$vb"

l=$(aisla -c "link list $a" 2>&1)
like "link list shows the peer as name@node" "$l" "$va +veth +UP .*(peer|pareja) $vb@$b"
l=$(aisla -c "addr list $b" 2>&1)
like "addr list shows the address" "$l" "$vb +inet +10.200.0.2/24"
l=$(aisla -c "route list $a" 2>&1)
like "route list shows the connected network" "$l" "10.200.0.0/24 dev $va proto kernel scope link"

ok "reset" aisla reset -y
unlike "nodes gone" "$(ip netns list)" "^($a|$b)( |$)"
done_testing
