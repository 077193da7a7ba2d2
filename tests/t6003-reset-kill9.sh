#!/usr/bin/env bash
# t6003: aisla killed with SIGKILL at a random moment while it builds
# nodes with veths, addresses, bridges and cgroups (in every other round
# the first reset is killed half-way too), then `aisla reset -y`, ten
# rounds: each reset ends within a bound, nothing of aisla's is left
# (namespaces, links, holders, cgroups, the journal), and objects made
# beside it by hand (a netns with a veth, a bridge, a cgroup) are never
# touched.
. "$(dirname "$0")/lib.sh"
need_root

P=$(rname k | head -c 7)
ROUNDS=${AISLA_T6003_ROUNDS:-10}
script=$(mktemp /tmp/aisla-t6003.XXXXXX); defer rm -f "$script"
for i in 1 2 3 4 5 6 7 8; do
	echo "unshare -n -p ${P}n$i; veth eth0@${P}n$i ${P}v$i; addr add 10.77.$i.1/24 dev eth0@${P}n$i"
	echo "link set eth0@${P}n$i up; bridge add ${P}b$i; netns add ${P}x$i"
	echo "veth ${P}c$i ${P}d$i; cgroup add ${P}g$i; cgroup attach ${P}g$i ${P}n$i"
done >"$script"

# Foreign objects, with names close to aisla's.
F=${P}f
ip netns add "$F"; defer ip netns del "$F"
ip link add "${F}v" type veth peer name eth0 netns "$F"; defer ip link del "${F}v"
ip link add "${F}b" type bridge; defer ip link del "${F}b"
cg=$(ls -d /sys/fs/cgroup/pids 2>/dev/null || echo /sys/fs/cgroup)
mkdir -p "$cg/${F}g"; defer rmdir "$cg/${F}g"
foreign() {
	{ ip netns list | grep -c "^$F\b"; ip -o link show "${F}v" 2>/dev/null | wc -l
	  ip -n "$F" -o link show eth0 2>/dev/null | wc -l; ip -o link show "${F}b" 2>/dev/null | wc -l
	  test -d "$cg/${F}g" && echo 1; } | tr '\n' ' '
}
want_foreign=$(foreign)

# What of aisla's is left: netns, host links, live holders, cgroups.
mine() {
	local n l h c p
	n=$(ip netns list 2>/dev/null | grep -c "^${P}[nx]")
	l=$(ip -o link 2>/dev/null | grep -cE ": ${P}[vbcd][0-9]")
	h=0
	for p in $(pgrep -f "^aisla-(init|holder) ${P}n[0-9]\$"); do
		[ "$(awk '{print $3}' "/proc/$p/stat" 2>/dev/null)" = Z ] || h=$((h + 1))
	done
	c=$(find /sys/fs/cgroup -maxdepth 3 -type d -name "${P}g*" 2>/dev/null | wc -l)
	echo "netns=$n links=$l holders=$h cgroups=$c"
}
cleanup_mine() {
	local x p
	for x in $(ip netns list | awk '{print $1}' | grep "^${P}[nx]"); do ip netns del "$x"; done
	for x in $(ip -o link | awk -F': ' '{print $2}' | cut -d@ -f1 | grep -E "^${P}[vbcd][0-9]"); do ip link del "$x"; done
	for p in $(pgrep -f "^aisla-(init|holder) ${P}n[0-9]\$"); do kill -9 "$p"; done
	find /sys/fs/cgroup -depth -maxdepth 3 -type d -name "${P}g*" -exec rmdir {} \; 2>/dev/null
}
defer cleanup_mine

for round in $(seq "$ROUNDS"); do
	"$AISLA_BIN" "$script" >/dev/null 2>&1 &
	apid=$!
	# the build takes about 200 ms here: most kills land inside it
	sleep "0.$(printf '%03d' $((RANDOM % 220)))"
	kill -9 "$apid" 2>/dev/null; wait "$apid" 2>/dev/null
	if [ $((round % 2)) = 0 ]; then
		# a reset killed half-way too: the next one finishes its work
		"$AISLA_BIN" reset -y >/dev/null 2>&1 &
		rpid=$!
		sleep "0.0$(printf '%02d' $((RANDOM % 60)))"
		kill -9 "$rpid" 2>/dev/null; wait "$rpid" 2>/dev/null
	fi
	t0=$(date +%s%N)
	out=$(timeout 20 "$AISLA_BIN" reset -y 2>&1); rc=$?
	ms=$(( ($(date +%s%N) - t0) / 1000000 ))
	# what dies with a namespace goes asynchronously: a moment to settle
	for i in $(seq 20); do [ "$(mine)" = "netns=0 links=0 holders=0 cgroups=0" ] && break; sleep 0.1; done
	left=$(mine)
	is "round $round: reset exits 0" "$rc" 0
	ok "round $round: reset ends within 10 s ($ms ms)" test "$ms" -lt 10000
	is "round $round: nothing of aisla's left" "$left" "netns=0 links=0 holders=0 cgroups=0"
	is "round $round: the journal is empty" "$(cat "$AISLA_RUN_DIR/journal" 2>/dev/null)" ""
	is "round $round: the foreign objects are untouched" "$(foreign)" "$want_foreign"
	[ "$rc" = 0 ] && [ "$left" = "netns=0 links=0 holders=0 cgroups=0" ] || { diag "$out"; cleanup_mine; }
	rm -f "$AISLA_RUN_DIR/journal"
done
done_testing
