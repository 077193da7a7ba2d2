#!/usr/bin/env bash
# t2011: a ping that fails says the cause the kernel shows, in Spanish,
# never ping's English words: lo DOWN (to 127.0.0.1 and to the node's own
# address), the interface DOWN, the other end of the veth DOWN, no route,
# a router that does not forward, no route back, an address nobody has.
# Both for aisla's `ping` (batch: exit 1, the cause and the fix) and for a
# lesson's `ping` check (the cause in what it saw; the failing clause
# picks the lesson's hint written for that object). State made with ip.
. "$(dirname "$0")/lib.sh"
need_root
need_cmd ip

a=$(rname a) b=$(rname b) c=$(rname c)
for n in "$a" "$b" "$c"; do defer ip netns del "$n"; ip netns add "$n" || skip "no se pueden crear netns"; done
ip link add va netns "$a" type veth peer name vb netns "$b"
ip link add vb2 netns "$b" type veth peer name vc netns "$c"
ip -n "$a" addr add 10.211.0.1/24 dev va
ip -n "$b" addr add 10.211.0.2/24 dev vb
ip -n "$b" addr add 10.211.1.1/24 dev vb2
ip -n "$c" addr add 10.211.1.2/24 dev vc
ip -n "$b" link set vb2 up
ip -n "$c" link set vc up
ip netns exec "$b" sysctl -qw net.ipv4.ip_forward=0

fails() {	# fails "what" 'regex' aisla-command: exit 1 and the regex
	local what=$1 re=$2 o rc
	o=$(aisla -c "$3" 2>&1); rc=$?
	is "$what: exit 1" "$rc" 1
	like "$what: the cause" "$o" "$re"
	unlike "$what: no English from ping in the hint" "$(printf '%s\n' "$o" | grep '^pista')" 'unreachable|Network'
}

fails "lo DOWN, to 127.0.0.1" "el 'lo' de '$a' está DOWN.*
pista: levántala: 'link set lo@$a up'" "ping $a 127.0.0.1 -c 1"
fails "lo DOWN, to its own address" "10.211.0.1 es una dirección del propio '$a': ese ping va por su 'lo'.*
pista: .*link set lo@$a up" "ping $a 10.211.0.1 -c 1"
ip -n "$a" link set lo up
fails "its interface DOWN" "'va@$a' está DOWN
pista: levántala: 'link set va@$a up'" "ping $a 10.211.0.2 -c 1"
ip -n "$a" link set va up
fails "the other end DOWN" "'va@$a' está UP, pero su otra punta, 'vb@$b', está DOWN
pista: .*'link set vb@$b up'" "ping $a 10.211.0.2 -c 1"
ip -n "$b" link set vb up
ok "both ends UP: the ping works" aisla -c "ping $a 10.211.0.2 -c 1"
fails "an address nobody has" "ningún nodo tiene la dirección 10.211.0.9 en la red de 'va@$a'" \
	"ping $a 10.211.0.9 -c 1"
fails "no route" "'$a' no tiene ruta hacia 10.211.1.2
pista: .*route list $a" "ping $a 10.211.1.2 -c 1"
ip -n "$a" route add 10.211.1.0/24 via 10.211.0.2
fails "a router that does not forward" "'$b' es un router en el camino, pero no reenvía paquetes
pista: activa el reenvío: 'forward $b on'" "ping $a 10.211.1.2 -c 1"
ip netns exec "$b" sysctl -qw net.ipv4.ip_forward=1
fails "no route back" "la respuesta no puede volver: '$c' no tiene ruta hacia 10.211.0.1" \
	"ping $a 10.211.1.2 -c 1"
ip -n "$c" route add default via 10.211.1.1
ok "with the route back the ping works" aisla -c "ping $a 10.211.1.2 -c 1"

# The lesson check: the cause in what it saw; the clause names the object
# so the lesson's hint for it is the one shown (guided mode picks it the
# same way; batch prints what was seen).
tmp=$(mktemp -d); defer rm -rf "$tmp"
ip -n "$b" link set vb down
cat >"$tmp/l.lesson" <<EOT
---
lesson: 99
title: Prueba
---
# Prueba

## Paso 1 — Ping

- check: ping $a 10.211.0.2
- hint[link vb@$b]: la pista de vb
EOT
o=$(aisla "$tmp/l.lesson" 2>&1); rc=$?
is "the failing check: exit 1" "$rc" 1
like "the check says the cause it saw" "$o" "no obtiene respuesta: 'va@$a' está UP, pero su otra punta, 'vb@$b', está DOWN"
like "the hint written for that end is the one given" "$o" "pista: la pista de vb"
done_testing
