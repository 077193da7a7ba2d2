#!/usr/bin/env bash
# readline inside the panes: completion lists go to the console, history
# (Up, Ctrl-R), UTF-8 typing, a long line scrolls sideways, the output of
# a child reaches the console, and stderr of aisla itself never hits the
# screen raw.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-tui.sh"

tui_start 130x40
ok "panes up" wait_for ' Interfaces '
last() { screen | tail -1; }
keys -l 'n'
keys Tab Tab
ok "Tab Tab lists the candidates in the console" wait_for 'netns +nice|nice +.*netns|netns .*nsenter'
ok "the prompt keeps the typed word" until_ok 3 bash -c "$S capture-pane -p -t t | tail -1 | grep -q '^aisla. n'"
keys C-u
type 'explain off'
ok "a command runs" wait_for 'explain está desactivado|explain off'
type 'explain on'
keys C-r
keys -l 'off'
ok "Ctrl-R searches the history" wait_for "reverse-i-search.*off.*explain off"
keys C-g C-u
keys Up Up
ok "Up recalls the history" until_ok 3 bash -c "$S capture-pane -p -t t | tail -1 | grep -q 'explain off'"
keys C-u
type '!echo ñandú-€-$((6*7))'
ok "UTF-8 typed and echoed in the console" wait_for 'aisla. !echo ñandú-€-'
ok "a child's output in the console" wait_for '^ñandú-€-42'
long=$(printf 'x%.0s' $(seq 200))
keys -l "$long"
ok "a long line scrolls sideways: the prompt line stays one line" until_ok 3 bash -c "$S capture-pane -p -t t | tail -1 | grep -q '^…x*$'"
keys C-u
ok "and comes back when cleared" until_ok 3 bash -c "$S capture-pane -p -t t | tail -1 | grep -q '^aisla.'"
type '!echo a-stderr >&2'
ok "a child's stderr reaches the console" wait_for '^a-stderr'
done_testing
