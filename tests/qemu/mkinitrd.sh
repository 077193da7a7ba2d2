#!/usr/bin/env bash
# tests/qemu/mkinitrd.sh: build the initramfs of the qemu tier's guest.
#
#   tests/qemu/mkinitrd.sh -o OUT -b AISLA_BIN [-k KERNEL_DIR] [-T SECONDS] TEST...
#
# OUT is a gzip'd cpio (newc) archive with:
#   /bin/busybox and its applet links   (from the host's busybox-static;
#                                       merged /usr: /bin -> usr/bin ...)
#   bash, ip, jq ... with the shared libraries ldd lists for them
#   /src/aisla                          the binary under test (static, or with
#                                       its ldd libraries), plus /src/locale,
#                                       /src/lessons, /src/demos if present
#   /src/tests/lib.sh and each TEST     (listed, in order, in /src/tests/qemu.list)
#   /init, /etc/inittab, /src/tests/qemu/guest-run.sh   (see init)
#   /lib/modules/loop.ko                when KERNEL_DIR has it (io.max tests)
# -T is the time limit of each guest test (default 120 s).
# Works as an ordinary user (no chroot, no mknod): cpio writes every file as root.
# AISLA_QEMU_TOOLS adds host commands (space separated) to the default list.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
out="" bin="" kdir="" ttime=120
while getopts o:b:k:T: o; do
	case $o in
	o) out=$OPTARG ;;
	b) bin=$OPTARG ;;
	k) kdir=$OPTARG ;;
	T) ttime=$OPTARG ;;
	*) exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ -n "$out" ] && [ -n "$bin" ] || { echo "uso: $0 -o OUT -b AISLA_BIN [-k KERNEL_DIR] TEST..." >&2; exit 2; }
[ -x "$bin" ] || { echo "'$bin' no es ejecutable" >&2; exit 1; }

bb=$(command -v busybox) || { echo "falta busybox (paquete busybox-static)" >&2; exit 1; }
if ldd "$bb" >/dev/null 2>&1; then
	echo "'$bb' no es estático: instala busybox-static" >&2
	exit 1
fi

stage=$(mktemp -d "${TMPDIR:-/tmp}/aisla-initrd.XXXXXX")
trap 'rm -rf "$stage"' EXIT

# Merged /usr, as on Debian 12 and the students' machines: /bin, /sbin,
# /lib and /lib64 are links into /usr, so /bin/busybox is /usr/bin/busybox.
mkdir -p "$stage"/usr/{bin,sbin,lib,lib64,local/bin} "$stage"/{etc,proc,sys,dev,run,tmp,root,mnt} \
	"$stage"/src/tests/qemu
for d in bin sbin lib lib64; do ln -s usr/$d "$stage/$d"; done
mkdir -p "$stage/lib/modules"

# Busybox and its applets, links pointing to /bin/busybox (what
# `busybox --install -s` does inside a chroot, without needing one).
cp "$bb" "$stage/bin/busybox"
for a in $("$bb" --list-full); do
	[ -e "$stage/$a" ] || [ -L "$stage/$a" ] || ln -s /bin/busybox "$stage/$a"
done

# copy_libs FILE: the shared libraries FILE needs, at the same paths.
copy_libs() {
	local l
	ldd "$1" 2>/dev/null | awk '/=> \// { print $3 } /^[ \t]*\// { print $1 }' |
		while read -r l; do
			[ -e "$stage$l" ] && continue
			mkdir -p "$stage$(dirname "$l")"
			cp -L "$l" "$stage$l"
		done
}
# copy_bin SRC DEST: a host program and its libraries.
copy_bin() {
	mkdir -p "$stage$(dirname "$2")"
	rm -f "$stage$2"
	cp -L "$1" "$stage$2"
	copy_libs "$1"
}

