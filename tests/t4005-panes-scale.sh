#!/usr/bin/env bash
# 200 namespaces made from outside do not stall the prompt: typing still
# echoes at once, and the panes count them.
. "$(dirname "$0")/lib.sh"
need_root
need_cmd ip
. "$(dirname "$0")/lib-tui.sh"

pre=$(rname s | head -c 8)
tui_start 130x40
ok "panes up" wait_for ' Interfaces '
nscount() { screen | grep -oE '[0-9]+ namespaces?, ' | head -1 | grep -oE '^[0-9]+'; }
sleep 0.5
before=$(nscount)
names=()
for i in $(seq -w 1 200); do names+=("$pre$i"); done
for nm in "${names[@]}"; do defer ip netns del "$nm"; done
printf 'netns add %s\n' "${names[@]}" | ip -batch - 
start=$(date +%s%N)
keys -l 'explain'
ok "typing echoes while 200 namespaces arrive" wait_for 'aisla. explain$' 3
ms=$(( ($(date +%s%N) - start) / 1000000 ))
diag "echo after ${ms} ms"
keys Enter
ok "the command runs" wait_for 'explain está' 5
more() { local n; n=$(nscount); [ -n "$n" ] && [ "$n" -ge $((before + 200)) ]; }
ok "the interfaces pane counts them ($before + 200)" until_ok 20 more
start=$(date +%s%N)
keys -l 'help'
ok "and the prompt still answers" wait_for 'aisla. help$' 3
diag "echo after $(( ($(date +%s%N) - start) / 1000000 )) ms"
keys C-u
for nm in "${names[@]}"; do echo "netns del $nm"; done | ip -batch - 2>/dev/null
fewer() { local n; n=$(nscount); [ -n "$n" ] && [ "$n" -le $((before + 20)) ]; }
ok "they go away" until_ok 30 fewer
done_testing
