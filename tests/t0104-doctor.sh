#!/usr/bin/env bash
# aisla doctor: every check reports, the exit status follows the worst
# level, and breaking one thing at a time makes doctor name it with its
# fix: busybox hidden (a bind mount in a private mount namespace), nft and
# ip out of PATH, user namespaces forbidden (user.max_user_namespaces=0 in
# a user namespace of the test's own, so the host's value never changes),
# a tiny terminal and one without colours or UTF-8 (tmux), leftovers in
# the journal; its throw-away namespaces leave nothing behind.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-userns.sh"
need_root
need_cmd tmux
need_cmd setpriv
# the binary and its catalog where uid 1000 can read them
ut=$(mktemp -d /tmp/aisla-dr.XXXXXX)
defer rm -rf "$ut"
ubin=$(user_tree "$ut")

# What the probes make (links named probe*, in namespaces of their own;
# children aisla PROBE_ARGV1) must be gone; other tests' objects come and
# go meanwhile, so only ours are compared.
leftovers() {
	{ ip -o link; for ns in $(ip netns list | awk '{print $1}'); do ip -n "$ns" -o link 2>/dev/null; done; } |
		grep -c ' probe[a-z0-9]*[:@]'
	pgrep -fc -- --aisla-probe-child
}
out=$(aisla doctor 2>&1); rc=$?
for c in root kernel namespaces userns newuidmap cgroups cpus run-netns veth bridge vxlan \
	 nftables busybox iproute2 terminal locale pid1 journal; do
	like "doctor reports $c" "$out" "^  (ok|aviso|fallo) +$c "
done
if grep -q '^  fallo' <<<"$out"; then want=1
elif grep -q '^  aviso' <<<"$out"; then want=2
else want=0; fi
is "exit status follows the worst level ($want)" "$rc" "$want"
like "a summary line" "$out" '^[0-9]+ ok, [0-9]+ avisos?, [0-9]+ fallos?\.$'
like "veth really made in a throw-away netns" "$out" '^  ok +veth .*desechable'
is "its namespaces and links left nothing behind" "$(leftovers | tr '\n' ' ')" "0 0 "
out=$(aisla --lang en doctor kernel 2>&1)
like "English too" "$out" '^  ok +kernel +kernel: Linux'
out=$(aisla doctor nosuch 2>&1); rc=$?
is "an unknown check is a usage error" "$rc" 2
like "and says so in Spanish" "$out" "no hay ninguna comprobación 'nosuch'"
out=$(aisla -c 'doctor veth bridge' 2>&1); rc=$?
is "'doctor' in the shell runs named checks" "$rc" 0
like "only those" "$(grep -c '^  ok' <<<"$out")" '^2$'

