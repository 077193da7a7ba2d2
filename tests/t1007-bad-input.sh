#!/usr/bin/env bash
# Bad input is refused with a teaching error and changes nothing; a node
# whose holder died is reported as such, with `node del` offered.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-ns.sh"
need_root

n=$(rname n)
x=$(rname x)
defer "$AISLA_BIN" -c "node del $n"
defer "$AISLA_BIN" -c "node del $x"
before=$(ns_snap "$n" "$x")
jbefore=$(cat "$AISLA_RUN_DIR/journal" 2>/dev/null | wc -l)

refused() {	# refused WHAT 'COMMAND' REGEX
	local err rc
	err=$(aisla -c "$2" 2>&1); rc=$?
	is "$1: refused" "$rc" 1
	like "$1: explained" "$err" "$3"
}
refused "a name too long" "netns add abcdefghijklmnop" "no válido|invalid"
refused "a name starting with -" "unshare -n -- -x" "."
refused "a name with /" "netns add a/b" "no válido|invalid"
refused "a name starting with ." "unshare -n .oculto" "no válido|invalid"
refused "the reserved name host" "netns add host" "host"
refused "unshare NODE without namespaces" "unshare $n" "-n \(red\)|-n \(network\)"
refused "an unknown node" "exec $n ls" "unshare -n -p $n"
refused "an unknown node (nsenter)" "nsenter $n" "netns add $n"
refused "an unknown node (ps)" "ps $n" "desconocido|unknown"
refused "an unknown node (node del)" "node del $n" "desconocido|unknown"
refused "an unknown node (kill)" "kill $n" "desconocido|unknown"
refused "a missing pid" "exec 999999999 ls" "pid|proceso|process"
refused "a word that is neither a pid nor a node" "kill 12ab" "desconocido|unknown"
refused "exec without a command" "exec host" "orden|command"
refused "a pid out of range" "kill 99999999999999999999" "pid|proceso|process"
refused "--root that is not a directory" "unshare -p --root /nonexistent-$n $n" "rootfs"
refused "a hostname too long" "unshare -u --hostname $(printf 'h%.0s' $(seq 70)) $n" "64"
refused "netns del of a node with a holder" "unshare -p $x; netns del $x" "node del $x"
aisla -c "node del $x" >/dev/null 2>&1
is "nothing was created" "$(ns_snap "$n" "$x")" "$before"
ok "no state file was left" test ! -e "$AISLA_RUN_DIR/nodes/$n"

# a node whose holder died
out=$(aisla -c "unshare -n -p $n" 2>&1)
h=$(holder_of "$n")
kill -9 "$h"
sleep 0.3
err=$(aisla -c "exec $n ls" 2>&1); rc=$?
is "entering a node whose holder died fails" "$rc" 1
like "... says the holder is gone" "$err" "$h"
like "... and offers node del" "$err" "node del $n"
out=$(aisla -c "node list" 2>&1)
like "node list marks it dead" "$out" "^$n .*(muerto|dead)"
out=$(aisla -c "node del $n" 2>&1); rc=$?
is "node del removes what is left" "$rc" 0
is "nothing left behind" "$(ns_snap "$n" "$x")" "$before"
done_testing
