#!/usr/bin/env bash
# The process tree: `unshare -p -m N -- sleep 100` puts the sleep under N
# in the Processes pane, with its host PID, and the node's init is PID 1
# inside.
. "$(dirname "$0")/lib.sh"
need_root
. "$(dirname "$0")/lib-tui.sh"

n=$(rname p)
tui_start 150x45
ok "panes up" wait_for ' Procesos '
type "unshare -p -m $n -- sleep 100"
wait_for "$n|not implemented yet|implementad" 5
skip_if_stub
defer "$AISLA_BIN" -c "node del $n"
ok "the sleep shows in the tree" wait_for "[0-9]+ +[0-9]+ +$n .*sleep 100" 8
# its host pid: the sleep 100 whose pid namespace is not ours
hostpid=""
for p in $(pgrep -x sleep); do
	[ "$(readlink /proc/$p/ns/pid)" != "$(readlink /proc/self/ns/pid)" ] || continue
	grep -q '^100$' <(tr '\0' '\n' </proc/$p/cmdline | tail -1) && hostpid=$p
done
ok "found the sleep on the host" test -n "$hostpid"
row=$(screen | grep -E "(^|[ │])$hostpid +[0-9]+ +$n .*sleep 100" | head -1)
like "its row has the host PID, the PID inside and node $n" "$row" "$hostpid +[0-9]+ +$n "
inside=$(awk '/^NSpid:/ { print $NF }' /proc/$hostpid/status)
like "the PID inside matches NSpid ($inside)" "$row" "$hostpid +$inside +$n"
like "some process of $n is PID 1 inside" "$(screen)" "[0-9]+ +1 +$n "
like "the sleep is drawn as a child in the tree" "$row" '[└├]─ *sleep 100'
done_testing
