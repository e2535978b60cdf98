# `nginx/stack cluster`: a cluster on one machine, to try it — a PostgreSQL and a Redis of the
# stack's own (data under STATE_DIR/cluster, run as the service account when started as root,
# on loopback ports with generated passwords) and two whole stacks, two hosts of one HubSpot
# account, against them. Host A runs the bundled HubSpot emulator (and replays the sample
# deliveries); host B asks it too. Ctrl-C (or SIGTERM) stops everything.

CLUSTER_PACKAGES=(redis-server postgresql)
CLUSTER_DIR=$STATE_DIR/cluster
CLUSTER_POSTGRES_PORT=${CLUSTER_POSTGRES_PORT:-55432}
CLUSTER_REDIS_PORT=${CLUSTER_REDIS_PORT:-56379}
CLUSTER_B_HTTPS_PORT=${CLUSTER_B_HTTPS_PORT:-$((HTTPS_PORT + 1))}
CLUSTER_B_HTTP_PORT=${CLUSTER_B_HTTP_PORT:-$((HTTP_PORT + 1))}
CLUSTER_B_OPENPHONE_EMULATOR_PORT=${CLUSTER_B_OPENPHONE_EMULATOR_PORT:-8092}
# PostgreSQL's, Redis's, then host A's and host B's (stop_cluster stops them in reverse).
CLUSTER_PIDS=()

command_cluster() {
    ensure_packages cluster
    build_release_if_needed
    is_root && ensure_service_account
    mkdir -p "$CLUSTER_DIR"
    chmod 700 "$CLUSTER_DIR"
    check_ports_free "$CLUSTER_POSTGRES_PORT" "$CLUSTER_REDIS_PORT" "$HTTPS_PORT" "$HTTP_PORT" \
        "$CLUSTER_B_HTTPS_PORT" "$CLUSTER_B_HTTP_PORT" "$CLUSTER_B_OPENPHONE_EMULATOR_PORT"
    trap 'stop_cluster; exit 0' INT TERM HUP
    trap 'stop_cluster; exit 1' EXIT
    local postgres_password redis_password
    postgres_password=$(cluster_secret postgres-password)
    redis_password=$(cluster_secret redis-password)
    start_cluster_postgres "$postgres_password"
    start_cluster_redis "$redis_password"
    # What both hosts share: the store, the Redis, the account's credentials, the webhook secret.
    export MESSAGES_DATABASE_URL="postgresql://hubspot:$postgres_password@127.0.0.1:$CLUSTER_POSTGRES_PORT/inbox"
    export REDIS_URL="redis://:$redis_password@127.0.0.1:$CLUSTER_REDIS_PORT/0"
    export CLUSTER_HOSTS=2
    cluster_credentials
    # OpenPhone's secret as it shows one (host A's demo deliveries are signed with it).
    local webhook_secret
    mkdir -p "$CLUSTER_DIR/host-a/auth"
    [ -s "$CLUSTER_DIR/host-a/auth/webhook-secret" ] \
        || (umask 077; printf 'whsec_%s\n' "$(openssl rand -base64 24)" > "$CLUSTER_DIR/host-a/auth/webhook-secret")
    webhook_secret=$(cat "$CLUSTER_DIR/host-a/auth/webhook-secret")
    start_cluster_host a "$HTTPS_PORT" "$HTTP_PORT"
    OPENPHONE_WEBHOOK_SECRET=$webhook_secret HUBSPOT_ACCESS_TOKEN=${HUBSPOT_EMULATOR_TOKEN:-emulator-token} \
        HUBSPOT_BASE_URL="http://127.0.0.1:${HUBSPOT_EMULATOR_PORT:-8090}" OPENPHONE_EMULATOR_PORT=$CLUSTER_B_OPENPHONE_EMULATOR_PORT \
        start_cluster_host b "$CLUSTER_B_HTTPS_PORT" "$CLUSTER_B_HTTP_PORT"
    cat >&2 <<BANNER

  a hubspot-fcgi cluster of two hosts is running:
    host A: https://localhost:$HTTPS_PORT  (CA certificate: $CLUSTER_DIR/host-a/tls/ca.crt)
    host B: https://localhost:$CLUSTER_B_HTTPS_PORT  (CA certificate: $CLUSTER_DIR/host-b/tls/ca.crt)
  both on PostgreSQL 127.0.0.1:$CLUSTER_POSTGRES_PORT (database inbox) and Redis 127.0.0.1:$CLUSTER_REDIS_PORT
  credentials and passwords: $CLUSTER_DIR (operator and admin in credentials)
  Ctrl-C stops both hosts, Redis and PostgreSQL.
BANNER
    echo "cluster: ready"
    local status=0
    wait -n "${CLUSTER_PIDS[@]}" || status=$?
    warn "a cluster process exited (status $status); stopping the rest"
    stop_cluster
    exit 1
}

