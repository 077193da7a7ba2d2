#!/usr/bin/env bash
# t7105: in an interactive aisla (a terminal in tmux: the world model is live,
# fed by the kernel's rtnetlink events), a balancer follows a change made
# outside aisla: `ip link set ... down` in a frontend's namespace takes it out
# of the map and `up` puts it back, with no command typed in aisla meanwhile
# (event-driven, nothing polls). The balancer was made by an earlier batch
# session; the frontends are busybox nc servers the test starts itself.
. "$(dirname "$0")/lib.sh"
need_root
need_cmd nft
need_cmd busybox
. "$(dirname "$0")/lib-tui.sh"

c=$(rname c) lb=$(rname l) f1=$(rname f) f2=$(rname g)
for n in "$c" "$lb" "$f1" "$f2"; do defer ip netns del "$n"; done
defer aisla reset -y
t=aisla_lb_10_75_0_100_80
out=$(aisla -c "netns add $lb; netns add $f1; netns add $f2; netns add $c;
veth e1@$f1 p1@$lb; veth e2@$f2 p2@$lb;
addr add 10.75.1.1/24 dev p1@$lb; addr add 10.75.1.11/24 dev e1@$f1;
addr add 10.75.2.1/24 dev p2@$lb; addr add 10.75.2.12/24 dev e2@$f2;
link set p1@$lb up; link set e1@$f1 up; link set p2@$lb up; link set e2@$f2 up;
balance add 10.75.0.100:80@$lb 10.75.1.11:80 10.75.2.12:80" 2>&1)
is "the balancer is made" "$?" 0
diag "$out"
like "both frontends in the map" "$(ip netns exec "$lb" nft list table ip $t)" "numgen inc mod 2"

tui_start 130x40 --plain
wait_for 'aisla' 10 || { ok "aisla starts" false; done_testing; }
type "balance list"
ok "aisla shows the balancer" wait_for "10\.75\.2\.12:80 +(activo|up)" 5
mod() { ip netns exec "$lb" nft list table ip $t 2>/dev/null | grep -q "numgen inc mod $1"; }
ip -n "$f2" link set e2 down
ok "a link set down outside aisla takes the frontend out (no command typed)" until_ok 5 mod 1
unlike "only the first frontend left" "$(ip netns exec "$lb" nft list table ip $t)" "10\.75\.2\.12"
ip -n "$f2" link set e2 up
ok "set up again, it is back in the map" until_ok 5 mod 2
type "quit"
ok "aisla quits" until_ok 5 sh -c "! kill -0 $(aisla_pid) 2>/dev/null"
ok "reset" aisla reset -y
is "the table is gone" "$(ip netns exec "$lb" nft list tables 2>/dev/null)" ""
done_testing
