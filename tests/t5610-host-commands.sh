#!/usr/bin/env bash
# t5610: lesson and demo files are input, not trust (issue 12). A lesson
# and a demo from /tmp whose lines run host commands (a `!` line, an
# `exit` check): --check lists each with FILE:LINE; batch mode runs
# nothing of them and exits 1 with the list; --allow-host runs them; the
# same text copied from a shipped lesson is refused too (trust is where
# the file lives, not what it says). In a terminal, `lesson start FILE`
# and `demo play FILE` ask once before anything runs: "n" runs nothing,
# "s" runs it. `lesson start ../../etc/passwd` and `source /etc` are
# Spanish errors with exit 1; lesson start / demo play say which file
# they loaded.
. "$(dirname "$0")/lib-batch.sh"
need_root
need_cmd tmux
[ -x "$AISLA_BIN" ] || skip "no hay binario $AISLA_BIN (make)"

tmp=$(mktemp -d /tmp/t5610.XXXXXX)
defer rm -rf "$tmp"
cat >"$tmp/ajena.lesson" <<EOT
---
lesson: 96
title: Ajena
---

# Ajena

## Paso 1 — Algo

\`\`\`aisla
!touch $tmp/bang
\`\`\`

- check: exit sh -c 'touch $tmp/exit' == 0
EOT
cat >"$tmp/ajena.demo" <<EOT
---
demo: ajena
title: Demo ajena
---

\`\`\`aisla
!touch $tmp/demo
\`\`\`
EOT

out=$(aisla --check "$tmp/ajena.lesson" 2>&1)
is "--check passes (host commands are not errors)" "$?" 0
like "--check lists the ! line with FILE:LINE" "$out" "ajena.lesson:11: !touch"
like "--check lists the exit check with FILE:LINE" "$out" "ajena.lesson:14: exit sh -c"

out=$(aisla "$tmp/ajena.lesson" 2>&1 </dev/null)
is "batch: exit 1" "$?" 1
like "batch: the list" "$out" "ajena.lesson:11: !touch"
like "batch: says why, in Spanish" "$out" "no viene con aisla: no se ejecuta"
like "batch: and how to allow it" "$out" "pista: .*aisla --allow-host FICHERO"
ok "batch: the ! line did not run" test ! -e "$tmp/bang"
ok "batch: the exit check did not run" test ! -e "$tmp/exit"
out=$(aisla -c "source $tmp/ajena.lesson" 2>&1 </dev/null)
is "source (batch): exit 1" "$?" 1
ok "source: nothing ran" test ! -e "$tmp/bang"
out=$(aisla "$tmp/ajena.demo" 2>&1 </dev/null)
is "a demo in batch: exit 1" "$?" 1
ok "a demo in batch: its ! line did not run" test ! -e "$tmp/demo"

out=$(aisla --allow-host "$tmp/ajena.lesson" 2>&1 </dev/null)
is "--allow-host: exit 0" "$?" 0
ok "--allow-host: the ! line ran" test -e "$tmp/bang"
ok "--allow-host: the exit check ran" test -e "$tmp/exit"
rm -f "$tmp/bang" "$tmp/exit"

# The shorthand NODE CMD (exec in a node that exists) is a program too.
n=$(rname t56)
ip netns add "$n" && defer ip netns del "$n"
printf -- '---\nlesson: 95\ntitle: Atajo\n---\n# Atajo\n## Paso 1\n```aisla\n%s touch %s\n```\n' \
	"$n" "$tmp/short" >"$tmp/atajo.lesson"
out=$(aisla --check "$tmp/atajo.lesson" 2>&1)
like "--check lists the NODE CMD shorthand" "$out" "atajo.lesson:8: $n touch"
out=$(aisla "$tmp/atajo.lesson" 2>&1 </dev/null)
is "batch refuses the shorthand's file (exit 1)" "$?" 1
ok "the shorthand did not run" test ! -e "$tmp/short"

# A shipped lesson's text, copied elsewhere, is not shipped.
cp "$TOP/lessons/03-netns.lesson" "$tmp/copia.lesson"
out=$(aisla "$tmp/copia.lesson" 2>&1 </dev/null)
is "a copy of a shipped lesson in /tmp: refused (exit 1)" "$?" 1
like "the copy: refused for its host commands" "$out" "no viene con aisla"

out=$(cd "$tmp" && aisla -c 'lesson start ../../etc/passwd' 2>&1)
is "lesson start ../../etc/passwd: exit 1" "$?" 1
like "lesson start ../../etc/passwd: not a lesson, in Spanish" "$out" "no es una lección"
unlike "lesson start ../../etc/passwd: its lines are not listed" "$out" "root:x:0"
out=$(aisla -c 'source /etc' 2>&1)
is "source /etc: exit 1" "$?" 1
like "source /etc: a directory, in Spanish" "$out" "'/etc' es un directorio"
out=$(aisla -c 'lesson start ./no-existe.lesson' 2>&1)
is "lesson start of a missing path: exit 1" "$?" 1
unlike "a path is not searched as a name" "$out" "no hay ninguna lección"

# In a terminal: asked once, before anything runs.
defer env AISLA_RUN_DIR="$AISLA_RUN_DIR" "$AISLA_BIN" reset -y --force
tm_start
until_ok() { local n=$1; shift; for _ in $(seq $((n * 10))); do "$@" && return 0; sleep 0.1; done; return 1; }
screen() { tm_screen; }
wait_for() { tm_wait "$@"; }
until_file() { local i; for ((i = 0; i < 100; i++)); do [ -e "$1" ] && return 0; sleep 0.1; done; return 1; }
nasked() { screen | grep -c '\[s/N\]'; }
send() { tm_ready 20; tm_send "$1"; }
answer() { tm_send "$1"; }
ok "aisla started" wait_for 'aisla[#$] ' 10
send "lesson start $tmp/ajena.lesson"
ok "guided: it asks, showing the commands" wait_for "¿Ejecutar estas órdenes como root\? \[s/N\]" 10
like "guided: the question comes with the list" "$(screen)" "ajena.lesson:14: exit sh -c"
answer "n"
ok "guided: 'n' refuses" wait_for "no se han permitido sus órdenes del sistema" 10
ok "guided: nothing ran" test ! -e "$tmp/bang"
send "lesson start $tmp/ajena.lesson"
ok "guided: asked again after a no" until_ok 20 test "$(nasked)" -ge 2
answer "s"
ok "guided: 's' starts the lesson, saying which file" wait_for "Fichero de la lección: $tmp/ajena.lesson" 10
send ""	# the introduction waits for Enter
ok "guided: the step is shown" wait_for "paso 1 de 1\] Paso 1" 10
send "lesson stop --reset"
ok "guided: stopped" wait_for "detenida|parada|stopped|Lección" 10
send "demo play $tmp/ajena.demo --delay 0"
ok "replay: it asks" wait_for "ajena.demo:7: !touch" 10
answer "s"
ok "replay: says which file" wait_for "Fichero de la demo: $tmp/ajena.demo" 10
ok "replay: 's' runs the ! line" until_file "$tmp/demo"
send "lesson start 4"
ok "a shipped name: says which file, and does not ask" wait_for "Fichero de la lección: .*/lessons/04-veth.lesson" 10
ok "a shipped lesson: not asked" test "$(nasked)" -eq 3
send "lesson stop"
send "quit"
done_testing