# bash is needed (the tests are bash). The real iproute2, jq and util-linux
# tools when the host has them (tests read `ip -j`, use `setpriv --reuid`,
# options busybox lacks; students' machines have these), in /usr/local/bin so
# they win over busybox's applets.
copy_bin "$(command -v bash)" /bin/bash
ln -sf /bin/bash "$stage/usr/local/bin/bash"
for t in ip jq getconf setpriv unshare nsenter taskset ionice chrt prlimit flock \
	${AISLA_QEMU_TOOLS:-}; do
	p=$(command -v "$t" 2>/dev/null) || continue
	case $p in /*) copy_bin "$p" "/usr/local/bin/$t" ;; esac
done

# The binary under test: static needs nothing more; dynamic brings its libraries.
copy_bin "$bin" /src/aisla
ln -s /src/aisla "$stage/usr/local/bin/aisla"
# Terminal descriptions for ncurses and the C.UTF-8 locale lib.sh selects.
for d in /lib/terminfo /usr/share/terminfo; do
	for f in d/dumb l/linux v/vt100 v/vt220 x/xterm x/xterm-256color s/screen t/tmux; do
		[ -e "$d/$f" ] || continue
		mkdir -p "$stage$d/${f%/*}" && cp -L "$d/$f" "$stage$d/$f"
	done
done
for d in /usr/lib/locale/C.utf8 /usr/lib/locale/C.UTF-8; do
	[ -d "$d" ] && mkdir -p "$stage/usr/lib/locale" && cp -rL "$d" "$stage/usr/lib/locale/"
done
# Catalogs, lessons and demos: at /src (next to the binary) and where a
# default `make install` would put them.
for d in locale lessons demos; do
	[ -d "$top/$d" ] || continue
	cp -r "$top/$d" "$stage/src/"
done
mkdir -p "$stage/usr/local/share/aisla"
[ -d "$top/locale" ] && cp -r "$top/locale" "$stage/usr/local/share/"
for d in lessons demos; do
	[ -d "$top/$d" ] && cp -r "$top/$d" "$stage/usr/local/share/aisla/"
done

# Tests, in order.
cp "$top/tests/lib.sh" "$stage/src/tests/"
# Helpers some tests source (tests/lib-*.sh, tests/*.bash).
for h in "$top"/tests/lib-*.sh "$top"/tests/*.bash; do
	[ -f "$h" ] && cp "$h" "$stage/src/tests/"
done
: >"$stage/src/tests/qemu.list"
for t in "$@"; do
	cp "$t" "$stage/src/tests/"
	echo "tests/$(basename "$t")" >>"$stage/src/tests/qemu.list"
done
echo "$ttime" >"$stage/src/tests/qemu.timeout"

# loop.ko for io.max tests on a loop device (guest's init loads it).
if [ -n "$kdir" ] && [ -e "$kdir/loop.ko" ]; then
	cp "$kdir/loop.ko" "$stage/lib/modules/"
fi

# Init, runner, a minimal /etc.
install -m 755 "$here/init" "$stage/init"
install -m 755 "$here/guest-run.sh" "$stage/src/tests/qemu/guest-run.sh"
# The runner powers off; should it die first, the next entry does.
cat >"$stage/etc/inittab" <<'EOF'
::sysinit:/src/tests/qemu/guest-run.sh
::sysinit:/bin/busybox poweroff -f
EOF
echo 'root:x:0:0:root:/root:/bin/bash' >"$stage/etc/passwd"
echo 'root:x:0:' >"$stage/etc/group"
echo 'aisla-v2' >"$stage/etc/hostname"
echo '127.0.0.1 localhost aisla-v2' >"$stage/etc/hosts"
: >"$stage/etc/fstab"

# Archive: newc, every file owned by root, gzip.
(cd "$stage" && find . -mindepth 1 | LC_ALL=C sort |
	cpio --quiet -o -H newc -R 0:0) | gzip -1 >"$out.tmp"
mv "$out.tmp" "$out"
