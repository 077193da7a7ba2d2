#!/usr/bin/env bash
# t7106: the explanations of nat and balance are the real nft commands: a
# session with a balancer in front of two frontends and NAT for the
# balancer's way out, written by `export`, is undone by reset and then run
# again by plain bash without aisla; the same connections work (the VIP
# answers "soy fN", the balancer node reaches an outside node only through
# the host's masquerade). Isolated (own host network namespace and
# /run/netns, as the lesson tests), so the fixed names never collide and
# what the bash script made dies with the namespace; its processes are
# killed by namespace first.
. "$(dirname "$0")/lib-batch.sh"
need_root
need_cmd nft
need_cmd busybox
t5_isolate
[ -n "${T5_ISOLATED:-}" ] || skip "necesita aislarse (unshare -m -n)"

tmp=$(mktemp -d /tmp/aisla-t7106.XXXXXX); defer rm -rf "$tmp"
killall_ns() {	# every process in the script's namespaces, then the namespaces
	local n
	for n in $(ls /run/netns 2>/dev/null); do
		ip netns pids "$n" 2>/dev/null | xargs -r kill -9 2>/dev/null
		ip netns del "$n" 2>/dev/null
	done
	return 0
}
defer killall_ns
cat >"$tmp/session" <<EOS
unshare -p -n f1 -- busybox nc -ll -p 80 -e echo soy f1
unshare -p -n f2 -- busybox nc -ll -p 80 -e echo soy f2
netns add lb
netns add c
netns add o
veth e0@f1 p1@lb
veth e0@f2 p2@lb
veth e0@c p0@lb
veth lb-h wan@lb
veth o-h e0@o
addr add 10.76.1.1/24 dev p1@lb
addr add 10.76.2.1/24 dev p2@lb
addr add 10.76.0.1/24 dev p0@lb
addr add 10.76.1.11/24 dev e0@f1
addr add 10.76.2.12/24 dev e0@f2
addr add 10.76.0.2/24 dev e0@c
addr add 10.76.9.1/24 dev lb-h
addr add 10.76.9.2/24 dev wan@lb
addr add 192.0.2.1/24 dev o-h
addr add 192.0.2.2/24 dev e0@o
link set p1@lb up
link set p2@lb up
link set p0@lb up
link set e0@f1 up
link set e0@f2 up
link set e0@c up
link set lb-h up
link set wan@lb up
link set o-h up
link set e0@o up
route add default via 10.76.0.1 dev e0@c
route add default via 10.76.9.1 dev wan@lb
forward lb on
balance add 10.76.100.1:80@lb 10.76.1.11:80 10.76.2.12:80
nat lb on
export $tmp/session.sh
EOS
out=$(aisla "$tmp/session" 2>&1)
is "the session runs in aisla" "$?" 0
ok "export wrote a script" test -s "$tmp/session.sh"
like "the script has the balancer's nft lines" "$(cat "$tmp/session.sh")" "nft add rule ip aisla_lb_10_76_100_1_80 prerouting"
like "the script has the masquerade" "$(cat "$tmp/session.sh")" "nft add rule ip aisla_nat_lb postrouting"
ok "reset" aisla reset -y
is "reset removed the host's NAT table" "$(nft list tables)" ""

# The same with bash only.
timeout 60 bash "$tmp/session.sh" >"$tmp/bash.out" 2>&1
is "bash runs the exported script" "$?" 0
diag "$(tail -5 "$tmp/bash.out")"
a=$(ip netns exec c busybox nc -w 2 10.76.100.1 80 </dev/null; ip netns exec c busybox nc -w 2 10.76.100.1 80 </dev/null)
is "the VIP answers, round robin, with aisla gone" "$(echo "$a" | sort | tr '\n' ' ')" "soy f1 soy f2 "
like "the host has the masquerade" "$(nft list table ip aisla_nat_lb 2>&1)" "masquerade"
ok "the balancer node reaches the outside node through the host" ip netns exec lb ping -c 1 -W 2 192.0.2.2
done_testing
