#!/usr/bin/env bash
# t5108: lesson 08-pid in batch mode on the real kernel: every reference
# command runs, every check holds, and reset leaves nothing behind.
. "$(dirname "$0")/lib-batch.sh"
batch_file lessons/08-pid.lesson
