#!/usr/bin/env bash
# t7004: the image commands explain themselves with real tools that run. A
# session (image base, a node from it, a change, image commit, image
# unpack) is exported as a bash script; after reset, with the store gone,
# that script run by plain bash (umoci, skopeo, mount -t overlay, unshare,
# nsenter) rebuilds an image whose unpacked tree has the change, like the
# one aisla made. The script runs in a private mount namespace; its
# container is killed by the pid it records.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-image.sh"
need_root
need_cmd umoci
need_cmd skopeo
[ -x /bin/busybox ] || skip "falta busybox-static"
img_store
w=$(mktemp -d /tmp/aisla-t7004.XXXXXX)
defer rm -rf "$w"
n=$(rname e)
defer "$AISLA_BIN" reset -y

out=$(aisla -c "image base eb; unshare -p -m -u --image eb $n; exec $n sh -c 'echo hola > /hola; rm /etc/group'; image commit $n eb2; image unpack eb2 $w/aisla; export $w/sesion.sh" 2>&1); rc=$?
is "the session runs" "$rc" 0
ok "the export was written" test -s "$w/sesion.sh"
like "it makes the base with umoci" "$(cat "$w/sesion.sh")" '^umoci repack --image '
like "it mounts the overlay" "$(cat "$w/sesion.sh")" '^mount -t overlay eb:latest -o '
like "it commits with skopeo and umoci" "$(cat "$w/sesion.sh")" '^skopeo copy oci:'
aisla reset -y >/dev/null 2>&1
rm -rf "$AISLA_IMAGE_DIR"
ok "reset removed the unpacked tree" test ! -e "$w/aisla"

echo "echo \$! > $w/pid" >>"$w/sesion.sh"
unshare -m --propagation private bash "$w/sesion.sh" >"$w/log" 2>&1; rc=$?
p=$(cat "$w/pid" 2>/dev/null)
if [ -n "$p" ]; then
	c=$(pgrep -P "$p")
	kill -9 $c "$p" 2>/dev/null
fi
is "bash runs the exported script to the end" "$rc" 0
[ "$rc" = 0 ] || diag "$(tail -n 5 "$w/log")"
ok "umoci made the base image" test -f "$AISLA_IMAGE_DIR/eb/index.json"
ok "the committed image unpacked" test -d "$w/aisla/bin"
is "with the file the container wrote" "$(cat "$w/aisla/hola" 2>/dev/null)" hola
ok "without the file it deleted" test ! -e "$w/aisla/etc/group"
ok "and the rest of the base" test -x "$w/aisla/bin/busybox"
rm -rf "$AISLA_IMAGE_DIR" "$AISLA_RUN_DIR/images"
done_testing
