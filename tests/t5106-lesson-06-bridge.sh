#!/usr/bin/env bash
# t5106: lesson 06-bridge in batch mode on the real kernel: every reference
# command runs, every check holds, and reset leaves nothing behind.
. "$(dirname "$0")/lib-batch.sh"
batch_file lessons/06-bridge.lesson
