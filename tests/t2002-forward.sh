#!/usr/bin/env bash
# t2002: forwarding through a middle node: a -- r -- b, IP forwarding on in
# r, routes in a and b; the first pings the last (and not once forwarding
# is off). Checked with ip -j -n, sysctl inside r and ping.
. "$(dirname "$0")/lib.sh"
need_root
need_cmd jq
need_cmd ping

a=$(rname a) r=$(rname r) b=$(rname b)
va=$(rname v) ra=$(rname w) rb=$(rname x) vb=$(rname y)
for n in "$a" "$r" "$b"; do defer ip netns del "$n"; done
hostfwd=$(sysctl -n net.ipv4.ip_forward)

out=$(aisla -c "netns add $a; netns add $r; netns add $b;
veth $va@$a $ra@$r; veth $rb@$r $vb@$b;
addr add 10.201.1.1/24 dev $va@$a; addr add 10.201.1.254/24 dev $ra@$r;
addr add 10.201.2.254/24 dev $rb@$r; addr add 10.201.2.1/24 dev $vb@$b;
link set $va@$a up; link set $ra@$r up; link set $rb@$r up; link set $vb@$b up;
forward $r on;
route add default via 10.201.1.254 dev $va@$a;
route add 10.201.1.0/24 via 10.201.2.254 -n $b;
ping $a 10.201.2.1 -c 1" 2>&1)
is "the scenario runs" "$?" 0
diag "$out"
like "explain: forwarding as sysctl in the node" "$out" "≈ ip netns exec $r sysctl -w net.ipv4.ip_forward=1"
like "explain: the route" "$out" "≈ ip -n $a route add default via 10.201.1.254 dev $va"
like "explain: route with -n" "$out" "≈ ip -n $b route add 10.201.1.0/24 via 10.201.2.254"

is "ip_forward=1 inside r" "$(ip netns exec "$r" sysctl -n net.ipv4.ip_forward)" 1
is "IPv6 forwarding inside r" "$(ip netns exec "$r" sysctl -n net.ipv6.conf.all.forwarding)" 1
is "host forwarding untouched" "$(sysctl -n net.ipv4.ip_forward)" "$hostfwd"
is "default route in a" "$(ip -j -n "$a" route show default | jq -r '.[0] | "\(.gateway) \(.dev)"')" "10.201.1.254 $va"
is "route in b" "$(ip -j -n "$b" route show 10.201.1.0/24 | jq -r '.[0].gateway')" 10.201.2.254
ok "a pings b through r (from outside aisla)" ip netns exec "$a" ping -c 1 -W 2 10.201.2.1
ok "b pings a through r" ip netns exec "$b" ping -c 1 -W 2 10.201.1.1
like "forward shows the state" "$(aisla -c "forward $r" 2>&1)" "IPv4 (on|activado)"
l=$(aisla -c "route list $a" 2>&1)
like "route list shows the default route" "$l" "default via 10.201.1.254 dev $va"
ok "forward off" aisla -c "forward $r off"
is "ip_forward=0 inside r" "$(ip netns exec "$r" sysctl -n net.ipv4.ip_forward)" 0
nok "without forwarding a cannot reach b" ip netns exec "$a" ping -c 1 -W 1 10.201.2.1
ok "route del" aisla -c "route del default -n $a"
is "default route gone" "$(ip -j -n "$a" route show default | jq length)" 0
ok "reset" aisla reset -y
unlike "nodes gone" "$(ip netns list)" "^($a|$r|$b)( |$)"
done_testing
