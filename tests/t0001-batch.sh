#!/usr/bin/env bash
# Batch mode: -c, FILE, --check, errors in Spanish with FILE:LINE, exit status.
. "$(dirname "$0")/lib.sh"

out=$(aisla -c help 2>&1); rc=$?
is "help exits 0" "$rc" 0
like "help answers in Spanish" "$out" 'Procesos y namespaces'
like "help lists veth" "$out" 'veth +Un par veth|veth '

out=$(aisla -c nosuchcmd 2>/tmp/err.$$); rc=$?; err=$(cat /tmp/err.$$); rm -f /tmp/err.$$
is "unknown command exits 1" "$rc" 1
is "nothing on stdout" "$out" ""
like "Spanish error on stderr" "$err" "orden desconocida: 'nosuchcmd'"
like "with a hint" "$err" '^pista: '

err=$(aisla -c 'statsu' 2>&1)
like "a typo suggests the nearest name" "$err" 'querías decir: status'
err=$(aisla -c 'stat' 2>&1); rc=$?
is "no prefix matching in batch mode" "$rc" 1
err=$(aisla -c "explain 'on" 2>&1); rc=$?
is "unterminated quote exits 1" "$rc" 1
like "unterminated quote explained" "$err" 'comilla sin cerrar'
err=$(aisla -c 'explain on off' 2>&1); rc=$?
is "wrong arity exits 1" "$rc" 1
like "wrong arity names the extra word and the usage" "$err" "sobran argumentos.*off"
err=$(aisla -c 'reset --nope' 2>&1); rc=$?
is "unknown flag exits 1" "$rc" 1
like "unknown flag named" "$err" "no tiene la opción '--nope'"
err=$(aisla --lang en -c nosuchcmd 2>&1)
like "--lang en answers in English" "$err" "unknown command 'nosuchcmd'"
err=$(LANGUAGE=en aisla -c nosuchcmd 2>&1)
like "LANGUAGE=en too" "$err" "unknown command"
err=$(LANG=C aisla -c nosuchcmd 2>&1)
like "C locale means Spanish" "$err" "orden desconocida"

# A script stops at its first failing line, says FILE:LINE, runs nothing after.
d=$(mktemp -d); defer rm -rf "$d"
printf 'explain off # a comment\n\n!touch %s/before\nnosuch thing\n!touch %s/after\n' "$d" "$d" >"$d/s.aisla"
err=$(aisla "$d/s.aisla" 2>&1); rc=$?
is "failing script exits 1" "$rc" 1
like "error prefixed FILE:LINE:" "$err" "$d/s.aisla:4: error: orden desconocida"
ok "lines before the failure ran" test -e "$d/before"
nok "lines after the failure did not run" test -e "$d/after"
printf '!echo uno; echo dos\n' >"$d/ok.aisla"
out=$(aisla "$d/ok.aisla" 2>&1); rc=$?
is "good script exits 0" "$rc" 0
like "! runs the rest of the line with sh" "$out" $'uno\ndos'
out=$(aisla -c 'explain off; ! echo -n uno; echo " dos"' 2>&1)
is "'!' after ';' takes the rest of the line, options too" "$out" "uno dos"
out=$(aisla -c '!exit 3' 2>&1); rc=$?
is "a failing ! command fails the line" "$rc" 1
like "its status is said" "$out" 'estado 3'

# --check validates without running.
out=$(aisla --check "$d/ok.aisla" 2>&1); rc=$?
is "--check accepts a good script" "$rc" 0
nok "--check ran nothing" test -e "$d/uno"
printf 'help\nexplain on off\nveht a b\n!touch %s/checked\n' "$d" >"$d/bad.aisla"
out=$(aisla --check "$d/bad.aisla" 2>&1); rc=$?
is "--check rejects a bad script" "$rc" 1
like "--check reports line 2" "$out" "bad.aisla:2: "
like "--check reports line 3 too" "$out" "bad.aisla:3: .*veht"
nok "--check did not run the ! line" test -e "$d/checked"

out=$(aisla "$d/missing.aisla" 2>&1); rc=$?
is "missing script exits 1" "$rc" 1
like "missing script explained" "$out" "no se pudo abrir el guion"
out=$(aisla --nope 2>&1); rc=$?
is "unknown program option exits 2" "$rc" 2
out=$(aisla --version); like "--version" "$out" '^aisla [0-9]'
out=$(aisla --help); like "--help in Spanish" "$out" '^Uso:'
out=$(echo 'explain off; explain' | aisla 2>&1); rc=$?
is "commands on stdin without a terminal run in batch" "$rc" 0
like "stdin batch output" "$out" 'desactivado'
done_testing
