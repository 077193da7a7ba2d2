#!/usr/bin/env bash
# t5113: lesson 13-contenedor in batch mode on the real kernel: every reference
# command runs, every check holds, and reset leaves nothing behind.
. "$(dirname "$0")/lib-batch.sh"
batch_file lessons/13-contenedor.lesson
