#!/usr/bin/env bash
# The manual pages aisla(1), Spanish and English: both render with man -l
# without a groff warning, have their sections, and name every option and
# mode of `aisla --help`; make install puts them where man finds them.
. "$(dirname "$0")/lib.sh"
need_cmd man
need_cmd scdoc
for p in aisla.1 aisla.es.1; do
	[ -f "$TOP/man/$p" ] || make -s -C "$TOP" man >/dev/null 2>&1
done

help=$(aisla --help)
# Every word of the usage that is an option (-c, --plain) or a mode
# (the first word after "aisla" that is lower case: watch, lesson...).
usage=$(grep '^  aisla ' <<<"$help" | cut -c1-36)
words=$(grep -Eo '(^|[ [|])--?[a-z][a-z-]*' <<<"$usage" | tr -d ' [|' | sort -u
	grep -Eo '^  aisla [a-z]+' <<<"$usage" | awk '{print $2}' | sort -u)
n=$(wc -w <<<"$words")
ok "the usage names options and modes ($n)" test "$n" -ge 10

for page in aisla.1:en aisla.es.1:es; do
	f=$TOP/man/${page%%:*} l=${page##*:}
	out=$(MANWIDTH=2000 LC_ALL=C.UTF-8 man --warnings -l "$f" 2>"$HOME/warn" | col -b)
	ok "$l: man -l renders it" test -n "$out"
	is "$l: groff has no warning" "$(cat "$HOME/warn")" ""
	if [ "$l" = en ]; then secs='NAME SYNOPSIS DESCRIPTION MODES OPTIONS FILES ENVIRONMENT EXIT|STATUS EXAMPLES'
	else secs='NOMBRE SINOPSIS DESCRIPCIÓN MODOS OPCIONES FICHEROS ENTORNO ESTADO|DE|SALIDA EJEMPLOS'; fi
	for s in $secs; do
		like "$l: section ${s//|/ }" "$out" "^${s//|/ }\$"
	done
	for w in $words; do
		like "$l: names $w" "$out" "(^|[^a-z-])$w([^a-z-]|\$)"
	done
	for f2 in /run/aisla .aisla_history progress images AISLA_RUN_DIR doctor rootless; do
		like "$l: mentions $f2" "$out" "$f2"
	done
done

# Installed where man looks: man -M finds both languages.
d=$(mktemp -d /tmp/aisla-man.XXXXXX)
defer rm -rf "$d"
ok "make install puts the pages in place" make -s -C "$TOP" install-man DESTDIR="$d" PREFIX=/usr
out=$(MANWIDTH=200 LANGUAGE= LC_ALL=C.UTF-8 man -M "$d/usr/share/man" aisla 2>&1 | col -b)
like "man aisla (English)" "$out" 'an interactive shell for learning'
# (-L es needs an es_* locale installed; the es/ tree is what it would read)
out=$(MANWIDTH=200 LC_ALL=C.UTF-8 man -M "$d/usr/share/man/es" aisla 2>&1 | col -b)
like "man aisla from the es/ tree (Spanish)" "$out" 'una shell interactiva para aprender'
done_testing
