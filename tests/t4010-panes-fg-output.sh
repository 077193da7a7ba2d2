#!/usr/bin/env bash
# What a foreground child prints is seen in the console pane while the
# panes are up: stdout and stderr, with its exit status (issue 15, point 1).
# A child that is not interactive runs on a pty into the console; an
# interactive shell still gets the whole terminal and gives it back.
. "$(dirname "$0")/lib.sh"
need_root
. "$(dirname "$0")/lib-tui.sh"

n=$(rname f)
defer ip netns del "$n"
tui_start 120x35
ok "panes up" wait_for ' Interfaces '
type "netns add $n"
ok "the node is made" until_ok 5 test -e "/run/netns/$n"

# unshare -n: a new netns has only lo
type 'unshare -n -- ip link'
ok "unshare -n -- ip link: its output is in the console" wait_for '^1: lo: <LOOPBACK>' 5
like "  and the panes stayed up" "$(screen)" ' Interfaces '

type "nsenter $n -n -- ip -br link"
ok "nsenter NODE -n -- ip -br link: the node's lo in the console" wait_for '^lo +DOWN' 5

type 'chroot / echo HOLA-$((6*7))'
ok "chroot / echo: the echoed word" wait_for '^HOLA-\$\(\(6\*7\)\)$|^HOLA-42$' 5

type "unshare -p -- sh -c 'echo mi PID es \$\$'"
ok "unshare -p: the child is PID 1 of its namespace" wait_for '^mi PID es 1$' 5

type 'unshare -n -- ls /noexiste-aisla'
ok "stderr reaches the console too" wait_for "ls: .*/noexiste-aisla.*(No such file|No existe)" 5
ok "  with the exit status" wait_for "'ls' (terminó con estado 2|exited with status 2)" 5

# a prompt without a newline and the keyboard reach a console child
type "unshare -n -- sh -c 'printf \"nombre? \"; read x; echo \"hola \$x\"'"
ok "a partial line (a prompt) shows at once" wait_for '^nombre\?' 5
type 'mundo'
ok "typed keys reach the child" wait_for '^hola mundo$' 5

# Ctrl-C stops a console child, the prompt comes back
zz=29.$RANDOM	# a sleep nobody else runs
type "unshare -n -- sleep $zz"
ok "a long child runs" until_ok 5 pgrep -f -x "sleep $zz"
sleep 0.3
keys C-c
ok "Ctrl-C ends it" until_ok 3 sh -c "! pgrep -f -x 'sleep $zz'"
type 'echo-no-existe'
ok "  and the prompt answers again" wait_for "echo-no-existe" 5
ok "  and it died of SIGINT" wait_for "'sleep' .*(SIGINT)" 5

# an interactive shell still gets the whole terminal
type 'unshare -n'
ok "unshare -n (a shell): the panes step aside" wait_gone ' Interfaces ' 5
type 'echo DENTRO-$((6*7)); ip -br link | wc -l'
ok "the shell answers on the whole terminal" wait_for '^DENTRO-42$' 5
type 'exit'
ok "the panes come back after exit" wait_for ' Interfaces ' 5
type 'chroot / sh -c "echo OTRA-VEZ >&2"'
ok "and console output still works" wait_for '^OTRA-VEZ$' 5
done_testing
