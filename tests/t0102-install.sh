#!/usr/bin/env bash
# make install relocates: a copy of the build tree installed with
# `make install DESTDIR=D PREFIX=/usr` rebuilds what holds the paths, and
# the installed binary, run from D (not the build tree, no AISLA_* paths
# in the environment), finds its lessons, demos and Spanish catalog; a
# moved install tree (BIN/../share) still does; uninstall removes it.
. "$(dirname "$0")/lib.sh"
need_cmd make
[ -x "$TOP/aisla" ] || skip "no ./aisla built in $TOP"

tmp=$(mktemp -d /tmp/aisla-inst.XXXXXX)
defer rm -rf "$tmp"
src=$tmp/src d=$tmp/dest
mkdir "$src"
tar -C "$TOP" --exclude=.git --exclude=tests/qemu/cache --exclude=tests/qemu/build \
	-cf - . | tar -C "$src" -xf -
ok "make install DESTDIR PREFIX=/usr" make -s -C "$src" install DESTDIR="$d" PREFIX=/usr
like "the path header follows PREFIX" "$(cat "$src/shell/config.h")" '#define AISLA_DATADIR "/usr/share/aisla"'
bin=$d/usr/bin/aisla
strs=$(strings "$bin")
like "the installed binary knows /usr/share/aisla" "$strs" '^/usr/share/aisla$'
unlike "and not the old /usr/local one" "$strs" '^/usr/local/share/aisla$'
ok "lessons installed" test -f "$d/usr/share/aisla/lessons/03-netns.lesson"
ok "Spanish catalog installed" test -f "$d/usr/share/locale/es/LC_MESSAGES/aisla.mo"

run() { (cd / && env -u AISLA_DATADIR -u AISLA_LOCALEDIR "$@"); }
out=$(run "$bin" -c 'lesson list' 2>&1)
n=$(grep -c '^  [0-9][0-9]-' <<<"$out")
ok "the installed aisla finds 13+ lessons ($n)" test "$n" -ge 13
out=$(run "$bin" -c 'demo list' 2>&1)
like "and the demos" "$out" 'veth'
out=$(run "$bin" -c help 2>&1)
like "and speaks Spanish" "$out" 'La shell'
out=$(run "$bin" --lang en -c help 2>&1)
like "and English with --lang en" "$out" 'The shell'

# The catalog really comes from DESTDIR: without it, English.
if [ ! -e /usr/share/locale/es/LC_MESSAGES/aisla.mo ]; then
	mv "$d/usr/share/locale/es/LC_MESSAGES/aisla.mo" "$tmp/aisla.mo"
	out=$(run "$bin" -c help 2>&1)
	like "without the installed catalog it falls back to English" "$out" 'The shell'
	mv "$tmp/aisla.mo" "$d/usr/share/locale/es/LC_MESSAGES/aisla.mo"
fi

# A tree moved elsewhere: BIN/../share/aisla.
mkdir -p "$tmp/moved" && cp -a "$d/usr" "$tmp/moved/opt"
out=$(run "$tmp/moved/opt/bin/aisla" -c 'lesson list' 2>&1)
like "a moved install tree finds its lessons" "$out" '03-netns'
out=$(run "$tmp/moved/opt/bin/aisla" -c help 2>&1)
like "and its catalog" "$out" 'La shell'

ok "make uninstall" make -s -C "$src" uninstall DESTDIR="$d" PREFIX=/usr
ok "nothing of aisla left in DESTDIR" test -z "$(find "$d" -name 'aisla*' -o -name '*.lesson')"
done_testing
