#!/usr/bin/env bash
# The panes in a real terminal (tmux): every pane is there, the host's
# interfaces show, F1 lists the keys, Ctrl-C clears a half-typed line,
# resizing to 80x24 (compact) and back keeps everything readable, and
# `aisla watch` shows the panes alone and leaves with q.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-tui.sh"

tui_start 130x40
ok "full layout: Procesos pane" wait_for '^ Procesos '
s=$(screen)
like "full layout: Interfaces pane" "$s" ' Interfaces '
like "full layout: Topología pane" "$s" ' Topología '
like "full layout: Rutas pane" "$s" ' Rutas '
like "full layout: cgroups pane" "$s" ' cgroups '
like "full layout: Consola pane" "$s" ' Consola '
ok "the host's lo in the interfaces pane" wait_for '── host'
like "lo listed" "$(screen)" 'lo +loopback'
ok "prompt on the last line" bash -c "$S capture-pane -p -t t | tail -1 | grep -q '^aisla[#$]'"

keys F1
ok "F1 lists the keys in the console" wait_for 'Ctrl-D +sale de aisla'
# The list is longer than the console at this size: its top is a PgUp away.
keys PPage
ok "the list names F2 (PgUp)" wait_for 'F2 / Mayús-F2'
keys NPage

keys -l 'esto no se ejecuta'
ok "typed text shows on the prompt line" wait_for 'aisla. esto no se ejecuta'
keys C-c
ok "Ctrl-C clears the half-typed line" bash -c "for i in \$(seq 50); do $S capture-pane -p -t t | tail -1 | grep -qx 'aisla[#$] *' && exit 0; sleep 0.1; done; exit 1"
type 'explain'
ok "a command runs after Ctrl-C" wait_for 'explain está (activado|desactivado)'
like "the command is echoed after its prompt" "$(screen)" 'aisla. explain'
unlike "the cleared line never ran" "$(screen)" "orden desconocida: 'esto'"

# compact layout at 80x24
$S resize-window -t t -x 80 -y 24
ok "80x24: compact layout shows one pane and says how to cycle" wait_for '\[2/5\] Interfaces'
ok "80x24: the console is still there" wait_for ' Consola '
keys F2
ok "F2 shows the next pane" wait_for '\[3/5\] Rutas'
type 'explain'
ok "80x24: the prompt still works" wait_for 'explain está'
s=$(screen)
widest=0
while IFS= read -r l; do
	l=$(printf '%s' "$l" | sed 's/\xcc\xb6//g')	# the strike-out overlay takes no column
	[ ${#l} -gt "$widest" ] && widest=${#l}
done <<<"$s"
ok "80x24: nothing wider than the terminal ($widest)" test "$widest" -le 80

# back to full size
$S resize-window -t t -x 130 -y 40
ok "back to 130x40: full layout again" wait_for '^ Procesos '
ok "back to 130x40: interfaces readable" wait_for '── host'
like "back to 130x40: every pane" "$(screen)" ' Topología .* Rutas|Topología'

# below 80x24: console only, still usable
$S resize-window -t t -x 60 -y 16
ok "60x16: console only" wait_gone ' Interfaces '
type 'explain'
ok "60x16: the prompt still works" wait_for 'explain está'
$S resize-window -t t -x 130 -y 40
ok "and the panes come back" wait_for ' Interfaces '

pid=$(aisla_pid)
keys C-d
for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
nok "Ctrl-D leaves aisla" kill -0 "$pid"

# aisla watch: panes only, q leaves
$S kill-server 2>/dev/null
tui_start 130x40 watch
ok "watch: panes" wait_for ' Interfaces '
unlike "watch: no console" "$(screen)" ' Consola '
keys '?'
ok "watch: ? shows the keys" wait_for 'Teclas'
keys x
ok "watch: any key closes the list" wait_gone ' Teclas '
keys Tab
ok "watch: Tab moves the focus" wait_for 'Rutas'
pid=$(aisla_pid)
keys q
for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
nok "watch: q leaves" kill -0 "$pid"
done_testing
