#!/usr/bin/env bash
# Every fatal path gives the terminal back: aisla killed by SIGSEGV or
# SIGABRT while the panes are up leaves the terminal in its normal mode
# (echo, line editing) and on the normal screen.
. "$(dirname "$0")/lib.sh"
need_cmd tmux
sock=$(rname s); S="tmux -L $sock"
defer $S kill-server
screen() { $S capture-pane -p -t t; }
wait_for() { for _ in $(seq 100); do screen | grep -Eq -- "$1" && return 0; sleep 0.05; done; screen >&2; return 1; }
pidf=$HOME/pid
$S new-session -d -s t -x 130 -y 40 "env -i PATH=$PATH TERM=screen-256color HOME=$HOME bash --norc --noprofile"
sleep 0.3
for sig in SEGV ABRT; do
	rm -f "$pidf"
	$S send-keys -t t "clear; echo ANTES-$sig; sh -c 'echo \$\$ >$pidf; exec env AISLA_RUN_DIR=$AISLA_RUN_DIR LANG=C.UTF-8 $AISLA_BIN'; echo ESTADO=\$?; stty -a | tr ' ' '\\n' | grep -Ex -- '-?(echo|icanon)' | tr '\\n' ' '; echo" Enter
	ok "$sig: panes up" wait_for ' Interfaces '
	kill -$sig "$(cat "$pidf")"
	ok "$sig: aisla died of the signal" wait_for "ESTADO=1[0-9][0-9]"
	s=$(screen)
	like "$sig: the terminal echoes and edits lines again" "$s" '(^| )echo icanon|icanon echo'
	unlike "$sig: no mode left off" "$s" '-echo|-icanon'
	like "$sig: back on the normal screen (what was there before)" "$s" "ANTES-$sig"
done
done_testing
