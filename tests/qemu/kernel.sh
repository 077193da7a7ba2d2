#!/usr/bin/env bash
# tests/qemu/kernel.sh: fetch and unpack Debian's own kernel for the qemu tier.
#
#   tests/qemu/kernel.sh            prints the directory that holds vmlinuz,
#                                   config and loop.ko (one line on stdout)
#
# Resolves linux-image-amd64 to the real package (linux-image-6.x-amd64) with
# apt-cache, downloads it with `apt-get download` into tests/qemu/cache/
# (gitignored) and extracts only what the tier needs with dpkg-deb: nothing is
# installed and /boot is never touched. A cached .deb is reused, also offline.
#
# Environment:
#   AISLA_QEMU_CACHE   cache directory (default tests/qemu/cache)
#   AISLA_QEMU_KERNEL  use this vmlinuz instead (no download; no loop.ko)
# Exit status: 0 ok, 77 the kernel can't be had here (reason on stderr).
set -u
here=$(cd "$(dirname "$0")" && pwd)
cache=${AISLA_QEMU_CACHE:-$here/cache}

fail77() { echo "$*" >&2; exit 77; }

if [ -n "${AISLA_QEMU_KERNEL:-}" ]; then
	[ -r "$AISLA_QEMU_KERNEL" ] || fail77 "AISLA_QEMU_KERNEL='$AISLA_QEMU_KERNEL' no se puede leer"
	d=$(mktemp -d "${TMPDIR:-/tmp}/aisla-kernel.XXXXXX") || exit 1
	# The caller owns (and removes) this directory.
	ln -s "$(readlink -f "$AISLA_QEMU_KERNEL")" "$d/vmlinuz"
	echo "$d"
	exit 0
fi

command -v dpkg-deb >/dev/null 2>&1 || fail77 "falta dpkg-deb (no es un sistema Debian)"
mkdir -p "$cache" || fail77 "no se pudo crear la caché '$cache'"

# One fetcher at a time: tests may run in parallel in the same tree.
exec 9>"$cache/.lock" || fail77 "no se puede escribir en la caché '$cache'"
flock -w 600 9 || fail77 "la caché '$cache' está bloqueada"

# The real package behind the meta-package: "Depends: linux-image-6.1.0-56-amd64".
pkg=""
if command -v apt-cache >/dev/null 2>&1; then
	pkg=$(apt-cache depends linux-image-amd64 2>/dev/null |
		awk '$1 == "Depends:" && $2 ~ /^linux-image-[0-9].*-amd64$/ { print $2; exit }')
fi

deb=""
if [ -n "$pkg" ]; then
	deb=$(ls -t "$cache/${pkg}"_*_amd64.deb 2>/dev/null | head -n1)
	if [ -z "$deb" ]; then
		echo "descargando $pkg (unos 70 MB) en $cache" >&2
		(cd "$cache" && apt-get download -q "$pkg" >&2) ||
			echo "apt-get download $pkg falló" >&2
		deb=$(ls -t "$cache/${pkg}"_*_amd64.deb 2>/dev/null | head -n1)
		# A new kernel replaces the old ones in the cache.
		if [ -n "$deb" ]; then
			for old in "$cache"/linux-image-*.deb; do
				[ "$old" = "$deb" ] && continue
				rm -rf "$old" "${old%.deb}"
			done
		fi
	fi
fi
# Offline, or apt doesn't know the meta-package: the newest cached one.
[ -n "$deb" ] || deb=$(ls -t "$cache"/linux-image-[0-9]*-amd64_*_amd64.deb 2>/dev/null | head -n1)
if [ -z "$deb" ]; then
	[ -n "$pkg" ] || fail77 "apt-cache no conoce linux-image-amd64 (¿falta apt-get update?) y la caché '$cache' está vacía"
	fail77 "apt-get download $pkg falló (¿sin red?) y la caché '$cache' está vacía"
fi

# Unpack once per .deb, only the files the tier uses (vmlinuz, config, loop.ko).
name=$(basename "$deb" .deb)
out=$cache/$name
if [ ! -e "$out/.done" ]; then
	rm -rf "$out" && mkdir -p "$out" || exit 1
	tmp=$(mktemp -d "$cache/.x.XXXXXX") || exit 1
	trap 'rm -rf "$tmp"' EXIT
	dpkg-deb --fsys-tarfile "$deb" |
		tar -x -C "$tmp" --wildcards './boot/vmlinuz-*' './boot/config-*' \
			'./lib/modules/*/kernel/drivers/block/loop.ko*' ||
		fail77 "no se pudo extraer '$deb'"
	mv "$tmp"/boot/vmlinuz-* "$out/vmlinuz" || fail77 "'$deb' no trae vmlinuz"
	mv "$tmp"/boot/config-* "$out/config" 2>/dev/null
	for m in "$tmp"/lib/modules/*/kernel/drivers/block/loop.ko*; do
		[ -e "$m" ] && mv "$m" "$out/"
	done
	ls "$tmp"/lib/modules/ >"$out/release" 2>/dev/null
	touch "$out/.done"
fi
echo "$out"
