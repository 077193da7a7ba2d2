#!/usr/bin/env bash
# A lesson's `code` reads as code on screen (issue 15, point 10): in the
# panes the backticks are gone and the span has an attribute of its own
# (also across a line break and in the commands of a hint); the pinned
# step title has no backticks; in plain mode the backticks stay.
. "$(dirname "$0")/lib.sh"
need_root
. "$(dirname "$0")/lib-tui.sh"
export HOME=$(mktemp -d /tmp/aisla-home.XXXXXX)
defer rm -rf "$HOME"

tui_start 120x35
ok "panes up" wait_for ' Consola ' 10
type 'lesson start 3'
ok "the introduction" wait_for "Intro \(o 'lesson next'\): paso 1" 8
keys Enter
ok "step 1" wait_for 'crea un proceso nuevo' 5
s=$(screen)
like "the span is shown without its backticks" "$s" '^unshare crea un proceso nuevo'
unlike "  no backtick left in the step's prose" "$(printf '%s\n' "$s" | grep -F 'crea un proceso nuevo')" '`'
# with attributes: an SGR sequence opens right before the span and one
# closes right after it; the prose after it has none of its own
e=$($S capture-pane -e -p -t t | grep -aF 'crea un proceso nuevo')
like "  drawn with an attribute of its own" "$e" $'\e\\[[0-9;]*m(\e\\[[0-9;]*m)*unshare\e\\['
like "  and the prose after it is not" "$e" $'unshare\e\\[[0-9;]*m(\e\\[[0-9;]*m)* crea un proceso'
# "ip link" is cut by the wrap: both halves are code (the attribute
# carries over the line break: no reset between "ip" and "link")
t=$($S capture-pane -e -p -t t | grep -aA1 'aquí usamos')
like "  a span cut by the line break: its first half is code" "$t" $'usamos \e\\[[0-9;]*m(\e\\[[0-9;]*m)*ip\n'
like "  and its second half too" "$t" $'ip\nlink\e\\[[0-9;]*m(\e\\[[0-9;]*m)*\\.'
type 'lesson hint'
ok "a hint" wait_for '^pista: ' 5
unlike "  its commands without backticks" "$(screen | grep -A2 '^pista: ')" '`'
type 'lesson stop'
type 'lesson start 4'
keys Enter
for s in 1 2 3 4 5 6; do type 'lesson next'; done
ok "lesson 4 step 7 pinned" wait_for '^\[04-veth · paso 7 de 7\] Paso 7 — Visto con ip' 8
type 'lesson stop'

# plain mode: the backticks stay (nothing styles them there)
out=$(printf 'lesson start 3\n\n' | env HOME="$HOME" LANG=C.UTF-8 "$AISLA_BIN" --plain 2>&1)
like "plain mode keeps the backticks" "$out" '`unshare` crea un proceso nuevo'
done_testing
