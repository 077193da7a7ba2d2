#!/usr/bin/env bash
# t5102: lesson 02-chroot in batch mode on the real kernel: every reference
# command runs, every check holds, and reset leaves nothing behind.
. "$(dirname "$0")/lib-batch.sh"
batch_file lessons/02-chroot.lesson
