#!/usr/bin/env bash
# Every command of the table has a working 'help CMD' with usage in Spanish.
. "$(dirname "$0")/lib.sh"

names=$(aisla -c help | awk '/^  [^ ]/ {print $1}')
n=$(wc -w <<<"$names")
ok "help lists more than 30 commands ($n)" test "$n" -gt 30
for c in doctor image bundle restart nat balance; do
	like "help lists $c" "$names" "^$c\$"
done
unlike "every command is in an area (no 'Otras órdenes')" "$(aisla -c help)" 'Otras órdenes'
for c in $names; do
	out=$(aisla -c "help '$c'" 2>&1); rc=$?
	is "help $c exits 0" "$rc" 0
	like "help $c shows its usage" "$out" "^uso: "
done
out=$(aisla -c 'help nosuch' 2>&1); rc=$?
is "help of an unknown command fails" "$rc" 1
out=$(aisla -c 'help help' 2>&1)
like "help help in Spanish" "$out" 'Lista las órdenes'
done_testing
