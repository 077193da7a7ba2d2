#!/usr/bin/env bash
# nice: two `load cpu` pinned to one CPU (a group with cpuset 0), one with
# nice 0 and one with nice 10, share that CPU roughly by their weights
# (1024 : 110, about 90 % : 10 %).
. "$(dirname "$0")/lib-cg.sh"
defer aisla -c 'reset -y'

g=$(rname n)
ok "a group pinned to CPU 0" aisla -c "explain off; cgroup add $g; cgroup set $g cpuset 0"
ok "load cpu (nice 0)" aisla -c "explain off; load cpu -g $g"
ok "load cpu --nice 10" aisla -c "explain off; load cpu -g $g --nice 10"
procs=$(cat "$(cgdir cpu "$g")/cgroup.procs")
p0= p10=
for p in $procs; do
	case $(awk '{ print $19 }' "/proc/$p/stat") in
	0) p0=$p ;;
	10) p10=$p ;;
	esac
done
like "one prop has nice 0" "$p0" '^[0-9]+$'
like "the other nice 10" "$p10" '^[0-9]+$'
[ -n "$p0" ] && [ -n "$p10" ] || done_testing
like "both run only on CPU 0" "$(grep Cpus_allowed_list "/proc/$p10/status")" ':\s*0$'
sleep 1
a0=$(ticks "$p0") a10=$(ticks "$p10"); sleep 3; b0=$(ticks "$p0") b10=$(ticks "$p10")
d0=$((b0 - a0)) d10=$((b10 - a10))
tot=$((d0 + d10))
ok "they ran ($tot ticks)" test "$tot" -gt 0
share=$(( tot > 0 ? d0 * 100 / tot : 0 ))
diag "nice 0: $d0 ticks, nice 10: $d10 ticks -> nice 0 got $share % of the CPU they share"
ok "nice 0 gets 75-97 % of the shared CPU ($share %)" test "$share" -ge 75 -a "$share" -le 97

# renice brings them level: about half each.
ok "renice 0 the second" aisla -c "explain off; renice 0 $p10"
is "  its nice is 0 now" "$(awk '{ print $19 }' "/proc/$p10/stat")" 0
sleep 0.5
a0=$(ticks "$p0") a10=$(ticks "$p10"); sleep 3; b0=$(ticks "$p0") b10=$(ticks "$p10")
d0=$((b0 - a0)) d10=$((b10 - a10)); tot=$((d0 + d10))
share=$(( tot > 0 ? d0 * 100 / tot : 0 ))
diag "after renice: $share % / $((100 - share)) %"
ok "equal niceness: 35-65 % each ($share %)" test "$share" -ge 35 -a "$share" -le 65
done_testing
