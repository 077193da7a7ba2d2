#!/usr/bin/env bash
# At a plain prompt, what a background child prints (and its end) goes
# above the prompt, and what the student was typing stays on the prompt
# line, as bash does for a job's notice: the prompt is never left in the
# middle of a line with the text after it.
. "$(dirname "$0")/lib-batch.sh"
need_root
need_cmd tmux
n=$(rname c)
defer env AISLA_RUN_DIR="$AISLA_RUN_DIR" "$AISLA_BIN" reset -y --force
tm_start
ok "a prompt" tm_wait 'aisla[#$] ' 20
tm_send "nice -n 1 sh -c 'sleep 1; echo hola-de-fondo'"
tm_ready 20
tm_keys -l 'netns li'
ok "the background line arrives" tm_wait '^(\[[^]]*\] )?hola-de-fondo$' 10
sleep 0.5
s=$(tm_screen | sed '/^[[:space:]]*$/d')
like "  on a line of its own" "$s" '^(\[[^]]*\] )?hola-de-fondo$'
is "  and the prompt below it keeps what was typed" "$(printf '%s\n' "$s" | tail -n 1)" 'aisla# netns li'
unlike "  no prompt with a child's line after it" "$s" 'aisla# [^n]*hola-de-fondo'
tm_keys -l 'st'
tm_keys Enter
ok "the typed line runs whole ('netns list')" tm_wait "$(printf '%s' "aisla# netns list")" 5
# a node deleted: its process's end is reported above the prompt
tm_send "unshare -p -m $n -- sleep 2000"
tm_ready 20
tm_send "node del $n"
ok "the end of the node's process is reported" tm_wait "\[$n\] sleep \(pid [0-9]+\)" 10
sleep 0.5
ok "  and the prompt is the last line again" tm_ready 5
done_testing
