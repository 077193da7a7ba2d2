#!/usr/bin/env bash
# Checks verify the student's own action (issue 15, point 3): for each
# step below, a plausible wrong action must not pass it, and the right
# one (the lesson's reference) must. Table-driven: one row per step.
#   lesson | step | setup (aisla lines, ';;'-separated) | wrong action | right action
. "$(dirname "$0")/lib.sh"
need_root
need_cmd busybox

rows=(
"1|3||!sh -c 'timeout 5 sleep 1001 >/dev/null 2>&1 &'|nice -n 5 sleep 1001"
"1|5||!sh -c 'echo hola'|!sh -c 'busybox nc -l -p 17001 -e ls -l /proc/self/fd & sleep 0.3; busybox nc 127.0.0.1 17001 </dev/null'"
"3|1||unshare -n -- ip lnk|unshare -n -- ip link"
"3|3|netns add rojo;;link set lo@rojo up|exec rojo ip addr|ping rojo 127.0.0.1 -c 1"
)
defer ip netns del rojo
defer pkill -f -x 'sleep 1001'
dir=$(mktemp -d); defer rm -rf "$dir"
for row in "${rows[@]}"; do
	IFS='|' read -r les step setup wrong right <<<"$row"
	for kind in wrong right; do
		f=$dir/$les-$step-$kind.aisla
		{
			echo "lesson start $les"
			for ((i = 1; i < step; i++)); do echo "lesson next"; done
			[ -n "$setup" ] && printf '%s\n' "${setup//;;/$'\n'}"
			if [ $kind = wrong ]; then echo "$wrong"; else echo "$right"; fi
			echo "lesson check"
		} >"$f"
		out=$(HOME=$dir/home-$les-$step-$kind aisla "$f" 2>&1)
		aisla reset -y >/dev/null 2>&1
		pkill -f -x 'sleep 1001' 2>/dev/null
		if [ $kind = wrong ]; then
			unlike "lesson $les step $step: '$wrong' does not pass it" "$out" "✓ Paso $step superado"
		else
			like "lesson $les step $step: '$right' passes it" "$out" "✓ Paso $step superado"
		fi
	done
done
done_testing
