#!/usr/bin/env bash
# t2009: the explain strings are equivalent to the commands. A scenario
# using every network command is run with aisla; its "≈" lines are kept;
# the kernel state is dumped (ip -j, normalised); reset; the "≈" lines
# are run by bash on the clean machine; the dump must be the same.
. "$(dirname "$0")/lib.sh"
need_root
need_cmd jq

s=$(head -c 8 /dev/urandom | od -An -tx1 | tr -d ' \n' | head -c 6)
a=ea$s b=eb$s r=er$s
for n in "$a" "$b" "$r"; do defer ip netns del "$n"; done
for x in br$s h$s m$s; do defer ip link del "$x"; done

script="netns add $a; netns add $b; netns add $r;
veth ga$s@$a ra$s@$r; veth gb$s@$b rb$s@$r; veth g$s@$a h$s;
bridge add br$s; bridge attach br$s h$s; link set br$s up; link set h$s up;
bridge add lan$s@$r; bridge attach lan$s@$r rb$s; link set lan$s@$r up;
link set ga$s@$a up; link set ra$s@$r up; link set gb$s@$b up; link set rb$s@$r up;
link set g$s@$a up;
addr add 10.208.1.1/24 dev ga$s@$a; addr add 10.208.1.254/24 dev ra$s@$r;
addr add 10.208.2.254/24 dev lan$s@$r; addr add 10.208.2.1/24 dev gb$s@$b;
addr add fd08:1::1/64 dev ga$s@$a --nodad; addr add fd08:1::fe/64 dev ra$s@$r --nodad;
addr add 10.208.3.1/24 dev g$s@$a; addr add 10.208.3.254/24 dev br$s;
forward $r on;
route add default via 10.208.1.254 dev ga$s@$a; route add 10.208.1.0/24 via 10.208.2.254 -n $b;
route add 10.208.9.0/24 dev gb$s@$b; route add fd08:2::/64 via fd08:1::fe -n $a;
route add 10.208.8.0/24 via 10.208.3.254 -n $a; route del 10.208.8.0/24 -n $a;
veth m$s x$s; link set x$s netns $b; link set x$s@$b up;
addr add 10.208.7.1/24 dev x$s@$b; addr del 10.208.7.1/24 dev x$s@$b;
veth t1$s@$a t2$s@$a; link del t1$s@$a;
bridge add tmp$s@$b; bridge del tmp$s@$b; bridge detach rb$s@$r"

dump() {
	local n
	for n in "$a" "$b" "$r"; do
		echo "== $n"
		ip -j -d -n "$n" link | jq -c 'sort_by(.ifname) | .[] | {ifname, up: (.flags | index("UP") != null), mtu, master, kind: .linkinfo.info_kind}'
		ip -j -n "$n" addr | jq -c '[.[] | .ifname as $i | .addr_info[] | select(.scope == "global") | "\($i) \(.local)/\(.prefixlen)"] | sort'
		ip -j -n "$n" route | jq -c 'sort_by(.dst) | .[] | {dst, gateway, dev, protocol, scope, type}'
		ip -j -n "$n" -6 route | jq -c 'sort_by(.dst + .dev) | .[] | {dst, gateway, dev, protocol, metric}'
		ip netns exec "$n" sysctl -n net.ipv4.ip_forward net.ipv6.conf.all.forwarding | tr '\n' ' '; echo
	done
	echo "== host"
	ip -j -d link | jq -c --arg s "$s" '[.[] | select(.ifname | endswith($s))] | sort_by(.ifname) | .[] | {ifname, up: (.flags | index("UP") != null), master, kind: .linkinfo.info_kind}'
	ip -j addr | jq -c --arg s "$s" '[.[] | select(.ifname | endswith($s)) | .ifname as $i | .addr_info[] | select(.scope == "global") | "\($i) \(.local)/\(.prefixlen)"] | sort'
}

out=$(aisla -c "$script" 2>&1)
is "the scenario runs in aisla" "$?" 0
[ "$_T_FAIL" = 0 ] || diag "$out"
d1=$(dump)
like "the dump sees the default route" "$d1" "\"dst\":\"default\",\"gateway\":\"10.208.1.254\""
like "the dump sees the bridge port" "$d1" "\"ifname\":\"h$s\",\"up\":true,\"master\":\"br$s\""
ex=$(sed -n 's/^≈ //p' <<<"$out")
diag "explain lines: $(wc -l <<<"$ex")"
like "every command explained (veth)" "$ex" "ip link add ga$s netns $a type veth peer name ra$s netns $r"
like "move explained" "$ex" "ip link set x$s netns $b"
ok "reset" aisla reset -y
unlike "clean before replay" "$(ip netns list; ip -o link)" "$s"

ok "the explain lines run in bash" bash -e -c "$ex"
d2=$(dump)
is "same kernel state" "$d2" "$d1"
[ "$d1" = "$d2" ] || diag "$(diff <(echo "$d1") <(echo "$d2"))"
done_testing
