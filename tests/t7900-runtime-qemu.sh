#!/usr/bin/env bash
# t7900: the bundle test (t7104) in the qemu tier: Debian's kernel booted with
# cgroup v2 as the only hierarchy (see t3900 and tests/qemu/README.md), where
# crun runs fully (here it refuses hybrid cgroups) and the cgroup limits are
# read from cgroup v2 files. runc, crun and the binary under test go into the
# guest's initramfs (AISLA_QEMU_TOOLS). The guest's root is the initramfs,
# which pivot_root refuses: the runtimes run with --no-pivot there and
# `bundle run` moves the new root over it by itself. Skips as t3900 does.
export AISLA_QEMU_TESTS="${AISLA_QEMU_TESTS:-tests/t7104-bundle.sh}"
export AISLA_QEMU_TOOLS="${AISLA_QEMU_TOOLS:-} runc crun"
[ -z "${AISLA_QEMU_CACHE:-}" ] && [ ! -d "$(dirname "$0")/qemu/cache" ] && [ -d /work/main/tests/qemu/cache ] &&
	export AISLA_QEMU_CACHE=/work/main/tests/qemu/cache
command -v runc >/dev/null 2>&1 || { echo "1..0 # SKIP falta runc"; exit 77; }
exec bash "$(dirname "$0")/t3900-cgroup-v2-qemu.sh"
