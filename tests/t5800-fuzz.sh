#!/usr/bin/env bash
# t5800: the libFuzzer targets (tests/fuzz/: the lesson/demo format, the
# check language, a typed line) each run for a bounded time (FUZZ_SECONDS,
# 30 by default) on a corpus made from the course's lessons and demos,
# with AddressSanitizer and UBSan: no crash, no leak, no timeout. Needs
# clang (skipped otherwise); `make fuzz` runs them longer.
. "$(dirname "$0")/lib.sh"
command -v clang >/dev/null 2>&1 || skip "sin clang no hay libFuzzer (make fuzz lo necesita)"
cd "$TOP" || exit 1
if ! make -s fuzz-build >"$HOME/fuzz-build.log" 2>&1; then
	_t_result 1 "make fuzz-build" "$(tail -n 20 "$HOME/fuzz-build.log")"
	done_testing
fi
_t_result 0 "make fuzz-build"
out=$(tests/fuzz/run.sh "${FUZZ_SECONDS:-30}" 2>&1)
rc=$?
diag "$out"
for t in lesson check line; do
	like "fuzz-$t ran and exited 0" "$out" "^fuzz-$t: .*runs [0-9]+.*exit 0$"
done
is "no crash, leak or timeout" "$rc" 0
done_testing
