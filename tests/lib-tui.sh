# tests/lib-tui.sh: helpers for the panes' tests (t4NNN), on top of lib.sh.
# Starts aisla in its own tmux server and reads the screen.
#
#   tui_start [COLSxROWS] [ARGS...]   aisla in a tmux pane (default 130x40)
#   screen                            the screen as text
#   wait_for REGEX [SECONDS]          until the screen shows REGEX (default 5 s)
#   wait_gone REGEX [SECONDS]         until it does not
#   keys KEY...                       tmux send-keys
#   type LINE                         type LINE and Enter
#   skip_if_stub                      exit 77 if the screen says a command is a stub
need_cmd tmux
_tui_sock=$(rname s)
S="tmux -L $_tui_sock"
defer $S kill-server
TUI_PIDF=$HOME/aisla.pid

tui_start() {
	local size=${1:-130x40}
	shift || true
	$S new-session -d -s t -x "${size%x*}" -y "${size#*x}" \
		"echo \$\$ >$TUI_PIDF; exec env HOME=$HOME AISLA_RUN_DIR=$AISLA_RUN_DIR LANG=C.UTF-8 TERM=screen-256color $AISLA_BIN $*"
	$S set-option -t t -g status off >/dev/null 2>&1
	$S resize-window -t t -x "${size%x*}" -y "${size#*x}" >/dev/null 2>&1
}
screen() { $S capture-pane -p -t t; }
wait_for() {
	local n=$(( ${2:-5} * 20 ))
	for _ in $(seq $n); do screen | grep -Eq -- "$1" && return 0; sleep 0.05; done
	screen >&2
	return 1
}
wait_gone() {
	local n=$(( ${2:-5} * 20 ))
	for _ in $(seq $n); do screen | grep -Eq -- "$1" || return 0; sleep 0.05; done
	return 1
}
keys() { $S send-keys -t t "$@"; }
type() { $S send-keys -t t -l "$1"; $S send-keys -t t Enter; }
skip_if_stub() {
	if screen | grep -Eq "not implemented yet|no está implementad|todavía no está"; then
		skip "una orden que usa esta prueba aún es un esbozo: $(screen | grep -Eo "'[a-z]+' (is not implemented yet|no está implementad[ao].*)" | head -1)"
	fi
}
aisla_pid() { cat "$TUI_PIDF" 2>/dev/null; }
# until_ok SECONDS CMD...: until CMD succeeds
until_ok() { local n=$1; shift; for _ in $(seq $((n * 10))); do "$@" && return 0; sleep 0.1; done; return 1; }
