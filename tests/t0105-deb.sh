#!/usr/bin/env bash
# The Debian package: dpkg-buildpackage -us -uc -b on a copy of the tree
# builds aisla_VERSION_amd64.deb, lintian reports no error, the package
# holds the binary, lessons, demos, catalog, both manual pages and the
# bash completion, depends on what `make deps` installs to run, and
# build-depends on what it installs to build. Unpacked into a throw-away
# root, its aisla speaks Spanish, finds 13+ lessons, and its completion
# completes lesson names. (About 35 s on 2 cores: a full build.)
. "$(dirname "$0")/lib.sh"
need_cmd dpkg-buildpackage
need_cmd dh
need_cmd lintian
need_cmd man

tmp=$(mktemp -d /tmp/aisla-deb.XXXXXX)
defer rm -rf "$tmp"
mkdir "$tmp/aisla"
tar -C "$TOP" --exclude=.git --exclude='*.o' --exclude='*.d' --exclude='*.t' \
	--exclude=tests/qemu/cache --exclude=tests/qemu/build -cf - . | tar -C "$tmp/aisla" -xf -
version=$(sed -n 's/^VERSION *:= *//p' "$TOP/Makefile")
arch=$(dpkg --print-architecture)
ok "debian/changelog's version is the Makefile's ($version)" \
	test "$(cd "$TOP" && dpkg-parsechangelog -S Version)" = "$version"

(cd "$tmp/aisla" && DEB_BUILD_OPTIONS="parallel=2 noautodbgsym" \
	dpkg-buildpackage -us -uc -b >"$tmp/build.log" 2>&1)
rc=$?
is "dpkg-buildpackage -us -uc -b succeeds" "$rc" 0
[ "$rc" = 0 ] || tail -20 "$tmp/build.log" | sed 's/^/# /'
deb=$tmp/aisla_${version}_$arch.deb
ok "it made aisla_${version}_$arch.deb" test -f "$deb"

out=$(lintian --fail-on error "$tmp/aisla_${version}_$arch.changes" 2>&1); rc=$?
is "lintian: no error" "$rc" 0
unlike "lintian: no E: line" "$out" '^E: '

files=$(dpkg -c "$deb" | awk '{print $6}')
for f in ./usr/bin/aisla ./usr/share/locale/es/LC_MESSAGES/aisla.mo \
	 ./usr/share/man/man1/aisla.1.gz ./usr/share/man/es/man1/aisla.1.gz \
	 ./usr/share/bash-completion/completions/aisla ./usr/share/doc/aisla/copyright \
	 ./usr/share/aisla/demos/veth.demo; do
	like "the package holds ${f#./}" "$files" "^${f//./\\.}\$"
done
n=$(grep -c '^\./usr/share/aisla/lessons/.*\.lesson$' <<<"$files")
ok "the package holds 13+ lessons ($n)" test "$n" -ge 13

depends=$(dpkg-deb -f "$deb" Depends)
for p in $(make -s -C "$TOP" -pn 2>/dev/null | sed -n 's/^DEPS_RUN *:= *//p') nftables; do
	[ "$(dpkg-query -W -f='${Essential}' "$p" 2>/dev/null)" = yes ] && continue
	like "Depends: $p" "$depends" "(^|, )$p( |,|\$)"
done
bdeps=$(awk '/^Build-Depends:/ {f = 1; print; next} f && /^[^ ]/ {f = 0} f' \
	"$TOP/debian/control" | tr -d ' \n')
for p in $(make -s -C "$TOP" -pn 2>/dev/null | sed -n 's/^DEPS_BUILD *:= *//p'); do
	[ "$p" = build-essential ] && continue
	like "Build-Depends: $p" "$bdeps" "[:,]$p(\\(|,|\$)"
done

# Unpacked into a throw-away root: the installed layout works.
root=$tmp/root
dpkg-deb -x "$deb" "$root"
out=$(cd / && env -u AISLA_DATADIR -u AISLA_LOCALEDIR "$root/usr/bin/aisla" -c help 2>&1)
like "the packaged aisla speaks Spanish" "$out" 'La shell'
out=$(cd / && env -u AISLA_DATADIR "$root/usr/bin/aisla" -c 'lesson list' 2>&1)
n=$(grep -c '^  [0-9][0-9]-' <<<"$out")
ok "and finds its 13+ lessons ($n)" test "$n" -ge 13
out=$(MANWIDTH=100 man -l "$root/usr/share/man/es/man1/aisla.1.gz" 2>&1 | col -b)
like "its Spanish manual renders" "$out" 'SINOPSIS'
out=$(PATH=$root/usr/bin:$PATH bash -c '. "$1"; COMP_WORDS=(aisla lesson 0); COMP_CWORD=2
	_aisla; echo "${COMPREPLY[*]}"' _ "$root/usr/share/bash-completion/completions/aisla")
like "its bash completion completes lesson names" "$out" '03-netns'
done_testing