# busybox hidden: /dev/null over it, in a private mount namespace.
out=$(unshare -m bash -c 'for b in /bin/busybox /usr/bin/busybox; do
	[ -e "$b" ] && mount --bind /dev/null "$(readlink -f "$b")"; done
	"$0" doctor busybox' "$AISLA_BIN" 2>&1); rc=$?
is "no busybox: exit 1" "$rc" 1
like "no busybox: named, with the package" "$out" '^  fallo +busybox .*no hay busybox'
like "no busybox: the fix" "$out" 'apt-get install busybox-static'
# a dynamic one is not enough
out=$(unshare -m bash -c 'for b in /bin/busybox /usr/bin/busybox; do
	[ -e "$b" ] && mount --bind /bin/ls "$(readlink -f "$b")"; done
	"$0" doctor busybox' "$AISLA_BIN" 2>&1)
like "a dynamic busybox: named" "$out" '^  fallo +busybox .*no está enlazado estáticamente'
ok "the host's busybox is untouched" busybox true

# nft and ip out of PATH.
dir=$(mktemp -d /tmp/aisla-path.XXXXXX)
defer rm -rf "$dir"
out=$(PATH=$dir aisla doctor nftables iproute2 2>&1); rc=$?
is "no nft/ip: exit 1" "$rc" 1
like "no nft: named" "$out" '^  fallo +nftables .*no está el programa nft'
like "no nft: the fix" "$out" 'apt-get install nftables'
like "no ip: the fix" "$out" 'apt-get install iproute2'

# user namespaces forbidden, for root and for uid 1000.
out=$(in_own_userns "echo 0 >/proc/sys/user/max_user_namespaces
	$(printf '%q' "$AISLA_BIN") doctor userns; echo rc=\$?
	setpriv --reuid=1000 --regid=1000 --clear-groups $(printf '%q' "$ubin") doctor userns; echo rc=\$?" 2>&1)
like "userns forbidden: named with the sysctl" "$out" 'fallo +userns .*user.max_user_namespaces = 0'
like "userns forbidden: the fix" "$out" 'sudo sysctl -w user.max_user_namespaces=15000'
is "userns forbidden: exit 1 (root, then uid 1000)" "$(grep -o 'rc=[0-9]*' <<<"$out" | tr '\n' ' ')" "rc=1 rc=1 "
like "uid 1000 is said" "$out" 'como uid 1000'
is "the host's limit is untouched" "$(cat /proc/sys/user/max_user_namespaces)" \
	"$(sysctl -n user.max_user_namespaces)"

# The terminal, in tmux: tiny, compact, no colours, not UTF-8.
term_doctor() {	# COLSxROWS ENV...: doctor's terminal line in such a tmux window
	local geo=$1 f=$HOME/term.out; shift
	rm -f "$f"
	tmux new-session -d -s "dr$$" -x "${geo%x*}" -y "${geo#*x}" \
		"env $* $(printf '%q' "$AISLA_BIN") doctor terminal >$f 2>&1"
	for _ in $(seq 300); do [ -s "$f" ] && grep -q "^[0-9]* ok" "$f" && break; sleep 0.05; done
	tmux kill-session -t "dr$$" 2>/dev/null
	grep -A1 ' terminal ' "$f"
}
out=$(term_doctor 60x20 TERM=xterm-256color LANG=C.UTF-8)
like "tiny terminal: named with its size" "$out" 'aviso +terminal .*60x20.*demasiado pequeño'
like "tiny terminal: the fix" "$out" 'al menos 80x24'
out=$(term_doctor 100x30 TERM=xterm-256color LANG=C.UTF-8)
like "compact terminal: one pane at a time" "$out" 'aviso +terminal .*100x30.*un panel cada vez'
out=$(term_doctor 130x40 TERM=xterm-256color LANG=C.UTF-8)
like "large terminal: ok with colours" "$out" 'ok +terminal .*130x40.*todos los paneles.*256 colores'
out=$(term_doctor 130x40 TERM=dumb LANG=C.UTF-8)
like "TERM=dumb: no colours" "$out" 'aviso +terminal .*sin colores'
out=$(term_doctor 130x40 TERM=xterm-256color LC_ALL= LANG=C)
like "LANG=C: not UTF-8, with the fix" "$out" "no es UTF-8"

# Leftovers in the journal.
n=$(rname tdr)
defer ip netns del "$n"
aisla -c "netns add $n" >/dev/null 2>&1
out=$(aisla doctor journal 2>&1); rc=$?
like "leftovers: named" "$out" 'aviso +journal .*1 objeto pendiente'
like "leftovers: the fix" "$out" 'aisla reset -y'
is "leftovers alone: exit 2" "$rc" 2
aisla reset -y >/dev/null 2>&1

# As a user: cgroups without delegation are a warning with the reason.
out=$(cd / && setpriv --reuid=1000 --regid=1000 --clear-groups env HOME=/ "$ubin" doctor root cgroups 2>&1)
like "as uid 1000: said" "$out" 'como uid 1000'
like "as uid 1000: cgroups need a delegated v2 subtree or root" "$out" \
	'(ok|aviso) +cgroups .*(delegad|controladores)'
is "nothing left behind at the end" "$(leftovers | tr '\n' ' ')" "0 0 "
done_testing
