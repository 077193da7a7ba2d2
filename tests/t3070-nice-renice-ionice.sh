#!/usr/bin/env bash
# nice, renice and ionice: the niceness and I/O class land on the processes
# (read back from /proc and ionice), bad values are refused in Spanish, the
# I/O scheduler note appears when the disks ignore classes.
. "$(dirname "$0")/lib-cg.sh"
defer aisla -c 'reset -y'

tag=$((RANDOM * 32768 + RANDOM))
mine() { for p in /proc/[0-9]*; do { tr '\0' ' ' <"$p/cmdline"; } 2>/dev/null | grep -q "^sleep $1 \?$" && echo "${p#/proc/}"; done | head -n1; }
niceof() { awk '{ print $19 }' "/proc/$1/stat"; }

out=$(aisla -c "nice sleep $tag" 2>&1); rc=$?
is "nice sleep (default)" "$rc" 0
like "  explains the real command" "$out" "nice -n 10 sleep $tag &"
p=$(mine $tag); defer kill "$p"
like "  it runs in the background" "$p" '^[0-9]+$'
is "  default niceness 10" "$(niceof "$p")" 10
t2=$((tag + 1))
ok "nice -n 7 sleep" aisla -c "explain off; nice -n 7 sleep $t2"
q=$(mine $t2); defer kill "$q"
is "  niceness 7" "$(niceof "$q")" 7
t3=$((tag + 2))
ok "nice -n -5 as root" aisla -c "explain off; nice -n -5 sleep $t3"
r=$(mine $t3); defer kill "$r"
is "  niceness -5" "$(niceof "$r")" -5
out=$(aisla -c "explain off; nice -n 30 sleep 1" 2>&1)
like "nice -n 30 refused in Spanish" "$out" 'no válido'

out=$(aisla -c "renice 3 $p" 2>&1); rc=$?
is "renice 3 PID" "$rc" 0
is "  niceness 3" "$(niceof "$p")" 3
like "  explains renice -n 3 -p" "$out" "renice -n 3 -p $p"
ok "renice -n 4 -p PID" aisla -c "explain off; renice -n 4 -p $p"
is "  niceness 4" "$(niceof "$p")" 4
ok "renice -2 PID (root)" aisla -c "explain off; renice -2 $p"
is "  niceness -2" "$(niceof "$p")" -2
out=$(aisla -c "explain off; renice 25 $p" 2>&1)
like "renice 25 refused in Spanish" "$out" 'no válido'
out=$(aisla -c "explain off; renice 5 999999999" 2>&1)
like "renice of a missing process" "$out" 'no hay|no existe|ningún'

if setpriv --help 2>&1 | grep -q reuid; then
	d=$(mktemp -d); chmod 777 "$d"; defer rm -rf "$d"
	out=$(AISLA_RUN_DIR=$d setpriv --reuid=65534 --regid=65534 --clear-groups "$AISLA_BIN" -c "explain off; nice -n -3 sleep 1" 2>&1)
	like "a negative niceness without root: needs root" "$out" 'root'
fi

out=$(aisla -c "ionice -c 3 $q" 2>&1); rc=$?
is "ionice -c 3 PID" "$rc" 0
like "  explains ionice -c 3 -p" "$out" "ionice -c 3 -p $q"
out=$(aisla -c "explain off; ionice $q" 2>&1)
like "  the class is idle now" "$out" 'idle'
ok "ionice -c 2 -n 7 PID" aisla -c "explain off; ionice -c 2 -n 7 $q"
out=$(aisla -c "explain off; ionice $q" 2>&1)
like "  best-effort level 7" "$out" 'best-effort.* 7'
if command -v ionice >/dev/null 2>&1; then
	like "  the real ionice agrees" "$(ionice -p "$q" 2>&1)" 'best-effort.*7'
fi
out=$(aisla -c "explain off; ionice -c 2 -n 9 $q" 2>&1)
like "level 9 refused in Spanish" "$out" 'no válido'
out=$(aisla -c "explain off; ionice -c 5 $q" 2>&1)
like "class 5 refused in Spanish" "$out" 'no válida'
# Disks whose scheduler is not bfq ignore the classes: aisla says so.
nonbfq=$(for f in /sys/block/*/queue/scheduler; do case $f in */loop*|*/ram*|*/zram*) continue ;; esac; grep -q '\[bfq\]' "$f" || echo "$f"; done)
out=$(aisla -c "explain off; ionice -c 2 -n 0 $q" 2>&1)
if [ -n "$nonbfq" ]; then
	like "the scheduler note" "$out" 'ignora las clases'
else
	unlike "no scheduler note with bfq everywhere" "$out" 'ignora las clases'
fi
done_testing
