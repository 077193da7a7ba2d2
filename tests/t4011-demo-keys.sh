#!/usr/bin/env bash
# Demos obey the teacher (issue 15, point 5): at a pause only Space or
# Enter go on; the screen's keys (F2...) work during the pause, also in
# compact mode (100x30); `--step` shows the next command before it runs;
# the running line does not stay on the prompt row under a pause.
. "$(dirname "$0")/lib.sh"
need_root
. "$(dirname "$0")/lib-tui.sh"

a=$(rname da) b=$(rname db) c=$(rname dc)
for n in "$a" "$b" "$c"; do defer ip netns del "$n"; done
dir=$(mktemp -d); defer rm -rf "$dir"
cat >"$dir/uno.demo" <<EOD
---
demo: uno
title: Teclas en una pausa
---

## Paso 1 — uno

\`\`\`aisla
netns add $a
\`\`\`

- pause

## Paso 2 — dos

\`\`\`aisla
netns add $b
\`\`\`

- pause
EOD
cat >"$dir/paso.demo" <<EOD
---
demo: paso
title: Paso a paso
---

## Paso 1 — uno

\`\`\`aisla
netns add $c
\`\`\`
EOD

exists() { ip netns list | grep -qw "$1"; }

tui_start 100x30
ok "compact panes up" wait_for '\[[0-9]/5\]'
type "demo play $dir/uno.demo"
ok "the demo reaches its first pause" wait_for 'pausa: Espacio o Intro' 5
ok "  after its first command" exists "$a"
last=$(screen | tail -n 1)
unlike "the prompt row does not repeat the running line" "$last" 'demo play'

title() { screen | grep -o '\[[0-9]/5\] [^ ]*' | head -1; }
t0=$(title)
keys F2
ok "F2 at a pause changes the pane shown" until_ok 3 sh -c "[ \"\$($S capture-pane -p -t t | grep -o '\[[0-9]/5\] [^ ]*' | head -1)\" != '$t0' ]"
sleep 0.5
nok "  and the demo did not go on" exists "$b"
for _ in 1 2 3 4 5; do
	screen | grep -q '\] Topología' && break
	keys F2; sleep 0.3
done
ok "the teacher reaches Topología during the pause" wait_for '\[[0-9]/5\] Topología' 2
ok "  which shows the demo's node" wait_for "$a" 2
keys x; keys Tab; keys F5; keys Escape
sleep 0.5
nok "other keys do not advance it either" exists "$b"
keys Space
ok "Space goes on" until_ok 5 exists "$b"
ok "the second pause" wait_for 'pausa: Espacio o Intro.*' 5
keys Enter
ok "Enter ends the demo" wait_for 'todas las comprobaciones|Demo terminada|terminad' 5

type "demo play $dir/paso.demo --step"
ok "--step shows the next command" wait_for "aisla# netns add $c" 5
sleep 0.5
nok "  before running it" exists "$c"
keys F2
sleep 0.3
nok "  and a screen key does not run it" exists "$c"
keys Enter
ok "Enter runs it" until_ok 5 exists "$c"
done_testing
