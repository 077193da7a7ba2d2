#!/usr/bin/env bash
# t5206: demo pid replayed unattended (no delay, no keys): every command
# runs, every check holds, and reset leaves nothing behind.
. "$(dirname "$0")/lib-batch.sh"
batch_file demos/pid.demo
