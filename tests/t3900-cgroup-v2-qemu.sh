#!/usr/bin/env bash
# t3900-cgroup-v2-qemu.sh: the cgroup tests in a real pure-cgroup-v2 kernel.
#
# This machine mounts cgroups hybrid (v1 controllers); students mostly have
# pure v2. This tier boots Debian's own kernel (linux-image-6.x-amd64, fetched
# with apt-get download and unpacked into tests/qemu/cache/ by
# tests/qemu/kernel.sh; nothing installed) under qemu-system-x86_64 with TCG,
# with an initramfs (tests/qemu/mkinitrd.sh: busybox-static, bash, the aisla
# binary, tests/lib.sh, tests/qemu/guest-smoke.sh and tests/t3[0-8]*.sh) whose
# /init (tests/qemu/init) mounts cgroup2 as the only hierarchy, runs each test
# and prints TAP on the serial console, then powers off. Here the console is
# parsed: every guest test is one assertion (passes on exit 0 or 77), and its
# own TAP lines are shown indented beneath it (TAP 14 subtests).
#
# Skips (77) without qemu-system-x86_64, cpio, busybox-static or the kernel
# package. Environment:
#   AISLA_QEMU_TESTS     guest tests (paths; default tests/t3[0-8]*.sh and the
#                        cgroups lesson, t5112)
#   AISLA_QEMU_TIMEOUT   limit of the whole boot, seconds (default 600)
#   AISLA_QEMU_TEST_TIMEOUT  limit of each guest test (default 120)
#   AISLA_QEMU_BIN       binary to put in the guest (default: aisla-static
#                        if newer than aisla, else aisla with its libraries)
#   AISLA_QEMU_KEEP=1    keep the work directory (initrd, serial log)
#   AISLA_QEMU_KERNEL, AISLA_QEMU_CACHE   see tests/qemu/kernel.sh
#   AISLA_QEMU_REQUIRED=1  a reason to skip is a failure (for CI, where the
#                        tier must really run)
# Nothing is left behind: the work directory is removed and qemu is killed on
# any exit (timeout, INT, TERM).
. "$(dirname "$0")/lib.sh"
if [ "${AISLA_QEMU_REQUIRED:-0}" = 1 ]; then
	skip() { echo "not ok 1 - el nivel qemu es obligatorio (AISLA_QEMU_REQUIRED=1) y no puede ejecutarse: $*"; echo "1..1"; exit 1; }
fi
need_cmd qemu-system-x86_64
need_cmd cpio
need_cmd gzip
need_cmd dpkg-deb
command -v busybox >/dev/null 2>&1 && ! ldd "$(command -v busybox)" >/dev/null 2>&1 ||
	skip "falta busybox estático (paquete busybox-static)"

qdir=$TOP/tests/qemu
limit=${AISLA_QEMU_TIMEOUT:-600}

# The binary under test.
bin=${AISLA_QEMU_BIN:-}
if [ -z "$bin" ]; then
	bin=$AISLA_BIN
	[ -x "$AISLA_BIN-static" ] && [ "$AISLA_BIN-static" -nt "$AISLA_BIN" ] && bin=$AISLA_BIN-static
	[ -x "$bin" ] || { [ -x "$AISLA_BIN-static" ] && bin=$AISLA_BIN-static; }
fi
[ -x "$bin" ] || skip "no hay binario de aisla que probar ('$bin'): ejecuta make"

# Guest tests: the smoke test of the tier first, then the cgroup tests.
if [ -n "${AISLA_QEMU_TESTS:-}" ]; then
	read -r -a tests <<<"$AISLA_QEMU_TESTS"
else
	tests=()
	# The cgroup tests, and the cgroups lesson replayed with v2's names.
	for t in "$TOP"/tests/t3[0-8]*.sh "$TOP"/tests/t5112-lesson-12-cgroups.sh; do
		[ -f "$t" ] && tests+=("$t")
	done
fi
tests=("$qdir/guest-smoke.sh" "${tests[@]}")

kerr=$(mktemp "${TMPDIR:-/tmp}/aisla-kernel-err.XXXXXX") || exit 1
kdir=$("$qdir/kernel.sh" 2>"$kerr")
rc=$?
why=$(tail -n 1 "$kerr")
cat "$kerr" >&2
rm -f "$kerr"
if [ $rc != 0 ]; then
	[ $rc = 77 ] && skip "no hay núcleo de Debian para qemu: $why"
	echo "tests/qemu/kernel.sh falló ($rc)" >&2
	exit 1
fi
case $kdir in "${TMPDIR:-/tmp}"/aisla-kernel.*) defer rm -rf "$kdir" ;; esac

work=$(mktemp -d "${TMPDIR:-/tmp}/aisla-qemu.XXXXXX") || exit 1
if [ "${AISLA_QEMU_KEEP:-0}" = 1 ]; then
	diag "se conserva $work"
else
	defer rm -rf "$work"
fi

