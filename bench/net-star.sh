#!/usr/bin/env bash
# bench/net-star.sh N: a star of N hosts (each a netns with a veth to one
# bridge in the host, addressed and up), built and torn down by:
#   aisla   an aisla script (aisla FILE), torn down by `aisla reset -y` (the
#           user's path: the journal, identities checked, nothing foreign)
#   bash    a bash script of ip commands (the course's way), `ip netns del`
#   batch   ip -batch: one batch for the host side, one per host netns
#   mininet mn's Python API: SingleSwitchTopo(N) on a LinuxBridge (if installed)
# Prints one line per tool: "star N TOOL BUILD_MS TEARDOWN_MS LEFT" (medians
# of BENCH_RUNS runs; LEFT = host-side links of the star still visible the
# moment the teardown returned, in the last run).
. "$(dirname "$0")/lib.sh"
N=${1:-100}
P=bs$((RANDOM % 900 + 100))	# name prefix (bs123h45: at most 15 chars)
W=$(mktemp -d /tmp/aisla-bench.XXXXXX)
trap 'rm -rf "$W"; [ -n "${RD:-}" ] && rm -rf "$RD"' EXIT

addr() { echo "10.$((100 + $1 / 250)).$(($1 % 250)).1"; }	# host i's address (/8)
ip4() { echo "10.$((100 + $1 / 65000)).$((($1 / 250) % 256)).$(($1 % 250 + 1))/8"; }

gen() {
	local i
	# aisla
	{
		echo "bridge add ${P}sw; link set ${P}sw up"
		for ((i = 1; i <= N; i++)); do
			echo "netns add ${P}h$i; veth eth0@${P}h$i ${P}v$i; bridge attach ${P}sw ${P}v$i"
			echo "link set ${P}v$i up; link set eth0@${P}h$i up; addr add $(ip4 $i) dev eth0@${P}h$i"
		done
	} >"$W/aisla-build"
	# bash + ip
	{
		echo "set -e"
		echo "ip link add ${P}sw type bridge; ip link set ${P}sw up"
		for ((i = 1; i <= N; i++)); do
			echo "ip netns add ${P}h$i"
			echo "ip link add ${P}v$i type veth peer name eth0 netns ${P}h$i"
			echo "ip link set ${P}v$i master ${P}sw; ip link set ${P}v$i up"
			echo "ip -n ${P}h$i link set eth0 up; ip -n ${P}h$i addr add $(ip4 $i) dev eth0"
		done
	} >"$W/bash-build"
	{
		for ((i = 1; i <= N; i++)); do echo "ip netns del ${P}h$i"; done
		echo "ip link del ${P}sw"
	} >"$W/bash-teardown"
	# ip -batch: host side in one batch, each host's inside in its own
	{
		echo "link add ${P}sw type bridge"
		echo "link set ${P}sw up"
		for ((i = 1; i <= N; i++)); do
			echo "netns add ${P}h$i"
			echo "link add ${P}v$i type veth peer name eth0 netns ${P}h$i"
			echo "link set ${P}v$i master ${P}sw"
			echo "link set ${P}v$i up"
		done
	} >"$W/batch-host"
	{
		echo "set -e"
		echo "ip -batch $W/batch-host"
		for ((i = 1; i <= N; i++)); do
			printf 'printf "link set eth0 up\\naddr add %s dev eth0\\n" | ip -n %s -batch -\n' "$(ip4 $i)" "${P}h$i"
		done
	} >"$W/batch-build"
	{
		for ((i = 1; i <= N; i++)); do echo "netns del ${P}h$i"; done
		echo "link del ${P}sw"
	} >"$W/batch-td"
	echo "ip -batch $W/batch-td" >"$W/batch-teardown"
}

check_built() {	# a sanity check outside the timing: two hosts ping
	ip netns exec "${P}h1" ping -c 1 -W 2 "${2:-$(ip4 2 | cut -d/ -f1)}" >/dev/null 2>&1
}

# host-side links of the star visible now
left_links() { ip -o link 2>/dev/null | grep -c " ${P}[sv]"; }

run_tool() {
	local tool=$1 r t b=() d=() left=-
	for ((r = 0; r < RUNS; r++)); do
		settle "$P"
		case $tool in
		aisla)
			RD=$(mktemp -d /run/aisla-bench.XXXXXX)
			t=$(now_ns); AISLA_RUN_DIR=$RD "$AISLA" "$W/aisla-build" >/dev/null 2>"$W/err" || { cat "$W/err" >&2; return 1; }
			b+=("$(ms_since "$t")")
			[ "$N" -gt 1 ] && ! check_built && echo "# warning: aisla star $N: h1 does not reach h2" >&2
			t=$(now_ns); AISLA_RUN_DIR=$RD "$AISLA" reset -y >/dev/null 2>"$W/err" || { cat "$W/err" >&2; return 1; }
			d+=("$(ms_since "$t")")
			left=$(left_links)
			rm -rf "$RD"; RD=
			;;
		bash|batch)
			t=$(now_ns); bash "$W/$tool-build" >/dev/null 2>"$W/err" || { cat "$W/err" >&2; return 1; }
			b+=("$(ms_since "$t")")
			[ "$N" -gt 1 ] && ! check_built && echo "# warning: $tool star $N: h1 does not reach h2" >&2
			t=$(now_ns); bash "$W/$tool-teardown" >/dev/null 2>"$W/err" || { cat "$W/err" >&2; return 1; }
			d+=("$(ms_since "$t")")
			left=$(left_links)
			;;
		mininet)
			local o
			o=$(/usr/bin/python3 "$(dirname "$0")/mn-star.py" "$N" 2>"$W/err") || { cat "$W/err" >&2; return 1; }
			b+=("${o% *}"); d+=("${o#* }")
			;;
		esac
	done
	echo "star $N $tool $(printf '%s\n' "${b[@]}" | median) $(printf '%s\n' "${d[@]}" | median) $left"
}

gen
for tool in ${BENCH_TOOLS:-aisla bash batch mininet}; do
	if [ "$tool" = mininet ] && ! /usr/bin/python3 -c 'import mininet' 2>/dev/null; then
		echo "star $N mininet - -"
		continue
	fi
	run_tool "$tool" || echo "star $N $tool - -"
done
settle "$P"
