#!/usr/bin/env bash
# The interactive prompt in a real terminal (tmux): greeting, completion,
# Ctrl-C clears a half-typed line and interrupts a child, history, Ctrl-D.
. "$(dirname "$0")/lib.sh"
need_cmd tmux

sock=$(rname s); S="tmux -L $sock"
defer $S kill-server
wait_for() {	# wait_for REGEX: until the screen shows it (5 s max)
	for _ in $(seq 50); do $S capture-pane -p -t t | grep -Eq -- "$1" && return 0; sleep 0.1; done
	return 1
}
pidf=$HOME/pid
$S new-session -d -s t -x 120 -y 40 "echo \$\$ >$pidf; exec env HOME=$HOME AISLA_RUN_DIR=$AISLA_RUN_DIR LANG=C.UTF-8 $AISLA_BIN --plain"
ok "greeting in Spanish" wait_for "'help' lista las órdenes"
$S send-keys -t t 'explai' Tab
ok "tab completes a command name" wait_for 'aisla. explain$'
$S send-keys -t t 'of' Tab
ok "tab completes a literal argument" wait_for 'explain off'
$S send-keys -t t Enter
$S send-keys -t t 'esto no se ejecuta' C-c
sleep 0.3
$S send-keys -t t 'explain' Enter
ok "Ctrl-C cleared the half-typed line" wait_for 'explain está desactivado'
unlike "the cleared line never ran" "$($S capture-pane -p -t t)" "'esto'"
$S send-keys -t t '!sleep 30; echo NOPE' Enter
sleep 0.5
$S send-keys -t t C-c
ok "Ctrl-C interrupts a running child" wait_for 'SIGINT'
$S send-keys -t t 'explain on; explain' Enter
ok "the prompt works after the interruption" wait_for 'explain está activado'
ok "history saved in ~/.aisla_history" grep -qx 'explain on; explain' "$HOME/.aisla_history"
pid=$(cat "$pidf")
$S send-keys -t t C-d
for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
nok "Ctrl-D leaves aisla" kill -0 "$pid"
done_testing
