#!/usr/bin/env python3
# tests/subreaper.py CMD...: run CMD as the child of a process that is a
# child subreaper (PR_SET_CHILD_SUBREAPER) and never reaps the orphans
# that come to it, as a lazy PID 1 (containers, CI runners) does: a
# killed orphan stays a zombie for as long as this process lives. Only
# CMD itself is waited for; its exit status is ours.
import ctypes
import os
import sys

PR_SET_CHILD_SUBREAPER = 36
libc = ctypes.CDLL(None, use_errno=True)
if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
    sys.exit("subreaper.py: prctl: " + os.strerror(ctypes.get_errno()))
pid = os.fork()
if pid == 0:
    os.execvp(sys.argv[1], sys.argv[1:])
_, status = os.waitpid(pid, 0)
sys.exit(os.waitstatus_to_exitcode(status))
