#!/usr/bin/env bash
# t5110: lesson 10-uts-ipc-mount in batch mode on the real kernel: every reference
# command runs, every check holds, and reset leaves nothing behind.
. "$(dirname "$0")/lib-batch.sh"
batch_file lessons/10-uts-ipc-mount.lesson
