#!/usr/bin/env bash
# t2008: reset leaves the machine as it found it (bridges, veths, addresses,
# routes, forwarding, an interface moved into a node goes back), while a
# same-named object made outside aisla after aisla's was deleted survives.
. "$(dirname "$0")/lib.sh"
need_root
need_cmd jq

s=$(head -c 8 /dev/urandom | od -An -tx1 | tr -d ' \n' | head -c 6)
n1=n$s br=br$s br2=bb$s a=a$s b=b$s c=c$s d=d$s fa=fa$s fb=fb$s
for x in "$br" "$br2" "$b" "$c" "$fa"; do defer ip link del "$x"; done
defer ip netns del "$n1"

mine() { ip -o link | awk -F': ' '{print $2}' | cut -d@ -f1 | grep -E "$s\$" | sort | tr '\n' ' '; ip netns list | grep -c "$s"; }
# An interface of the host aisla did not make: a veth pair made with ip.
ip link add "$fa" type veth peer name "$fb"
ip addr add 10.207.9.1/24 dev "$fa"
before=$(mine)

ok "build" aisla -c "netns add $n1; veth $a@$n1 $b; bridge add $br; bridge attach $br $b;
link set $b up; link set $br up; link set $a@$n1 up; addr add 10.207.0.1/24 dev $a@$n1;
addr add 10.207.0.254/24 dev $br; route add default via 10.207.0.254 -n $n1; forward $n1 on;
addr add 10.207.5.1/24 dev $fb; link set $fa netns $n1; bridge add $br2; veth $c $d"
is "fa moved into the node" "$(ip -j -n "$n1" link show "$fa" | jq -r '.[0].ifname')" "$fa"

# Someone else deletes aisla's br2 and c/d and makes their own with the same names.
ip link del "$br2"; ip link add "$br2" type bridge
ip link del "$c"; ip link add "$c" type veth peer name "$d"

out=$(aisla reset -y 2>&1)
is "reset succeeds" "$?" 0
diag "$out"
like "reset names what it left alone" "$out" "$br2"
ok "the foreign bridge with aisla's name survives" ip link show "$br2"
ok "the foreign veth with aisla's name survives" ip link show "$c"
ok "the moved interface is back in the host" ip link show "$fa"
is "  with its address" "$(ip -j addr show "$fa" | jq -r '.[0].addr_info[] | select(.family == "inet") | .local')" 10.207.9.1
is "the address aisla put on a foreign interface is gone" \
	"$(ip -j addr show "$fb" | jq -r '[.[0].addr_info[] | select(.family == "inet")] | length')" 0
nok "aisla's bridge is gone" ip link show "$br"
nok "aisla's host veth end is gone" ip link show "$b"
unlike "the node is gone" "$(ip netns list)" "^$n1( |$)"
ip link del "$br2"; ip link del "$c"
is "everything else as found" "$(mine)" "$before"
is "journal empty" "$(aisla reset -y 2>&1 | grep -c removed)" 0
done_testing
