#!/usr/bin/env bash
# memory 32M + `load mem 128M` in the group ends in an OOM kill, which
# `cgroup show` reports (v1: memory.oom_control, v2: memory.events).
. "$(dirname "$0")/lib-cg.sh"
defer aisla -c 'reset -y'

g=$(rname m)
ok "cgroup add + memory 32M" aisla -c "explain off; cgroup add $g; cgroup set $g memory 32M"
out=$(aisla -c "explain off; load mem 128M -g $g" 2>&1); rc=$?
is "load mem 128M -g $g starts" "$rc" 0
pid=$(printf '%s\n' "$out" | sed -n 's/.*pid \([0-9][0-9]*\).*/\1/p' | head -n1)
like "aisla reports its pid" "$pid" '^[0-9]+$'
M=$(cgdir memory "$g")
kills=0
for i in $(seq 50); do
	if [ "$V" = 2 ]; then
		kills=$(awk '$1 == "oom_kill" { print $2 }' "$M/memory.events")
	else
		kills=$(awk '$1 == "oom_kill" { print $2 }' "$M/memory.oom_control")
	fi
	[ "${kills:-0}" -gt 0 ] && break
	sleep 0.2
done
ok "the kernel's OOM killer killed it (oom_kill = $kills)" test "${kills:-0}" -gt 0
# The counter moves as the kill starts: give the victim 2 s to be gone.
alive() { test -d "/proc/$pid" -a "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" != Z; }
for _ in $(seq 20); do alive || break; sleep 0.1; done
nok "the prop is gone" alive
out=$(aisla -c "explain off; cgroup show $g" 2>&1)
like "cgroup show reports the OOM kill" "$out" 'OOM: [1-9]'
like "and the limit" "$out" 'memory +32M'
if [ "$V" = 2 ]; then
	peak=$(cat "$M/memory.peak" 2>/dev/null || echo 0)
else
	peak=$(cat "$M/memory.max_usage_in_bytes")
fi
ok "its peak reached the limit ($peak bytes)" test "$peak" -ge $((30 * 1024 * 1024))

# Under the limit, the same prop lives.
ok "memory 256M" aisla -c "explain off; cgroup set $g memory 256M"
out=$(aisla -c "explain off; load mem 16M -g $g" 2>&1)
pid=$(printf '%s\n' "$out" | sed -n 's/.*pid \([0-9][0-9]*\).*/\1/p' | head -n1)
sleep 1
ok "16M under a 256M limit lives" test -d "/proc/$pid"
done_testing
