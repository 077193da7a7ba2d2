#!/usr/bin/env bash
# t2006: a change made with the real ip outside aisla (here through `!`, a
# host shell inside the same aisla session, so the model is not rebuilt)
# shows up in link list / addr list / route list: the model follows the
# kernel's events. (tests/unit/net-world.c checks the same with only the
# event loop running.)
. "$(dirname "$0")/lib.sh"
need_root
need_cmd ip

n=$(rname o)
x=$(rname x) y=$(rname y)
defer ip netns del "$n"
ip netns add "$n"

# One aisla session (a script, one command a line: `!` takes the rest of
# its line); each outside change is a small script run by `!`.
d=$(mktemp -d /tmp/t2006.XXXXXX)
defer rm -rf "$d"
printf 'ip -n %s link add %s type veth peer name %s\n' "$n" "$x" "$y" >"$d/add"
printf 'ip -n %s link set %s up && ip -n %s link set %s up && ip -n %s addr add 10.204.0.1/24 dev %s\n' \
	"$n" "$x" "$n" "$y" "$n" "$x" >"$d/up"
printf 'ip -n %s link del %s\n' "$n" "$x" >"$d/del"
chmod +x "$d"/*
printf '%s\n' "link list $n" "! $d/add" "link list $n" "! $d/up" "link list $n" \
	"addr list $n" "route list $n" "! $d/del" "link list $n" >"$d/session.aisla"
out=$(aisla "$d/session.aisla" 2>&1)
is "session runs" "$?" 0
diag "$out"
# Split the session's output at each listing of the namespace.
mapfile -t parts < <(awk -v n="$n" '$0 ~ "^" n "( |:)" { k++ } { print k ": " $0 }' <<<"$out")
part() { printf '%s\n' "${parts[@]}" | sed -n "s/^$1: //p"; }
unlike "first listing: no veth yet" "$(part 1)" "$x"
like "second listing: the veth made by ip, with its peer" "$(part 2)" "$x +veth +DOWN .*(peer|pareja) $y"
like "third listing: up after ip link set up" "$(part 3)" "$x +veth +UP "
like "addr list: the address added by ip" "$(part 4)" "$x +inet +10.204.0.1/24"
like "route list: its connected route" "$(part 5)" "10.204.0.0/24 dev $x"
unlike "last listing: gone after ip link del" "$(part 6)" "$x|$y"
like "the namespace is shown as made outside aisla" "$(part 1)" "^$n \("
done_testing
