#!/usr/bin/env bash
# Lessons pace the student (issue 15, point 2): the introduction and a
# passed step's result stay on screen until Enter (or `lesson next`),
# whatever the student types meanwhile (it counts for the next step); the
# current step stays pinned atop the console; on a compact screen the
# lesson view gives the console most of it, and F6 switches it.
. "$(dirname "$0")/lib.sh"
need_root
. "$(dirname "$0")/lib-tui.sh"

tui_start 120x35
ok "panes up" wait_for ' Interfaces '
type 'lesson start 1'
ok "the introduction, then a wait" wait_for "Intro \(o 'lesson next'\): paso 1" 5
unlike "  step 1's text is not shown yet" "$(screen)" 'Escribe `?ps`? y fíjate'
keys Enter
ok "Enter: step 1" wait_for 'Escribe `?ps`? y fíjate' 5
ok "  pinned atop the console" wait_for '^\[01-procesos · paso 1 de 6\]' 5
type 'ps'
ok "ps passes step 1" wait_for '✓ paso 1 superado' 8
sleep 0.5
unlike "  and step 2 waits: its text is not printed" "$(screen)" 'Míralo con el `?ps`? de siempre'
like "  the pinned line says how to go on" "$(screen)" "^✓ paso 1 superado · Intro \(o 'lesson next'\): paso 2"
# a command while it waits (the step's own, again; then the next step's
# work, read in the slides): the result stays, nothing of step 2 yet
type 'ps'
type '!ps -o pid,ppid,comm -p 1'
ok "a command while it waits runs" wait_for '^ +1 +0 ' 5
sleep 0.5
unlike "  but step 2's text does not come" "$(screen)" 'Míralo con el `?ps`? de siempre'
unlike "  nor a verdict on step 2" "$(screen)" 'paso 2 (aún no|superado)'
like "  the pinned line still says how to go on" "$(screen)" "^✓ paso 1 superado · Intro \(o 'lesson next'\): paso 2"
keys Enter
ok "Enter: step 2" wait_for 'Míralo con el `?ps`? de siempre' 5
ok "  and what was done while it waited counts: step 2 passes" wait_for '✓ paso 2 superado' 5
type 'lesson next'
ok "'lesson next': step 3" wait_for 'Vamos a crear un proceso nosotros' 5
ok "  pinned" wait_for '^\[01-procesos · paso 3 de 6\]' 5
# (the step's heading is also in the console's text: one copy fewer)
heads() { screen | grep -c '^\[01-procesos · paso 3 de 6\]'; }
h0=$(heads)
type 'lesson stop'
ok "stopped" wait_for "Lección '.*' detenida" 5
is "  no pinned line" "$(heads)" "$((h0 - 1))"

# compact: the lesson view comes by itself, F6 switches it
$S resize-window -t t -x 100 -y 30
ok "compact" wait_for '\[[0-9]/5\]' 5
cons() { screen | grep -n ' Consola ' | head -1 | cut -d: -f1; }
c0=$(cons)
type 'lesson start 1'
ok "the lesson resumes, pinned" wait_for '^\[01-procesos · paso' 5
sleep 0.3
c1=$(cons)
ok "the lesson view: the console grows ($c0 -> $c1)" test "$c1" -lt "$((c0 - 4))"
keys F6
sleep 0.5
c2=$(cons)
is "F6: back to the usual console" "$c2" "$c0"
keys F6
sleep 0.5
is "F6 again: the lesson view" "$(cons)" "$c1"
type 'lesson stop'
done_testing
