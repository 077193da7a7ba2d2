#!/usr/bin/env bash
# No debris on the screen (issue 15, point 7): no stale copy of the
# running line under a question, no extra prompt after it; folding the
# host (F5) does not strike its rows out as if deleted; the rows go to
# the panes that have something to show; the console wraps between words.
. "$(dirname "$0")/lib.sh"
need_root
. "$(dirname "$0")/lib-tui.sh"

a=$(rname sa) b=$(rname sb) c=$(rname sc)
for n in "$a" "$b" "$c"; do defer ip netns del "$n"; done
tui_start 140x40
ok "panes up" wait_for ' Interfaces '

type "netns add $a"
ok "a node" until_ok 5 test -e "/run/netns/$a"
type 'reset'
ok "reset asks" wait_for '\[s/N\]' 5
last=$(screen | tail -n 1)
unlike "the prompt row does not repeat 'aisla# reset' under the question" "$last" 'reset'
keys s
ok "and undoes" wait_for 'objeto deshecho|objetos deshechos' 5
sleep 0.3
is "one prompt after it, no blank one above" "$(screen | grep -v '^ *$' | tail -n 2 | head -n 1 | grep -c '^aisla[#$] *$')" 0

# F5 folds the host: its rows leave without being struck out
keys F5
ok "the host folds" wait_for 'plegadas \(F5\)' 3
sleep 0.3
unlike "its rows are not struck out as deleted" "$(screen)" 'U̶N̶K̶N̶O̶W̶N̶'
keys F5
ok "and unfolds" wait_gone 'plegadas \(F5\)' 3

# rows go where the content is: three nodes with cables fill Interfaces
for n in "$a" "$b" "$c"; do
	type "netns add $n"
	type "veth v1-${n: -8}@$n v2-${n: -8}@$n"
done
ok "their interfaces are made" until_ok 5 ip -n "$c" link show "v2-${c: -8}"
sleep 1.5	# the screen shares its rows again at most once a second
title=$(screen | grep -o ' Interfaces .*' | head -1)
links_rows=$(screen | awk '/ Interfaces / { y = NR } y && / Rutas / { print NR - y; exit }')
if printf '%s' "$title" | grep -q '↕'; then
	# (this machine's other cgroups may fill the cgroups pane)
	if screen | grep -q 'aún no hay grupos'; then
		ok "Interfaces, with more to show, takes the rows cgroups does not need ($links_rows rows)" test "$links_rows" -gt 14
	else
		ok "Interfaces, with more to show, gets more than an even split ($links_rows rows)" test "$links_rows" -ge 13
	fi
else
	ok "Interfaces shows every row it has" true
fi
cg_rows=$(screen | awk '/ cgroups / { y = NR } y && / Consola / { print NR - y; exit }')
if screen | grep -q 'aún no hay grupos'; then
	ok "an empty cgroups pane keeps few rows ($cg_rows)" test "$cg_rows" -le 5
fi

# the console wraps between words
keys F5
type "!echo xxxxxxxxxx xxxxxxxxxx xxxxxxxxxx xxxxxxxxxx xxxxxxxxxx xxxxxxxxxx xxxxxxxxxx xxxxxxxxxx xxxxxxxxxx xxxxxxxxxx xxxxxxxxxx xxxxxxxxxx xxxxx forwarding fin"
ok "the output is there" wait_for '^forwarding fin$|xxxxx forwarding fin' 5
is "'forwarding' is never cut in two (echo and output)" "$(screen | grep -c 'forwarding')" 2
done_testing
