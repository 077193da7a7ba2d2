#!/usr/bin/env bash
# t7010: lesson 14-imagenes in batch mode on the real kernel: every reference
# command runs, every check holds, and reset leaves nothing behind. The
# images go to a store of the test's own, removed at exit.
. "$(dirname "$0")/lib-batch.sh"
export AISLA_IMAGE_DIR=${AISLA_IMAGE_DIR:-/tmp/aisla-img-t7010.$$}
defer rm -rf "$AISLA_IMAGE_DIR"
batch_file lessons/14-imagenes.lesson
