#!/usr/bin/env bash
# t5109: lesson 09-user in batch mode on the real kernel: every reference
# command runs, every check holds, and reset leaves nothing behind.
. "$(dirname "$0")/lib-batch.sh"
batch_file lessons/09-user.lesson