# cluster_secret NAME — a random secret kept in CLUSTER_DIR/NAME (made once).
cluster_secret() {
    local file=$CLUSTER_DIR/$1
    [ -s "$file" ] || (umask 077; random_password > "$file")
    cat "$file"
}

# The operator and admin of both hosts, made once (or the ones the caller set).
cluster_credentials() {
    export ADMIN_USER=${ADMIN_USER:-admin} OPERATOR_USER=${OPERATOR_USER:-operator}
    export ADMIN_PASSWORD=${ADMIN_PASSWORD:-$(cluster_secret admin-password)}
    export OPERATOR_PASSWORD=${OPERATOR_PASSWORD:-$(cluster_secret operator-password)}
    (umask 077; printf 'admin: %s / %s\noperator: %s / %s\n' "$ADMIN_USER" "$ADMIN_PASSWORD" \
        "$OPERATOR_USER" "$OPERATOR_PASSWORD" > "$CLUSTER_DIR/credentials")
}

postgres_binaries() {
    local directory
    for directory in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -rV); do
        [ -x "$directory/postgres" ] && { echo "$directory"; return; }
    done
    fail "PostgreSQL is missing (apt install postgresql)"
}

# PostgreSQL refuses to run as root: as root, the stack's service account runs it.
start_cluster_postgres() {
    local password=$1 bin data=$CLUSTER_DIR/postgres
    bin=$(postgres_binaries)
    if is_root; then give_to_service "$data"; else mkdir -p "$data"; fi
    if [ ! -s "$data/PG_VERSION" ]; then
        log_step "creating the cluster's PostgreSQL in $data"
        local pwfile=$data.pw
        (umask 077; printf '%s\n' "$password" > "$pwfile")
        is_root && chown "$SERVICE_USER" "$pwfile"
        as_service "$bin/initdb" -D "$data" -U hubspot --auth-local=peer --auth-host=scram-sha-256 \
            --pwfile "$pwfile" -E UTF8 --locale=C >"$CLUSTER_DIR/initdb.log" 2>&1 \
            || fail "initdb failed (see $CLUSTER_DIR/initdb.log)"
        rm -f "$pwfile"
    fi
    log_step "starting PostgreSQL on 127.0.0.1:$CLUSTER_POSTGRES_PORT"
    # Not through as_service: `&` on a function forks a shell, and $! would not be the server.
    "${AS_SERVICE[@]}" "$bin/postgres" -D "$data" -p "$CLUSTER_POSTGRES_PORT" -c listen_addresses=127.0.0.1 \
        -c unix_socket_directories= 2> >(prefix_output postgres "$CLUSTER_DIR/postgres.log") &
    CLUSTER_PIDS+=($!)
    local attempt
    for attempt in $(seq 1 100); do
        PGPASSWORD=$password "$bin/pg_isready" -q -h 127.0.0.1 -p "$CLUSTER_POSTGRES_PORT" -U hubspot -d postgres && break
        sleep 0.1
    done
    PGPASSWORD=$password "$bin/psql" -h 127.0.0.1 -p "$CLUSTER_POSTGRES_PORT" -U hubspot -d postgres -tAq \
        -c "SELECT 1 FROM pg_database WHERE datname = 'inbox'" | grep -q 1 \
        || PGPASSWORD=$password "$bin/psql" -h 127.0.0.1 -p "$CLUSTER_POSTGRES_PORT" -U hubspot -d postgres -q \
            -c "CREATE DATABASE inbox" || fail "could not create the database inbox"
}

