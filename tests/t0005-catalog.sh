#!/usr/bin/env bash
# The Spanish catalog: every message in the code has a translation, and no
# two catalog fragments translate the same message differently.
. "$(dirname "$0")/lib.sh"
need_cmd xgettext
cd "$TOP" || exit 1
tmp=$(mktemp -d); defer rm -rf "$tmp"

xgettext --from-code=UTF-8 -k_ -kN_ -kngettext:1,2 -o "$tmp/aisla.pot" \
	shell/*.c shell/world/*.c shell/tui/*.c commands/*.c 2>"$tmp/xg.err"
ok "xgettext reads the sources" test -s "$tmp/aisla.pot"
msgcat --force-po --use-first -o "$tmp/es.po" po/es/shell.po $(ls po/es/*.po | grep -v shell.po)
msgcmp "$tmp/es.po" "$tmp/aisla.pot" >"$tmp/cmp" 2>&1
missing=$(grep -c 'used but not defined' "$tmp/cmp")
is "every message of the code is in the Spanish catalog" "$missing" 0
# Show the first few: the msgid after each reported line of the .pot.
for l in $(grep -o 'aisla.pot:[0-9]*: this message is used but not' "$tmp/cmp" | cut -d: -f2 | head -15); do
	diag "$(awk -v l="$l" 'NR < l && /^msgid/ { m = $0 } NR == l { print m; exit }' "$tmp/aisla.pot")"
done
empty=$(msgattrib --untranslated "$tmp/es.po" 2>/dev/null | grep -c '^msgid "[^"]')
is "no empty translation" "$empty" 0
# Conflicts: msgcat without --use-first marks them with #-#-#-#-# blocks.
# (The header, msgid "", differs in every fragment: not a conflict.)
msgcat --force-po po/es/*.po 2>/dev/null | awk '
	/^msgid / { id = $0 } /^msgid ""$/ { id = "" }
	/#-#-#-#-#/ && id != "" && !seen[id]++ { print id }' >"$tmp/conflicts"
is "no message translated two ways in different fragments" "$(wc -l <"$tmp/conflicts")" 0
diag "$(head -20 "$tmp/conflicts")"
done_testing
