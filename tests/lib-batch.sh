# tests/lib-batch.sh: shared by the t51NN (lessons) and t52NN (demos)
# tests: run one lesson or demo in batch mode on the real kernel (`aisla
# FILE`: reference commands + every check), then `aisla reset -y`, and
# compare a snapshot of the kernel's objects before and after.
#
#   . "$(dirname "$0")/lib-batch.sh"; batch_file lessons/04-veth.lesson
#
# The lessons use fixed names (rojo, azul, v-host...). So that two runs on
# one machine (two people, two test runs) do not collide, the test re-runs
# itself in a new network and mount namespace with its own /run/netns (a
# tmpfs): "host" is then a fresh netns and the nodes' names are private.
# Everything else is the real kernel. AISLA_TEST_NO_ISOLATION=1 turns it off.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

t5_isolate() {
	[ -n "${T5_ISOLATED:-}" ] || [ -n "${AISLA_TEST_NO_ISOLATION:-}" ] && return 0
	[ "$(id -u)" = 0 ] || return 0
	command -v unshare >/dev/null 2>&1 || return 0
	trap - EXIT
	rm -rf "$AISLA_RUN_DIR" 2>/dev/null
	case $HOME in /tmp/aisla-home.*) rm -rf "$HOME" ;; esac
	rm -rf "$TMUX_TMPDIR"
	unset AISLA_RUN_DIR TMUX_TMPDIR
	exec unshare -m -n --propagation private bash -c '
		mkdir -p /run/netns && mount -t tmpfs t5-netns /run/netns &&
		ip link set lo up && T5_ISOLATED=1 exec bash "$0"' "$0"
}

# A plain aisla (no panes, Spanish) in a tmux server of its own, as a
# student sees it: tm_start [ENV=VALUE...]; tm_screen; tm_wait REGEX
# [SECONDS]; tm_send LINE (types it and Enter). The server is killed at
# exit.
tm_start() {
	_TM_SOCK=$(rname tm)
	defer tmux -L "$_TM_SOCK" kill-server
	tmux -L "$_TM_SOCK" -f /dev/null new-session -d -x 150 -y 50 \
		env AISLA_RUN_DIR="$AISLA_RUN_DIR" HOME="$HOME" LANGUAGE= LC_ALL=C.UTF-8 \
		AISLA_DATADIR="$TOP" "$@" "$AISLA_BIN" --plain --lang es
}
tm_screen() { tmux -L "$_TM_SOCK" capture-pane -p -J -S -2000 2>/dev/null; }
tm_wait() {
	local i
	for ((i = 0; i < ${2:-20} * 10; i++)); do
		tm_screen | grep -Eq -- "$1" && return 0
		sleep 0.1
	done
	return 1
}
tm_keys() { tmux -L "$_TM_SOCK" send-keys "$@" 2>/dev/null; }
# tm_ready [SECONDS]: until the last line is an empty prompt (a loaded
# machine may still be printing what the last command said).
tm_ready() {
	local i
	for ((i = 0; i < ${1:-20} * 10; i++)); do
		tm_screen | sed '/^[[:space:]]*$/d' | tail -n 1 | grep -Eq 'aisla[#$] ?$' && return 0
		sleep 0.1
	done
	return 1
}
tm_send() { tm_keys -l -- "$1"; tm_keys Enter; }

# Every object kind a lesson can leave (netns, links, mounts, cgroups of
# aisla's subtree, processes of its nodes), restricted to the names the
# file uses: other tests (and other people) may create objects of their
# own on this machine meanwhile.
_t5_names() {
	sed -n '/^```aisla/,/^```/p' "$1" | tr -c 'A-Za-z0-9_.-' '\n' | grep -E '^[A-Za-z0-9_][A-Za-z0-9_.-]{0,14}$' | sort -u
}
_t5_snapshot() {
	{
		snapshot
		find /sys/fs/cgroup -maxdepth 4 -type d -path '*aisla/*' 2>/dev/null | sed 's/^/cgroup /'
		ps -eo args= | awk '$1 == "aisla-init" || $1 == "aisla-holder" {print "holder", $2}'
	} | awk -v names="$_T5_NAMES" '
		BEGIN { n = split(names, w, " "); for (i = 1; i <= n; i++) keep[w[i]] = 1 }
		{ x = $NF; sub(".*/", "", x); if (x in keep) print }' | sort -u
}

# Skip (77) unless the front matter's needs are met here.
_t5_needs() {
	local f=$1 needs
	needs=$(sed -n '1,/^---$/{/^needs:/s/^needs:[[:space:]]*//p}' "$f" | head -1)
	for w in ${needs//,/ }; do
		case $w in
		root) need_root ;;
		cgroup2|cgroup-v2)
			[ "$(stat -f -c %T /sys/fs/cgroup 2>/dev/null)" = cgroup2fs ] ||
				skip "$f necesita cgroup v2 (esta máquina no lo es; lo prueba t3900 en qemu)" ;;
		busybox)
			command -v busybox >/dev/null 2>&1 || [ -x /bin/busybox ] ||
				skip "$f necesita busybox (busybox-static)" ;;
		2cpus|cpus) [ "$(nproc)" -ge 2 ] || skip "$f necesita 2 CPU" ;;
		cgroups)
			need_root
			[ -d /sys/fs/cgroup ] || skip "$f necesita cgroups (no hay /sys/fs/cgroup)" ;;
		nftables) need_cmd nft ;;
		umoci) need_cmd umoci ;;
		esac
	done
}

batch_file() {
	local f=$TOP/$1 out rc before after
	[ -f "$f" ] || skip "$1 no existe todavía"
	[ -x "$AISLA_BIN" ] || skip "no hay binario $AISLA_BIN (make)"
	need_root
	t5_isolate
	[ -n "${T5_ISOLATED:-}" ] && diag "aislado: netns y /run/netns propios"
	_t5_needs "$f"
	ok "--check $1" aisla --check "$f"
	_T5_NAMES=$(_t5_names "$f" | tr '\n' ' ')
	before=$(_t5_snapshot)
	defer "$AISLA_BIN" reset -y
	# Output to a file, not $(...): a node's background CMD may keep the
	# pipe open after aisla exits.
	local log
	log=$(mktemp /tmp/t5-batch.XXXXXX)
	defer rm -f "$log"
	(cd /tmp && timeout 300 "$AISLA_BIN" "$f" >"$log" 2>&1 </dev/null)
	rc=$?
	out=$(cat "$log")
	if [ "$rc" != 0 ] && printf '%s' "$out" | grep -Eq "is not implemented yet|no está implementad"; then
		"$AISLA_BIN" reset -y >/dev/null 2>&1
		skip "$1: una orden aún no está implementada: $(printf '%s' "$out" |
			grep -Eom1 "'[^']*' (is not implemented yet|no está implementad[ao] todavía)")"
	fi
	_t_result "$rc" "batch: aisla $1 (exit $rc)" "$(printf '%s' "$out" | tail -n 40)"
	like "every step held" "$out" '==.*(every check held|todas las comprobaciones)'
	ok "reset -y after $1" "$AISLA_BIN" reset -y
	after=$(_t5_snapshot)
	is "nothing left behind by $1" "$after" "$before"
	if [ "$after" != "$before" ]; then
		diff <(echo "$before") <(echo "$after") | sed 's/^/# /'
	fi
	done_testing
}