t0=$SECONDS
"$qdir/mkinitrd.sh" -o "$work/initrd" -b "$bin" -k "$kdir" \
	-T "${AISLA_QEMU_TEST_TIMEOUT:-120}" "${tests[@]}" || {
	echo "no se pudo construir el initramfs" >&2
	exit 1
}
diag "initramfs: $(($(stat -c %s "$work/initrd") / 1024)) KiB con $(basename "$bin") en $((SECONDS - t0)) s"

# Boot, under timeout(1) so that a hung guest fails instead of blocking. It
# runs in the background so that the traps below can stop it (bash runs a
# trap only once a foreground child is done); timeout passes TERM on to qemu.
qpid=""
kill_qemu() { [ -n "$qpid" ] && kill -TERM "$qpid" 2>/dev/null && wait "$qpid"; qpid=""; }
defer kill_qemu
trap 'kill_qemu; exit 130' INT TERM HUP
t0=$SECONDS
timeout -k 5 "$limit" qemu-system-x86_64 -accel tcg -m 512 -smp 2 \
	-nographic -no-reboot -nic none \
	-kernel "$kdir/vmlinuz" -initrd "$work/initrd" \
	-append "console=ttyS0 quiet loglevel=1 panic=-1 rdinit=/init" \
	</dev/null >"$work/serial" 2>&1 &
qpid=$!
wait "$qpid"
qrc=$?
qpid=""
boot=$((SECONDS - t0))

# Parse the console (CRLF, escape sequences from the firmware).
tr -d '\r' <"$work/serial" | sed -e 's/\x1b\[[0-9;?]*[A-Za-z]//g' -e 's/\x1bc//g' >"$work/console"
guest=$(grep -m1 '^AISLA-GUEST ' "$work/console")
[ -n "$guest" ] && diag "${guest#AISLA-GUEST }"
# Each guest test's "not ok" lines and their diagnostics are gathered for a
# summary at the end: tests/run shows only the last lines of a failing log.
in="" left="" cur="" summary="" dm=0 dmesg=""
while IFS= read -r l; do
	case $l in
	"AISLA-BEGIN "*)
		in=${l#AISLA-BEGIN } cur="" intap=0
		echo "# Subtest: $in"
		;;
	"AISLA-TAP: "*)
		l=${l#AISLA-TAP: }
		printf '    %s\n' "$l"
		case $l in
		"not ok "*) cur+="  $l"$'\n' intap=1 ;;
		"#"*) [ "$intap" = 1 ] && cur+="    $l"$'\n' ;;
		*) intap=0 ;;
		esac
		;;
	"AISLA-LEFT "*) left+="${l#AISLA-LEFT * }"$'\n' ;;
	"AISLA-END "*)
		# shellcheck disable=SC2086 # split the line into its words
		set -- ${l#AISLA-END }
		name=$1 trc=${2#rc=} secs=${3#seconds=}
		in=""
		case $trc in
		0) _t_result 0 "guest: $name (${secs} s)" ;;
		77) _t_result 0 "guest: $name # SKIP en el invitado (${secs} s)" ;;
		*)
			_t_result 1 "guest: $name (estado $trc, ${secs} s)"
			summary+="$name (estado $trc):"$'\n'"$(printf '%s' "$cur" | head -n 20)"$'\n'
			;;
		esac
		if [ -n "$left" ]; then
			_t_result 1 "guest: $name no deja nada atrás" "${left%$'\n'}"
			summary+="$name deja atrás:"$'\n'"$(printf '%s' "$left" | sed 's/^/  /' | head -n 10)"$'\n'
			left=""
		fi
		;;
	"AISLA-DMESG: "*)
		# Only what says something about a failure (not the OOM reports
		# the tests provoke on purpose).
		l=${l#AISLA-DMESG: }
		dm=$((dm + 1))
		printf '%s' "$l" | grep -Eq 'BUG|WARNING|Oops|Call Trace|segfault|general protection|blocked for more|panic' &&
			dmesg+="$l"$'\n'
		;;
	esac
done <"$work/console"
[ -n "$dmesg" ] && diag "dmesg del invitado (de $dm líneas, las que avisan de algo):" && diag "${dmesg%$'\n'}"

ran=$(grep -c '^AISLA-END ' "$work/console")
if ! grep -q '^AISLA-DONE' "$work/console" || [ "$ran" != ${#tests[@]} ]; then
	if [ -n "$in" ]; then what="cortado durante $in"; else what="sin terminar"; fi
	if [ "$qrc" = 124 ] || [ "$qrc" = 137 ]; then what="$what: más de $limit s"; fi
	_t_result 1 "el invitado termina ($what, qemu estado $qrc)" "$(tail -n 30 "$work/console")"
else
	_t_result 0 "el invitado termina (arranque y pruebas en $boot s)"
fi
diag "qemu: $boot s en total"
if [ -n "$summary" ]; then
	diag "Fallos dentro del invitado (cgroup v2, núcleo $(printf '%s' "$guest" | sed -n 's/.*kernel=\([^ ]*\).*/\1/p')):"
	diag "${summary%$'\n'}"
fi
done_testing
