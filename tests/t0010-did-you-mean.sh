#!/usr/bin/env bash
# t0010: a mistyped node, interface or cgroup name gets "¿querías decir
# ...?" with the real names that exist (read from the kernel), never an
# offer to create the typo; the name of a running program given as a
# node is not offered as a node to create; "10.0.0.1 /24" blames those two words.
# Each refusal is exit 1 and changes nothing.
. "$(dirname "$0")/lib.sh"
need_root

n=$(rname d) v=$(rname v)
typo=${n%?}			# one letter short: distance 1
defer ip netns del "$n"
ok "setup: a node with a veth end" aisla -c "netns add $n; veth $v@$n ${v}x"
defer ip link del "${v}x"

refused() {	# refused "what" 'regex the error must match' aisla-command
	local what=$1 re=$2; shift 2
	local o rc
	o=$(aisla -c "$*" 2>&1); rc=$?
	is "$what: exit 1" "$rc" 1
	like "$what: says so" "$o" "$re"
}

refused "netns del of a typo" "nodo desconocido: '$typo'.*
pista: ¿querías decir '$n'\\?" "netns del $typo"
o=$(aisla -c "netns del $typo" 2>&1)
unlike "the typo is not offered for creation" "$o" "netns add $typo"
ok "the node is still there" test -e "/run/netns/$n"

refused "ping from a typo" "el nodo '$typo' no existe.*
pista: ¿querías decir '$n'\\?" "ping $typo 10.0.0.1 -c 1"
refused "an interface typo (one letter swapped)" \
	"no hay ninguna interfaz 'ol' en el nodo '$n'.*
pista: ¿querías decir 'lo'\\?" "link set ol@$n up"
vt=${v%?}
refused "a veth end's name cut short" "pista: ¿querías decir '$v'\\?" "link set $vt@$n up"
sleep 300 & sp=$!		# a running program called sleep
defer kill "$sp"
refused "kill of a program's name" "'sleep' no es ni un nodo ni un número de proceso.*
pista: .*ps" "kill sleep"
o=$(aisla -c "kill sleep" 2>&1)
unlike "kill sleep does not offer a node called sleep" "$o" "netns add sleep|unshare -n -p sleep"
refused "kill of a node typo" "pista: ¿querías decir '$n'\\?" "kill $typo"
refused "an address split from its prefix" \
	"'10.0.0.1 /24': una dirección y su prefijo son una sola palabra.*
pista: escribe '10.0.0.1/24'" "addr add 10.0.0.1 /24 dev $v@$n"
is "no address was added" "$(ip -n "$n" -o addr show dev "$v" | grep -c 'inet ')" 0
refused "a route's destination split too" "escribe '10.9.0.0/16'" "route add 10.9.0.0 /16 dev $v@$n"

# cgroups: only where aisla can make groups here.
g=$(rname g)
if aisla -c "cgroup add $g" >/dev/null 2>&1; then
	defer aisla -c "reset -y"
	refused "a group typo" "el grupo '${g%?}' no existe.*
pista: ¿querías decir '$g'\\?" "cgroup set ${g%?} pids.max 10"
	# (issue 15 p10) what `cgroup add` prints: the mode line with one
	# pair of brackets, and at most 3 explanation lines (one mkdir -p for
	# every hierarchy on v1, one cpuset line), not one per directory.
	g2=$(rname g)
	o=$(aisla -c "explain on; cgroup add $g2" 2>&1)
	unlike "the cgroup mode line has no doubled brackets" "$o" '\(\S*\(|\)\)'
	nx=$(printf '%s\n' "$o" | grep -c '^≈')
	ok "cgroup add explained in at most 3 lines (got $nx)" test "$nx" -le 3 -a "$nx" -ge 1
	refused "a far name gets the way to make it" "pista: créalo antes con 'cgroup add zzqq'" \
		"cgroup set zzqq pids.max 10"
else
	diag "no cgroups here: the cgroup part skipped"
fi
done_testing
