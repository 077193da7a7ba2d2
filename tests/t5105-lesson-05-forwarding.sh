#!/usr/bin/env bash
# t5105: lesson 05-forwarding in batch mode on the real kernel: every reference
# command runs, every check holds, and reset leaves nothing behind.
. "$(dirname "$0")/lib-batch.sh"
batch_file lessons/05-forwarding.lesson
