#!/usr/bin/env bash
# t7011: demo imagen replayed unattended (no delay, no keys): every command
# runs, every check holds, and reset leaves nothing behind. The images go
# to a store of the test's own, removed at exit.
. "$(dirname "$0")/lib-batch.sh"
export AISLA_IMAGE_DIR=${AISLA_IMAGE_DIR:-/tmp/aisla-img-t7011.$$}
defer rm -rf "$AISLA_IMAGE_DIR"
batch_file demos/imagen.demo
