#!/usr/bin/env bash
# t5002: the check vocabulary against state made with the real tools (ip,
# sysctl, nice), not with aisla: checks read the kernel, never aisla's
# notes. Each holding check passes in batch mode; each failing one makes
# `aisla FILE` exit 1 and says, in Spanish, what it saw.
. "$(dirname "$0")/lib-batch.sh"
need_root
need_cmd ip
[ -x "$AISLA_BIN" ] || skip "no hay binario $AISLA_BIN (make)"
t5_isolate

tmp=$(mktemp -d /tmp/t5002.XXXXXX)
defer rm -rf "$tmp"
defer ip netns del t5b
defer ip netns del t5a
ip netns add t5a && ip netns add t5b || skip "no se pueden crear netns"
ip link add va netns t5a type veth peer name vb netns t5b
ip -n t5a addr add 10.9.0.1/24 dev va
ip -n t5b addr add 10.9.0.2/24 dev vb
ip -n t5a link set va up
ip -n t5b link set vb up
ip -n t5a link set lo up
ip -n t5a link add br9 type bridge
ip -n t5a link add d1 type veth peer name d2
ip -n t5a link set d1 master br9
ip -n t5a route add 10.9.9.0/24 via 10.9.0.2
ip netns exec t5b sysctl -qw net.ipv4.ip_forward=1
nice -n 7 sleep 1000 &
sp=$!
defer kill "$sp"

# check_file NAME CHECK...: a one-step lesson with those checks.
check_file() {
	local f=$tmp/$1.lesson
	shift
	{
		printf -- '---\nlesson: 99\ntitle: Prueba\n---\n# Prueba\n\n## Paso 1 — Comprobar\n\n'
		for c in "$@"; do printf -- '- check: %s\n' "$c"; done
	} >"$f"
	echo "$f"
}

holds=(
	"node t5a net"
	"link va@t5a up kind veth peer vb@t5b"
	"link d1@t5a down master br9"
	"link d2@t5a nomaster"
	"bridge br9@t5a d1"
	"addr va@t5a 10.9.0.1/24"
	"addr vb@t5b 10.9.0.2"
	"route t5a 10.9.0.0/24 dev va"
	"route t5a 10.9.9.0/24 via 10.9.0.2 dev va"
	"forward t5b on"
	"forward t5a off"
	"ping t5a 10.9.0.2"
	"ping t5a 10.9.0.1"
	"not ping t5a 10.9.9.9"
	"not node t5zz"
	"not link va"
	"nice $sp 7"
	"root $sp /"
	"proc sleep 1000"
	"exit true == 0"
	"exit sh -c 'exit 3' == 3"
	"exit in t5a ip link show va == 0"
	"file /proc/self"
	"cpu $sp between 0% 5%"
)
for c in "${holds[@]}"; do
	f=$(check_file holds "$c")
	out=$(aisla --allow-host "$f" 2>&1)
	_t_result $? "holds: $c" "$out"
done

# fails CHECK REGEX: aisla exits 1 and says what it saw.
fails() {
	local f out rc
	f=$(check_file fails "$1")
	out=$(aisla --allow-host "$f" 2>&1)
	rc=$?
	is "fails: $1" "$rc" 1
	like "says what it saw: $1" "$out" "$2"
}
fails "node t5zz" "el nodo 't5zz' no existe"
fails "link va@t5a down" "'va@t5a' está UP"
fails "link d1@t5a up" "'d1@t5a' existe pero está DOWN"
fails "link va@t5a kind bridge" "'va@t5a' es de tipo 'veth', no 'bridge'"
fails "link va@t5a peer d2@t5a" "el otro extremo de 'va@t5a' (es 'vb@t5b'|no es 'd2@t5a')"
fails "link d2@t5a master br9" "'d2@t5a' no es puerto de ningún bridge"
fails "link nada@t5a" "no hay ninguna interfaz 'nada' en 't5a'"
fails "bridge br9@t5a d1 d2" "'d2' no es puerto de ningún bridge"
fails "addr va@t5a 10.9.0.7/24" "'va@t5a' tiene 10\.9\.0\.1/24, no 10\.9\.0\.7/24"
fails "route t5a 10.9.9.0/24 via 10.9.0.3" "'t5a' tiene una ruta a 10\.9\.9\.0/24, pero no via 10\.9\.0\.3"
fails "route t5b default" "'t5b' no tiene ruta a default"
fails "forward t5a on" "el reenvío IP en 't5a' está desactivado"
fails "ping t5a 10.9.9.9" "no obtiene respuesta: 't5b' no tiene ruta hacia 10.9.9.9"
fails "not link va@t5a" "no debería cumplirse"
fails "nice $sp 0" "el proceso $sp tiene nice 7, no 0"
fails "root $sp /tmp" "ve '/' como su raíz, no '/tmp'"
fails "proc sleep 999999" "ningún proceso ejecuta 'sleep 999999'"
fails "exit false == 0" "terminó con estado 1, no con código 0"
fails "file /nada/de/nada" "'/nada/de/nada' no existe"
fails "ran netns add t5a" "en este paso no se ha ejecutado con éxito .netns add t5a."
done_testing
