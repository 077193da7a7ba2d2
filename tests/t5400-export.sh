#!/usr/bin/env bash
# t5400: export equivalence for lessons 03-07. Each lesson's solution runs
# in aisla (`source LESSON; export FILE`), the kernel state is dumped
# (normalised `ip -j` links, addresses and routes of every netns, the node
# list, IP forwarding, aisla's cgroup limits), `reset` undoes it, the
# exported bash script (real tools only) runs, and its state must equal
# aisla's. Runs in its own netns and /run/netns (see lib-batch.sh).
. "$(dirname "$0")/lib-batch.sh"
need_root
need_cmd jq
[ -x "$AISLA_BIN" ] || skip "no hay binario $AISLA_BIN (make)"
t5_isolate

# One netns's state, normalised: no ifindexes, MACs or link-local addresses.
dump_ns() {
	local x=()
	[ "$1" = host ] || x=(-n "$1")
	echo "== $1"
	ip "${x[@]}" -j link show | jq -c '[.[] | {n: .ifname, k: (.linkinfo.info_kind // ""),
		up: ((.flags // []) | index("UP") != null), m: (.master // ""), mtu}] | sort_by(.n)'
	ip "${x[@]}" -j addr show | jq -c '[.[] | .ifname as $i | .addr_info[] |
		select(.scope != "link") | {i: $i, a: .local, p: .prefixlen}] | sort_by(.i, .a)'
	ip "${x[@]}" -j -4 route show table main | jq -c '[.[] | {d: .dst, g: (.gateway // ""),
		dev: (.dev // ""), s: (.scope // "")}] | sort_by(.d, .dev, .g)'
	ip "${x[@]}" -j -6 route show table main | jq -c '[.[] | select(.dst | startswith("fe80") | not) |
		{d: .dst, g: (.gateway // ""), dev: (.dev // "")}] | sort_by(.d, .dev, .g)'
	if [ "$1" = host ]; then
		echo "fwd $(cat /proc/sys/net/ipv4/ip_forward)"
	else
		echo "fwd $(ip netns exec "$1" cat /proc/sys/net/ipv4/ip_forward)"
	fi
}
dump() {
	local n
	echo "nodes: $(ip netns list | awk '{print $1}' | sort | tr '\n' ' ')"
	dump_ns host
	for n in $(ip netns list | awk '{print $1}' | sort); do dump_ns "$n"; done
	# aisla's cgroups named by the lesson and their limits, either version.
	find /sys/fs/cgroup -maxdepth 4 -type d -path '*/aisla/*' 2>/dev/null | sort | while read -r d; do
		grep -qx "$(basename "$d")" <<<"$names" || continue
		for k in cpu.max memory.max pids.max cpuset.cpus cpu.cfs_quota_us memory.limit_in_bytes; do
			[ -r "$d/$k" ] && echo "cg ${d#/sys/fs/cgroup/} $k $(cat "$d/$k")"
		done
	done
}
# Remove what the bash script made (it is not in aisla's journal).
scrub() {
	local n p
	for n in $(ip netns list | awk '{print $1}'); do
		for p in $(ip netns pids "$n" 2>/dev/null); do kill -9 "$p" 2>/dev/null; done
		ip netns del "$n" 2>/dev/null
	done
	for n in $(ip -j link show | jq -r '.[].ifname'); do
		grep -qx "$n" <<<"$host_links" || ip link del "$n" 2>/dev/null
	done
}

tmp=$(mktemp -d /tmp/t5400.XXXXXX)
defer rm -rf "$tmp"
host_links=$(ip -j link show | jq -r '.[].ifname')
names=
clean=$(dump)
ran=0
for f in "$TOP"/lessons/0[3-7]-*.lesson; do
	[ -f "$f" ] || continue
	ran=$((ran + 1))
	l=$(basename "$f" .lesson)
	export AISLA_RUN_DIR=$tmp/run-$l
	mkdir -p "$AISLA_RUN_DIR"
	defer env AISLA_RUN_DIR="$AISLA_RUN_DIR" "$AISLA_BIN" reset -y
	names=$(_t5_names "$f")
	# Output to a file, not $(...): a node's background CMD may keep the
	# pipe open after aisla exits.
	(cd "$tmp" && "$AISLA_BIN" -c "source $f; export $tmp/$l.sh" >"$tmp/$l.out" 2>&1 </dev/null)
	_t_result $? "$l: aisla runs the lesson and exports it" "$(tail -n 20 "$tmp/$l.out")"
	[ -s "$tmp/$l.sh" ] || continue
	unlike "$l: the script has no aisla command" "$(grep -v '^#' "$tmp/$l.sh")" '(^|[;&|] *)aisla '
	a=$(dump)
	ok "$l: reset" "$AISLA_BIN" reset -y
	names=
	is "$l: reset leaves the clean state" "$(dump)" "$clean"
	names=$(_t5_names "$f")
	(cd "$tmp" && bash "$tmp/$l.sh" >"$tmp/$l.bash.out" 2>&1 </dev/null)
	_t_result $? "$l: the exported script runs with bash" "$(tail -n 20 "$tmp/$l.bash.out")"
	# `ip netns del` frees a namespace (and the veths in it) asynchronously
	# in the kernel: give the state up to 3 s to settle.
	for _ in $(seq 30); do b=$(dump); [ "$a" = "$b" ] && break; sleep 0.1; done
	is "$l: the script builds what aisla built" "$b" "$a"
	[ "$a" = "$b" ] || diff <(echo "$a") <(echo "$b") | head -n 30 | sed 's/^/# /'
	scrub
	names=
	is "$l: clean again" "$(dump)" "$clean"
done
[ "$ran" -gt 0 ] || skip "no hay lecciones 03-07 todavía"
done_testing
