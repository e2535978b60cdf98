#!/usr/bin/env bash
# nginx/bench/store.sh — the message store at scale (issue 16): seeds a small and a large store
# and prints p50/p99/max of the conversation list, the thread and the webhook insert on both,
# with the ratios large ÷ small and the issue's goals judged.
#
#   STATE_DIR=… BIN_DIR=.build/release nginx/bench/store.sh
#
# Environment:
#   STATE_DIR            required; the stores go under "$STATE_DIR/bench/store" (~550 MB, removed after)
#   BIN_DIR              where store-bench is (a release build; default .build/release)
#   STORE_SMALL          conversations:messages of the small store (default 1000:10000)
#   STORE_LARGE          conversations:messages of the large store (default 100000:1000000)
#   STORE_BENCH_SAMPLES  samples per case and store (default 500)
#   STORE_BENCH_KEEP     1 keeps the seeded files (to look at them with sqlite3)
#
# Output: the table on stdout and "$STATE_DIR/bench/store.json". Exit 0 when everything ran.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
: "${STATE_DIR:?STATE_DIR must be set (a writable directory)}"
BIN_DIR=${BIN_DIR:-$SCRIPT_DIR/../../.build/release}
STORE_SMALL=${STORE_SMALL:-1000:10000}
STORE_LARGE=${STORE_LARGE:-100000:1000000}
SAMPLES=${STORE_BENCH_SAMPLES:-500}
DIR="$STATE_DIR/bench/store"

rm -rf "$DIR" && mkdir -p "$DIR"
[ "${STORE_BENCH_KEEP:-0}" = 1 ] || trap 'rm -rf "$DIR"' EXIT

seed() { # NAME CONVERSATIONS:MESSAGES
    local db="$DIR/$1.sqlite"
    # The product makes the schema (every migration, its indexes and triggers); the seed fills it.
    "$BIN_DIR/store-bench" create "$db"
    python3 "$SCRIPT_DIR/store_seed.py" "$db" --conversations "${2%%:*}" --messages "${2##*:}"
}
seed small "$STORE_SMALL"
seed large "$STORE_LARGE"
"$BIN_DIR/store-bench" measure "$DIR/small.sqlite" "$DIR/large.sqlite" --samples "$SAMPLES" \
    --json "$STATE_DIR/bench/store.json"
