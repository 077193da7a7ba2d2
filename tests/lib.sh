# tests/lib.sh: shared helpers for the shell tests tNNNN-*.sh.
#
# Source it first thing:   . "$(dirname "$0")/lib.sh"
# Then:
#   need_root                       skip (exit 77) unless root
#   skip "reason"                   exit 77 with a reason
#   n=$(rname)                      a random object name (<= 15 chars)
#   defer ip netns del "$n"         run at exit, newest first (even on failure)
#   ok "what" cmd...                one TAP assertion: cmd must succeed
#   nok "what" cmd...               cmd must fail
#   is "what" "$got" "$want"        equality
#   like "what" "$got" 'regex'      grep -E match
#   aisla ...                       run ./aisla (the build under test)
#   done_testing                    prints the plan, exits 0/1
#
# Every test runs with its own AISLA_RUN_DIR (journal) so tests never see
# each other's objects, and removes exactly what it created.
set -u
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
AISLA_BIN=${AISLA_BIN:-$TOP/aisla}
_T_RUN_MADE=
if [ -z "${AISLA_RUN_DIR:-}" ]; then
	AISLA_RUN_DIR=$(mktemp -d /run/aisla-test.XXXXXX)
	_T_RUN_MADE=$AISLA_RUN_DIR	# removed at exit even if a test points elsewhere
fi
export AISLA_RUN_DIR
export LANGUAGE= LC_ALL=C.UTF-8 LANG=C.UTF-8
export HOME=${AISLA_TEST_HOME:-$(mktemp -d /tmp/aisla-home.XXXXXX)}
_T_N=0
_T_FAIL=0
_T_DEFER=()
_T_HOME_MADE=$HOME
# tmux servers of the tests keep their sockets here, removed at exit.
export TMUX_TMPDIR=$(mktemp -d /tmp/aisla-tmux.XXXXXX)

_t_cleanup() {
	local i
	for ((i = ${#_T_DEFER[@]} - 1; i >= 0; i--)); do
		eval "${_T_DEFER[$i]}" >/dev/null 2>&1 || true
	done
	_T_DEFER=()
	rm -rf "$AISLA_RUN_DIR" 2>/dev/null || true
	[ -n "$_T_RUN_MADE" ] && rm -rf "$_T_RUN_MADE" 2>/dev/null
	true
	case $_T_HOME_MADE in /tmp/aisla-home.*) rm -rf "$_T_HOME_MADE" ;; esac
	rm -rf "$TMUX_TMPDIR"
}
trap _t_cleanup EXIT
trap 'exit 130' INT TERM

# defer CMD ARGS...: run at exit (the words are quoted for eval).
defer() {
	local q="" w
	for w in "$@"; do q+="$(printf '%q' "$w") "; done
	_T_DEFER+=("$q")
}

skip() { echo "1..0 # SKIP $*"; exit 77; }
need_root() { [ "$(id -u)" = 0 ] || skip "necesita root"; }
need_cmd() { command -v "$1" >/dev/null 2>&1 || skip "falta la orden $1"; }

# rname [PREFIX]: random name, 15 chars at most.
rname() { printf '%s%s' "${1:-t}" "$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n' | head -c $((14 - ${#1})))"; }

_t_result() {
	_T_N=$((_T_N + 1))
	if [ "$1" = 0 ]; then
		echo "ok $_T_N - $2"
	else
		echo "not ok $_T_N - $2"
		_T_FAIL=$((_T_FAIL + 1))
		[ -n "${3:-}" ] && printf '%s\n' "$3" | sed 's/^/#   /'
	fi
	return 0
}
ok() { local d=$1; shift; local o; o=$("$@" 2>&1); _t_result $? "$d" "$o"; }
nok() { local d=$1; shift; local o; o=$("$@" 2>&1); if [ $? -ne 0 ]; then _t_result 0 "$d"; else _t_result 1 "$d" "$o"; fi; }
is() { if [ "$2" = "$3" ]; then _t_result 0 "$1"; else _t_result 1 "$1" "got:  '$2'
want: '$3'"; fi; }
like() { if printf '%s' "$2" | grep -Eq -- "$3"; then _t_result 0 "$1"; else _t_result 1 "$1" "got:  '$2'
want: /$3/"; fi; }
unlike() { if printf '%s' "$2" | grep -Eq -- "$3"; then _t_result 1 "$1" "got:  '$2'
unwanted: /$3/"; else _t_result 0 "$1"; fi; }
diag() { printf '%s\n' "$*" | sed 's/^/# /'; }

aisla() { "$AISLA_BIN" "$@"; }

done_testing() {
	echo "1..$_T_N"
	[ "$_T_FAIL" = 0 ]
	exit $?
}

# Snapshot of kernel objects for before/after comparisons.
snapshot() {
	{
		ip netns list 2>/dev/null | awk '{print "netns", $1}'
		ip -o link 2>/dev/null | awk -F': ' '{print "link", $2}' | cut -d@ -f1
		awk '{print "mount", $2}' /proc/mounts
	} | sort
}
