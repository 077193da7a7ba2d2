#!/usr/bin/env bash
# The Processes pane shows aisla itself (lesson 1, step 1: "la propia
# aisla está en ese árbol") and never aisla's helpers: a lesson's checks
# (`exit test -d /proc/1`, `pgrep ...`) do not appear, struck out or not
# (issue 15, point 4).
. "$(dirname "$0")/lib.sh"
need_root
. "$(dirname "$0")/lib-tui.sh"

tui_start 140x40
ok "panes up" wait_for ' Procesos '
pid=$(aisla_pid)
ok "aisla itself is in the tree with the default filter" wait_for "^$pid +- +host .*/ais" 5
unlike "  and the pane does not say there are none" "$(screen | head -3)" ' 0 procesos'
type 'lesson start 1'
ok "lesson 1 starts" wait_for 'Paso 1' 5
seen=""
for i in 1 2 3 4 5 6; do
	type 'ps'
	for _ in 1 2 3 4 5; do
		# Only the first range: the console's ps lists this awk and grep,
		# whose arguments would open a second one.
		s=$(screen | awk '/ Procesos /{f=1} f&&/ Topología /{exit} f')
		printf '%s' "$s" | grep -Eq 'test -d /proc/1|t̶e̶s̶t̶' && seen="$s"
		sleep 0.1
	done
done
is "the check 'exit test -d /proc/1' never shows in the Procesos pane" "$seen" ""
type 'lesson stop'
done_testing
