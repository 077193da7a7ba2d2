#!/usr/bin/env bash
# rootfs DIR builds a busybox tree offline; chroot DIR ls / lists it; chroot
# into a directory without a shell teaches rootfs; unshare --root DIR makes
# DIR the node's /; reset removes what rootfs made, never a dir with files.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-ns.sh"
need_root
need_busybox

d=$(mktemp -d /tmp/aisla-rootfs.XXXXXX)
defer rm -rf "$d"
r="$d/raiz"
j=$(rname j)
defer "$AISLA_BIN" -c "node del $j"

out=$(aisla -c "rootfs $r" 2>&1); rc=$?
is "rootfs exits 0" "$rc" 0
like "says how to use it" "$out" "chroot $r ls /"
like "explained with busybox --install" "$out" "≈ chroot $r /bin/busybox --install -s"
ok "bin/busybox is there" test -x "$r/bin/busybox"
is "applets are links to /bin/busybox" "$(readlink "$r/bin/ls")" "/bin/busybox"
for f in etc/passwd etc/group etc/hostname; do ok "$f exists" test -s "$r/$f"; done
for dd in proc sys dev tmp root; do ok "/$dd exists" test -d "$r/$dd"; done
is "/tmp is sticky" "$(stat -c %a "$r/tmp")" "1777"

out=$(aisla -c "chroot $r ls /" 2>&1); rc=$?
is "chroot DIR ls / exits 0" "$rc" 0
like "lists the busybox tree" "$(printf '%s\n' "$out" | tr '\n' ' ')" 'bin .*etc .*proc .*sbin .*usr'
like "explained with chroot" "$out" "≈ chroot $r ls /"
out=$(aisla -c "chroot $r cat /etc/hostname" 2>&1)
like "files inside are seen from the new root" "$out" "^aisla"

# a directory without a shell
e="$d/vacio"; mkdir "$e"
err=$(aisla -c "chroot $e" 2>&1); rc=$?
is "chroot into a dir without a shell fails" "$rc" 1
like "... and suggests rootfs" "$err" "rootfs $e"
err=$(aisla -c "chroot $d/nonexistent ls" 2>&1); rc=$?
is "chroot into a missing dir fails" "$rc" 1
like "... and suggests rootfs" "$err" "rootfs $d/nonexistent"

# rootfs never builds over files
mkdir "$d/lleno"; echo hola >"$d/lleno/mio"
err=$(aisla -c "rootfs $d/lleno" 2>&1); rc=$?
is "rootfs into a non-empty dir is refused" "$rc" 1
is "... and leaves it as it was" "$(ls "$d/lleno")" "mio"
err=$(aisla -c "rootfs $r" 2>&1); rc=$?
is "rootfs over an existing rootfs is refused" "$rc" 1
like "... and says to use it" "$err" "chroot $r"

# a node whose root is the rootfs
out=$(aisla -c "unshare -p --root $r $j" 2>&1); rc=$?
is "unshare -p --root DIR NODE exits 0" "$rc" 0
h=$(holder_of "$j")
is "the holder's root is DIR" "$(readlink /proc/$h/root)" "$r"
out=$(aisla -c "exec $j ls /" 2>&1)
like "exec NODE ls / lists the rootfs" "$(printf '%s\n' "$out" | tr '\n' ' ')" "\[$j\] bin .*\[$j\] etc"
out=$(aisla -c "exec $j ps" 2>&1)
like "busybox ps inside sees PID 1 (a fresh /proc in the rootfs)" "$out" "\[$j\] +1 "
out=$(aisla -c "ps $j" 2>&1)
like "ps shows the node's root" "$out" " $r "
aisla -c "node del $j" >/dev/null 2>&1
ok "the node's /proc mount did not leak to the host" test -z "$(awk -v p="$r/proc" '$2 == p' /proc/mounts)"

# reset removes the rootfs it made, leaves the others
out=$(aisla -c "reset -y" 2>&1); rc=$?
is "reset exits 0" "$rc" 0
ok "the rootfs is gone" test ! -e "$r"
is "the user's dir is untouched" "$(cat "$d/lleno/mio")" "hola"
ok "the empty dir is untouched" test -d "$e"

# rootfs into an existing empty dir: reset empties it but keeps it
mkdir "$d/mia"
aisla -c "rootfs $d/mia" >/dev/null 2>&1
ok "built into an existing empty dir" test -x "$d/mia/bin/busybox"
aisla -c "reset -y" >/dev/null 2>&1
ok "reset keeps the dir rootfs did not create" test -d "$d/mia"
is "... and empties it" "$(ls -A "$d/mia" | wc -l)" 0
done_testing
