#!/usr/bin/env bash
# Yes/no prompts follow the language ([s/N] in Spanish, [y/N] in English)
# and take both 's' and 'y' as yes: `aisla reset` on a terminal (a pty
# from script(1)) with one netns in the journal, checked with ip netns.
. "$(dirname "$0")/lib.sh"
need_root
need_cmd script

n=$(rname tpr)
defer ip netns del "$n"

gone() { ! ip netns list | grep -qw "$n"; }
# ask LANG ANSWER: make the netns, answer the reset prompt; prints the transcript.
ask() {
	gone && { aisla -c "netns add $n" >/dev/null 2>&1 || return 1; }
	(sleep 0.5; printf '%s\n' "$2") |
		script -qec "$(printf '%q' "$AISLA_BIN") --lang $1 reset" /dev/null 2>&1
}

out=$(ask en y)
like "English prompt says [y/N]" "$out" 'Undo 1 object made by aisla\? \[y/N\]'
unlike "no Spanish letters in English" "$out" '\[s/N\]'
ok "'y' in English removes the netns" gone

out=$(ask es s)
like "Spanish prompt says [s/N]" "$out" '¿Deshacer 1 objeto creado por aisla\? \[s/N\]'
ok "'s' in Spanish removes the netns" gone

out=$(ask en s)
ok "'s' in English is yes too" gone

out=$(ask es y)
ok "'y' in Spanish is yes too" gone

out=$(ask es n)
like "'n' changes nothing (said in Spanish)" "$out" 'No se ha cambiado nada'
ok "'n' keeps the netns" ip netns pid "$n"
out=$(ask en '')
like "Enter is no (the default), said in English" "$out" 'Nothing was changed'
ok "Enter keeps the netns" ip netns pid "$n"
aisla reset -y >/dev/null 2>&1
ok "reset -y asks nothing and removes it" gone
done_testing
