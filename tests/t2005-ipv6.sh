#!/usr/bin/env bash
# t2005: IPv6: addresses on a veth pair (one with DAD, one --nodad), a
# route through a router node with forwarding, ping6 across it.
. "$(dirname "$0")/lib.sh"
need_root
need_cmd jq
need_cmd ping

a=$(rname a) r=$(rname r) b=$(rname b)
va=$(rname v) ra=$(rname w) rb=$(rname x) vb=$(rname y)
for n in "$a" "$r" "$b"; do defer ip netns del "$n"; done

out=$(aisla -c "netns add $a; netns add $r; netns add $b;
veth $va@$a $ra@$r; veth $rb@$r $vb@$b;
addr add fd00:1::1/64 dev $va@$a --nodad; addr add fd00:1::fe/64 dev $ra@$r --nodad;
addr add fd00:2::fe/64 dev $rb@$r --nodad; addr add fd00:2::1/64 dev $vb@$b;
link set $va@$a up; link set $ra@$r up; link set $rb@$r up; link set $vb@$b up;
forward $r on;
route add default via fd00:1::fe dev $va@$a;
route add fd00:1::/64 via fd00:2::fe -n $b" 2>&1)
is "built" "$?" 0
diag "$out"
like "explain: nodad" "$out" "≈ ip -n $a addr add fd00:1::1/64 dev $va nodad"
like "explain: IPv6 default route" "$out" "≈ ip -n $a -6 route add default via fd00:1::fe dev $va"
is "IPv6 address on a" "$(ip -j -n "$a" -6 addr show "$va" scope global | jq -r '.[0].addr_info[0] | "\(.local)/\(.prefixlen)"')" fd00:1::1/64
is "default IPv6 route in a" "$(ip -j -n "$a" -6 route show default | jq -r '.[0].gateway')" fd00:1::fe
# b's address went through DAD: wait until it is no longer tentative.
for _ in $(seq 50); do
	ip -n "$b" -6 addr show "$vb" tentative | grep -q inet6 || break
	sleep 0.1
done
ok "a pings6 b through r" ip netns exec "$a" ping -6 -c 1 -W 2 fd00:2::1
ok "aisla ping with an IPv6 address" aisla -c "ping $b fd00:1::1 -c 1"
l=$(aisla -c "addr list $a" 2>&1)
like "addr list shows inet6" "$l" "$va +inet6 +fd00:1::1/64 +global"
l=$(aisla -c "route list $a" 2>&1)
like "route list shows the IPv6 default" "$l" "default via fd00:1::fe dev $va"
nok "gateway not in any network of the node is refused" aisla -c "route add fd00:9::/64 via fd00:7::1 -n $a"
ok "addr del" aisla -c "addr del fd00:1::1/64 dev $va@$a"
is "address gone" "$(ip -j -n "$a" -6 addr show "$va" scope global | jq '[.[].addr_info[]?] | length')" 0
ok "reset" aisla reset -y
unlike "nodes gone" "$(ip netns list)" "^($a|$r|$b)( |$)"
done_testing