start_cluster_redis() {
    local password=$1 data=$CLUSTER_DIR/redis conf=$CLUSTER_DIR/redis.conf
    if is_root; then give_to_service "$data"; else mkdir -p "$data"; fi
    # The password goes in a file (0600, the server's account), never on a command line.
    (umask 077; printf 'port %s\nbind 127.0.0.1\nrequirepass %s\ndir %s\nappendonly yes\nlogfile ""\n' \
        "$CLUSTER_REDIS_PORT" "$password" "$data" > "$conf")
    is_root && chown "$SERVICE_USER" "$conf"
    log_step "starting Redis on 127.0.0.1:$CLUSTER_REDIS_PORT"
    "${AS_SERVICE[@]}" redis-server "$conf" > >(prefix_output redis "$CLUSTER_DIR/redis.log") 2>&1 &
    CLUSTER_PIDS+=($!)
    local attempt
    for attempt in $(seq 1 100); do
        REDISCLI_AUTH=$password redis-cli -p "$CLUSTER_REDIS_PORT" ping 2>/dev/null | grep -q PONG && return
        sleep 0.1
    done
    fail "Redis did not start (see $CLUSTER_DIR/redis.log)"
}

# start_cluster_host NAME HTTPS_PORT HTTP_PORT — one host: `nginx/stack run` with a state of its own.
start_cluster_host() {
    local name=$1 https=$2 http=$3 state=$CLUSTER_DIR/host-$1
    log_step "starting host $name on https://localhost:$https"
    STATE_DIR=$state HTTPS_PORT=$https HTTP_PORT=$http STACK_SKIP_INSTALL=1 \
        "$STACK_SCRIPT" run > >(prefix_output "host-$name" "$CLUSTER_DIR/host-$name.log") 2>&1 &
    CLUSTER_PIDS+=($!)
    local attempt
    for attempt in $(seq 1 600); do
        curl -fsS --cacert "$state/tls/ca.crt" "https://localhost:$https/api/contacts/health" >/dev/null 2>&1 && return
        kill -0 "${CLUSTER_PIDS[-1]}" 2>/dev/null || fail "host $name did not start (see $CLUSTER_DIR/host-$name.log)"
        sleep 0.2
    done
    fail "host $name did not answer within 2 minutes (see $CLUSTER_DIR/host-$name.log)"
}

stop_cluster() {
    trap - INT TERM HUP EXIT
    [ "${#CLUSTER_PIDS[@]}" -gt 0 ] || return 0
    log_step "stopping the cluster"
    local index
    # Hosts first (SIGTERM: a script's background job ignores SIGINT), then Redis and PostgreSQL
    # (SIGINT: PostgreSQL's fast shutdown, which does not wait for a psql someone left open).
    for (( index = ${#CLUSTER_PIDS[@]} - 1; index >= 0; index-- )); do
        if (( index >= 2 )); then stop_within "${CLUSTER_PIDS[$index]}" TERM; else stop_within "${CLUSTER_PIDS[$index]}" INT; fi
    done
    CLUSTER_PIDS=()
}

# stop_within PID SIGNAL — SIGNAL, then SIGKILL if PID is still there 30 s later.
stop_within() {
    local pid=$1 tick
    kill -"$2" "$pid" 2>/dev/null || return 0
    for tick in $(seq 1 300); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}
