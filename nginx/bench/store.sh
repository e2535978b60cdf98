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
#   STORE_POSTGRES       1 (default when PostgreSQL is installed) also copies the large store into
#                        a PostgreSQL of its own and measures SQLite ÷ PostgreSQL at that size
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

# The large store again in PostgreSQL (a cluster's store): the same rows, the same calls.
postgres_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -rV | head -1)
if [ "${STORE_POSTGRES:-1}" = 1 ] && [ -n "$postgres_bin" ]; then
    pg_dir=$(mktemp -d /tmp/hubspot-fcgi-bench-pg.XXXXXX)
    as_postgres=()
    if [ "$(id -u)" = 0 ]; then
        chown postgres "$pg_dir"
        as_postgres=(setpriv --reuid=postgres --regid=postgres --init-groups)
    fi
    pg_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    "${as_postgres[@]}" "$postgres_bin/initdb" -D "$pg_dir/data" -U postgres --auth=trust -E UTF8 --locale=C >/dev/null
    # Durable as a production server would be (fsync on): the insert's p99 includes the commit.
    "${as_postgres[@]}" "$postgres_bin/postgres" -D "$pg_dir/data" -k "$pg_dir" -p "$pg_port" \
        -c listen_addresses=127.0.0.1 -c shared_buffers=256MB >"$pg_dir/postgres.log" 2>&1 &
    pg_pid=$!
    trap 'kill -TERM $pg_pid 2>/dev/null; wait $pg_pid 2>/dev/null; rm -rf "$pg_dir"; [ "${STORE_BENCH_KEEP:-0}" = 1 ] || rm -rf "$DIR"' EXIT
    for _ in $(seq 1 100); do "$postgres_bin/pg_isready" -q -h 127.0.0.1 -p "$pg_port" && break; sleep 0.1; done
    psql_command="$postgres_bin/psql -h 127.0.0.1 -p $pg_port -U postgres -d inbox"
    "$postgres_bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -q -c "CREATE DATABASE inbox"
    url="postgresql://postgres@127.0.0.1:$pg_port/inbox"
    "$BIN_DIR/store-bench" create "$url"
    python3 "$SCRIPT_DIR/store_to_postgres.py" "$DIR/large.sqlite" --psql "$psql_command"
    echo "the large store: SQLite (left, 's') and PostgreSQL (right, 'l'; over TCP on loopback); ratios are PostgreSQL ÷ SQLite"
    "$BIN_DIR/store-bench" measure "$DIR/large.sqlite" "$url" --facts "$DIR/large.sqlite" --samples "$SAMPLES" \
        --json "$STATE_DIR/bench/store-postgres.json"
fi
