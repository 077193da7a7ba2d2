#!/usr/bin/env bash
# tests/asan/replay.sh [TESTS...]: replay every lesson and demo (t51*,
# t52*; or the tests named) with ./aisla-asan (make aisla-asan). Every
# AddressSanitizer, LeakSanitizer or UBSan report is written to a log
# directory; the replay fails when a test fails or any report was written,
# and prints the reports.
set -u
cd "$(dirname "$0")/../.." || exit 1
[ -x ./aisla-asan ] || { echo "no ./aisla-asan: make aisla-asan"; exit 1; }
logs=$(mktemp -d /tmp/aisla-asan.XXXXXX)
trap 'rm -rf "$logs"' EXIT
export ASAN_OPTIONS="log_path=$logs/asan:detect_leaks=1:abort_on_error=0"
export UBSAN_OPTIONS="log_path=$logs/ubsan:print_stacktrace=1:halt_on_error=1"
[ $# -gt 0 ] || set -- t51 t52
start=$(date +%s)
AISLA_BIN=$PWD/aisla-asan tests/run "$@"
rc=$?
n=$(find "$logs" -type f | wc -l)
echo "asan replay: $(($(date +%s) - start)) s, tests exit $rc, $n sanitizer report file(s)"
if [ "$n" -gt 0 ]; then
	for f in "$logs"/*; do echo "== $f"; head -n 40 "$f"; done
	exit 1
fi
exit $rc
