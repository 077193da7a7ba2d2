#!/usr/bin/env bash
# t7102: `balance`: a round-robin balancer in a node spreads N connections
# over 3 frontends within ±1; a frontend whose command dies leaves the map
# (the others share the load) and comes back when its command is restarted.
# One aisla session (a script: the frontends' commands live as long as
# aisla); connections from a client node with busybox nc; frontends are
# busybox nc servers that answer their node's name. Checked with the
# answers, `nft list` inside the balancer node and `balance list`. Bad
# input (port out of range, unreachable backend, unknown node): Spanish
# error, exit 1, no table made. reset removes the table.
. "$(dirname "$0")/lib.sh"
need_root
need_cmd nft
need_cmd busybox
need_cmd pgrep

c=$(rname c) lb=$(rname l) f1=$(rname f) f2=$(rname g) f3=$(rname h)
for n in "$c" "$lb" "$f1" "$f2" "$f3"; do defer ip netns del "$n"; done
br=$(rname b)
tmp=$(mktemp -d /tmp/aisla-t7102.XXXXXX); defer rm -rf "$tmp"
N=30
conns() {	# conns FILE: N connections from the client, one answer a line
	echo "!for i in \$(seq $N); do ip netns exec $c busybox nc -w 2 10.72.0.100 80 </dev/null; done >$1"
}

{
	for f in "$f1" "$f2" "$f3"; do
		echo "unshare -n -p $f -- busybox nc -ll -p 80 -e echo $f"
	done
	cat <<EOS
netns add $c
netns add $lb
bridge add $br@$lb
addr add 10.72.1.1/24 dev $br@$lb
link set $br@$lb up
veth vc@$c vl@$lb
addr add 10.72.2.2/24 dev vc@$c
addr add 10.72.2.1/24 dev vl@$lb
link set vc@$c up
link set vl@$lb up
route add default via 10.72.2.1 dev vc@$c
forward $lb on
EOS
	i=0
	for f in "$f1" "$f2" "$f3"; do
		i=$((i + 1))
		cat <<EOS
veth e$i@$f p$i@$lb
bridge attach $br@$lb p$i
addr add 10.72.1.1$i/24 dev e$i@$f
link set e$i@$f up
link set p$i@$lb up
EOS
	done
	echo "balance add 10.72.0.100:80@$lb 10.72.1.11:80 10.72.1.12:80 10.72.1.13:80"
	echo "!ip netns exec $lb nft list table ip aisla_lb_10_72_0_100_80 >$tmp/table"
	conns "$tmp/all"
	echo "!kill \$(pgrep -f '^busybox nc -ll -p 80 -e echo $f2\$'); sleep 0.5"
	echo "!ip netns exec $lb nft list table ip aisla_lb_10_72_0_100_80 >$tmp/table2"
	echo "balance list"
	conns "$tmp/two"
	echo "restart $f2 always"
	echo "!sleep 1"
	conns "$tmp/back"
	echo "restart $f2"
	echo "link set e3@$f3 down"
	echo "!ip netns exec $lb nft list table ip aisla_lb_10_72_0_100_80 >$tmp/table3"
	echo "link set e3@$f3 up"
	echo "!sleep 0.3; ip netns exec $lb nft list table ip aisla_lb_10_72_0_100_80 >$tmp/table4"
} >"$tmp/script"

out=$(aisla "$tmp/script" 2>&1)
is "the session runs" "$?" 0
diag "$out"
like "explain: the numgen map" "$out" "≈ ip netns exec $lb nft add rule ip aisla_lb_10_72_0_100_80 prerouting ip daddr 10.72.0.100 tcp dport 80 dnat to numgen inc mod 3 map '\{ 0 : 10.72.1.11 . 80, 1 : 10.72.1.12 . 80, 2 : 10.72.1.13 . 80 \}'"
like "the table is aisla's, in the balancer node" "$(cat "$tmp/table")" 'comment "aisla:[0-9a-f]{12}"'
like "round robin over a numgen map" "$(cat "$tmp/table")" 'numgen inc mod 3 map \{ 0 : 10\.72\.1\.11 \. 80, 1 : 10\.72\.1\.12 \. 80, 2 : 10\.72\.1\.13 \. 80 \}'

spread() {	# spread FILE NAME...: "ok" if each NAME got N/k ±1 answers
	local file=$1; shift
	local k=$# want=$((N / $#)) name got
	[ "$(wc -l <"$file")" = "$N" ] || { echo "$(wc -l <"$file") answers"; return; }
	for name in "$@"; do
		got=$(grep -cx "$name" "$file")
		[ $((got - want)) -le 1 ] && [ $((want - got)) -le 1 ] || { echo "$name got $got of $N"; return; }
	done
	echo ok
}
is "$N connections spread over 3 frontends within ±1" "$(spread "$tmp/all" "$f1" "$f2" "$f3")" ok
like "the dead frontend left the map" "$(cat "$tmp/table2")" 'numgen inc mod 2 map \{ 0 : 10\.72\.1\.11 \. 80, 1 : 10\.72\.1\.13 \. 80 \}'
like "balance list shows it down" "$out" "10\.72\.1\.12:80 +(down|caído)"
is "without it: the other two share the load" "$(spread "$tmp/two" "$f1" "$f3")" ok
is "no connection went to the dead one" "$(grep -cx "$f2" "$tmp/two")" 0
like "the restart policy brought it back" "$out" "\[$f2\] .*(restarted|reiniciada)"
is "back in the map: 3 frontends again" "$(spread "$tmp/back" "$f1" "$f2" "$f3")" ok
like "the restarts are counted" "$out" "$f2: .*always.*: 1 "
like "a frontend whose link goes down leaves the map" "$(cat "$tmp/table3")" 'numgen inc mod 2 map \{ 0 : 10\.72\.1\.11 \. 80, 1 : 10\.72\.1\.12 \. 80 \}'
like "and comes back with its link" "$(cat "$tmp/table4")" 'numgen inc mod 3 map'


# Bad input: nothing made.
base="netns add $lb; netns add $c"
for bad in "10.72.0.100:70000@$lb 10.72.2.2:80" "10.72.0.100:80@$lb 10.72.2.2:0" \
	   "10.72.0.100:80@$lb 10.72.9.9:80" "10.72.0.100:80@nonode 10.72.2.2:80" \
	   "10.72.0.100:80@$lb 10.72.2.2:80 10.72.2.2:80" "10.72.0.100@$lb 10.72.2.2:80"; do
	err=$(aisla -c "balance add $bad" 2>&1)
	is "balance add $bad: exit 1" "$?" 1
	like "balance add $bad: a hint" "$err" "pista:"
done
err=$(aisla -c "balance add 10.72.0.100:80@$lb 10.72.9.9:80" 2>&1)
like "unreachable backend: names it" "$err" "10\.72\.9\.9.*(inalcanzable|unreachable)"
err=$(aisla -c "balance add 10.72.0.100:99999@$lb 10.72.2.2:80" 2>&1)
like "port out of range: says so" "$err" "99999.*(rango|range)"
is "no table left by the refused ones" "$(ip netns exec "$lb" nft list tables | grep -vc aisla_lb_10_72_0_100_80)" 0

ok "reset" aisla reset -y
unlike "nodes gone" "$(ip netns list)" "^($c|$lb|$f1|$f2|$f3)( |$)"
is "no server left" "$(pgrep -fc "^busybox nc -ll -p 80 -e echo ($f1|$f2|$f3)\$")" 0
done_testing
