#!/usr/bin/env bash
# `nice -n N CMD` starts CMD in the background, and that process outlives
# aisla: it is journaled (kind "proc", its pid and start time, written by
# the child itself before it execs) and `reset` ends it. A process with a
# journaled pid but another start time (the pid reused) is left alone.
. "$(dirname "$0")/lib.sh"
need_root
defer aisla -c 'reset -y'

out=$(aisla -c "explain off; nice -n 5 sleep 300" 2>&1); rc=$?
is "nice -n 5 sleep 300" "$rc" 0
pid=$(printf '%s\n' "$out" | sed -n 's/.*pid \([0-9][0-9]*\).*/\1/p' | head -n1)
like "  it says the pid" "$pid" '^[0-9]+$'
[ -n "$pid" ] && defer kill -9 "$pid"
is "  niceness 5 (/proc/PID/stat)" "$(awk '{ print $19 }' "/proc/$pid/stat" 2>/dev/null)" 5
is "  it outlives aisla" "$(awk '{ print $3 }' "/proc/$pid/stat" 2>/dev/null | tr -d 'Z')" S
j=$(cat "$AISLA_RUN_DIR/journal")
like "  journaled as a process" "$j" "intent proc sleep"
like "  with its pid, written by the child before exec" "$j" "step [0-9]+ pid=$pid start=[0-9]+"
like "  and confirmed" "$j" "done [0-9]+ pid=$pid start=[0-9]+"
like "status lists it" "$(aisla -c 'status' 2>&1)" "proceso 'sleep'"

# A foreign process whose pid a record names with another start time.
sleep 300 & f=$!
defer kill "$f"
printf '%s\n' "900 intent proc sleep" "901 done 900 pid=$f start=1" >>"$AISLA_RUN_DIR/journal"

out=$(aisla -c 'reset -y' 2>&1); rc=$?
is "reset -y" "$rc" 0
st=$(awk '{ print $3 }' "/proc/$pid/stat" 2>/dev/null)
ok "reset ended nice's process (state '${st:-gone}')" test -z "$st" -o "$st" = Z
ok "the foreign process with a reused pid lives on" kill -0 "$f"
like "a second reset finds nothing" "$(aisla -c 'reset -y' 2>&1)" 'Nada que deshacer'
done_testing
