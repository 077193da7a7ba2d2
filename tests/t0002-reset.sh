#!/usr/bin/env bash
# reset and 'aisla reset': empty journal, a journal left by a killed session
# (confirmed records, an unconfirmed intent, a torn last line), identity.
. "$(dirname "$0")/lib.sh"
need_root

out=$(aisla reset -y 2>&1); rc=$?
is "aisla reset -y on an empty journal" "$rc" 0
like "says there is nothing to undo" "$out" 'Nada que deshacer'
out=$(aisla -c 'reset -y' 2>&1); rc=$?
is "reset -y inside aisla too" "$rc" 0

# What a session killed with SIGKILL leaves: records written, never undone.
d=$(mktemp -d /tmp/aisla-t0002.XXXXXX); defer rm -rf "$d"
mkdir "$d/mine" "$d/half" "$d/theirs" "$d/gone"
ino=$(stat -c %i "$d/mine")
mkdir -p "$AISLA_RUN_DIR"
{
	echo "1 intent dir $d/mine"
	echo "2 done 1 ino=$ino"
	echo "3 intent dir $d/theirs"
	echo "4 done 3 ino=1"
	echo "5 intent dir $d/gone"
	echo "6 done 5 ino=2"
	echo "7 intent dir $d/half"
	printf '8 intent dir %s/tor' "$d"
} >"$AISLA_RUN_DIR/journal"
rmdir "$d/gone"
out=$(aisla -c status 2>&1)
like "status lists what aisla made" "$out" "$d/mine"
like "status marks the interrupted intent" "$out" "$d/half.*interrumpido"
out=$(aisla reset -y 2>&1); rc=$?
is "aisla reset after a crash exits 0" "$rc" 0
nok "its directory is removed" test -e "$d/mine"
nok "the unconfirmed (empty) one too" test -e "$d/half"
ok "a same-named object made by someone else survives" test -d "$d/theirs"
like "and is reported" "$out" "no se toca: directorio '$d/theirs'"
like "summary line" "$out" '3 objetos deshechos, 1 sin tocar'
out=$(aisla reset -y 2>&1)
like "a second reset finds nothing" "$out" 'Nada que deshacer'
is "the journal is empty again" "$(cat "$AISLA_RUN_DIR/journal")" ""
done_testing
