#!/usr/bin/env bash
# bench/net-chain.sh N: a chain of N nodes, each joined to the next by a
# veth pair, with forwarding on in the middle ones and routes so that the
# first pings the last; built and torn down by an aisla script, a bash
# script of ip commands and ip -batch (Mininet has no chain topology with
# routers). Prints "chain N TOOL BUILD_MS TEARDOWN_MS" (medians).
. "$(dirname "$0")/lib.sh"
N=${1:-100}
P=bc$((RANDOM % 900 + 100))
W=$(mktemp -d /tmp/aisla-bench.XXXXXX)
trap 'rm -rf "$W"; [ -n "${RD:-}" ] && rm -rf "$RD"' EXIT

net() { echo "10.$((150 + $1 / 256)).$(($1 % 256))"; }	# subnet of link i (between node i and i+1)

gen() {
	local i n=$N
	: >"$W/aisla-build"; : >"$W/bash-build"; : >"$W/batch-host"; : >"$W/batch-nodes"
	echo "set -e" >>"$W/bash-build"
	for ((i = 1; i <= n; i++)); do
		echo "netns add ${P}n$i" >>"$W/aisla-build"
		echo "ip netns add ${P}n$i" >>"$W/bash-build"
		echo "netns add ${P}n$i" >>"$W/batch-host"
	done
	for ((i = 1; i < n; i++)); do
		local a=${P}n$i b=${P}n$((i + 1)) s
		s=$(net $i)
		echo "veth r0@$a l0@$b; addr add $s.1/24 dev r0@$a; addr add $s.2/24 dev l0@$b; link set r0@$a up; link set l0@$b up" >>"$W/aisla-build"
		echo "ip link add r0 netns $a type veth peer name l0 netns $b; ip -n $a addr add $s.1/24 dev r0; ip -n $b addr add $s.2/24 dev l0; ip -n $a link set r0 up; ip -n $b link set l0 up" >>"$W/bash-build"
		echo "link add r0 netns $a type veth peer name l0 netns $b" >>"$W/batch-host"
	done
	for ((i = 1; i <= n; i++)); do
		local c=${P}n$i rs ls
		rs=$(net $i) ls=$(net $((i - 1)))
		{
			[ $i -gt 1 ] && [ $i -lt $n ] && echo "forward $c on"
			[ $i -lt $n ] && echo "route add default via $rs.2 -n $c"
			[ $i = $n ] && echo "route add default via $ls.1 -n $c"
			[ $i -gt 2 ] && [ $i -lt $n ] && echo "route add $(net 1).0/24 via $ls.1 -n $c"
		} >>"$W/aisla-build"
		{
			[ $i -gt 1 ] && [ $i -lt $n ] && echo "ip netns exec $c sysctl -qw net.ipv4.ip_forward=1"
			[ $i -lt $n ] && echo "ip -n $c route add default via $rs.2"
			[ $i = $n ] && echo "ip -n $c route add default via $ls.1"
			[ $i -gt 2 ] && [ $i -lt $n ] && echo "ip -n $c route add $(net 1).0/24 via $ls.1"
		} >>"$W/bash-build"
		{
			[ $i -gt 1 ] && [ $i -lt $n ] && echo "ip netns exec $c sysctl -qw net.ipv4.ip_forward=1"
			printf 'printf "'
			[ $i -lt $n ] && printf 'addr add %s.1/24 dev r0\\nlink set r0 up\\n' "$rs"
			[ $i -gt 1 ] && printf 'addr add %s.2/24 dev l0\\nlink set l0 up\\n' "$ls"
			[ $i -lt $n ] && printf 'route add default via %s.2\\n' "$rs"
			[ $i = $n ] && printf 'route add default via %s.1\\n' "$ls"
			[ $i -gt 2 ] && [ $i -lt $n ] && printf 'route add %s.0/24 via %s.1\\n' "$(net 1)" "$ls"
			printf '" | ip -n %s -batch -\n' "$c"
		} >>"$W/batch-nodes"
	done
	{ echo "set -e"; echo "ip -batch $W/batch-host"; cat "$W/batch-nodes"; } >"$W/batch-build"
	for ((i = 1; i <= n; i++)); do
		echo "ip netns del ${P}n$i" >>"$W/bash-teardown"
		echo "netns del ${P}n$i" >>"$W/batch-td"
	done
	echo "ip -batch $W/batch-td" >"$W/batch-teardown"
}

check_built() {	# outside the timing; the reply needs a TTL above 64 past 64 hops
	ip netns exec "${P}n$N" sysctl -qw net.ipv4.ip_default_ttl=255
	ip netns exec "${P}n1" ping -c 1 -W 3 -t 255 "$(net $((N - 1))).2" >/dev/null 2>&1
}

run_tool() {
	local tool=$1 r t b=() d=()
	for ((r = 0; r < RUNS; r++)); do
		settle "$P"
		if [ "$tool" = aisla ]; then
			RD=$(mktemp -d /run/aisla-bench.XXXXXX)
			t=$(now_ns); AISLA_RUN_DIR=$RD "$AISLA" "$W/aisla-build" >/dev/null 2>"$W/err" || { cat "$W/err" >&2; return 1; }
			b+=("$(ms_since "$t")")
			check_built || echo "# warning: aisla chain $N: the first does not reach the last" >&2
			t=$(now_ns); AISLA_RUN_DIR=$RD "$AISLA" reset -y >/dev/null 2>"$W/err" || { cat "$W/err" >&2; return 1; }
			d+=("$(ms_since "$t")")
			rm -rf "$RD"; RD=
		else
			t=$(now_ns); bash "$W/$tool-build" >/dev/null 2>"$W/err" || { cat "$W/err" >&2; return 1; }
			b+=("$(ms_since "$t")")
			check_built || echo "# warning: $tool chain $N: the first does not reach the last" >&2
			t=$(now_ns); bash "$W/$tool-teardown" >/dev/null 2>"$W/err" || { cat "$W/err" >&2; return 1; }
			d+=("$(ms_since "$t")")
		fi
	done
	echo "chain $N $tool $(printf '%s\n' "${b[@]}" | median) $(printf '%s\n' "${d[@]}" | median)"
}

gen
for tool in ${BENCH_TOOLS:-aisla bash batch}; do
	[ "$tool" = mininet ] && continue
	run_tool "$tool" || echo "chain $N $tool - -"
done
settle "$P"
