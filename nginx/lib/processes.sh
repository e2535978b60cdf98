# Starting, watching and stopping the stack's processes (responders, then nginx).

STACK_PIDS=()

check_ports_free() {
    local port
    for port in "$@"; do
        if ss -Htln "sport = :$port" 2>/dev/null | grep -q .; then
            fail "port $port is already in use; stop whatever listens there or set HTTP_PORT/HTTPS_PORT"
        fi
    done
}

# Copies a process's stderr to the terminal, each line prefixed with its name, and to a log file.
prefix_output() {
    local name=$1 log=$2
    tee -a "$log" | sed -u "s/^/$(printf '%-16s' "$name")| /" >&2
}

# start_emulator NAME BASE_URL ARG… — starts the bundled emulator NAME (one of the stack's
# processes) and waits until it answers on its control path.
start_emulator() {
    local name=$1 url=$2 binary=$BIN_DIR/$1 pid attempt
    shift 2
    [ -x "$binary" ] || fail "$binary is missing; build first (swift build -c release)"
    log_step "starting $name on $url"
    "$binary" "$@" 2> >(prefix_output "$name" "$LOG_DIR/$name.log") &
    pid=$!
    STACK_PIDS+=("$pid")
    for attempt in $(seq 1 100); do
        curl -sf -o /dev/null "$url/__emulator/stats" && return
        kill -0 "$pid" 2>/dev/null || fail "$name exited; see its log above"
        sleep 0.1
    done
    fail "$name did not answer on $url"
}

start_responder() {
    local name=$1 binary=$BIN_DIR/$1
    [ -x "$binary" ] || fail "$binary is missing; build first (swift build -c release)"
    local args=(--socket "$RUN_DIR/$name.sock" --socket-mode 0660
                --workers "$RESPONDER_WORKERS" --threads "$RESPONDER_THREADS")
    if is_root; then args+=(--socket-group "$SERVICE_USER"); fi
    "${AS_SERVICE[@]}" "$binary" "${args[@]}" 2> >(prefix_output "$name" "$LOG_DIR/$name.log") &
    STACK_PIDS+=($!)
}

start_stack() {
    trap 'stop_stack; exit 130' INT
    trap 'stop_stack; exit 0' TERM
    trap 'stop_stack; exit 129' HUP
    trap 'stop_stack' EXIT
    start_hubspot_emulator_if_needed
    start_openphone_emulator_if_needed
    local name listed names=()
    listed=$(responder_names)
    mapfile -t names <<<"$listed"
    log_step "starting responders: ${names[*]} (HubSpot: $(hubspot_mode); OpenPhone: $(openphone_mode); webhook: $(webhook_mode))"
    for name in "${names[@]}"; do start_responder "$name"; done
    for name in "${names[@]}"; do wait_for_socket "$RUN_DIR/$name.sock"; done
    log_step "starting nginx on https://$LISTEN_ADDRESS:$HTTPS_PORT (http :$HTTP_PORT redirects)"
    nginx -p "$RUNTIME_DIR" -c "$CONF_DIR/nginx.conf" -g 'daemon off;' \
        2> >(prefix_output nginx "$LOG_DIR/nginx-stderr.log") &
    STACK_PIDS+=($!)
    NGINX_PID=$!
    wait_for_https
}

wait_for_socket() {
    local attempt
    for attempt in $(seq 1 100); do
        [ -S "$1" ] && return
        sleep 0.1
    done
    fail "responder socket $1 did not appear; see the responder's log above"
}

stack_curl() {
    curl -sS --max-time 5 --cacert "$TLS_DIR/ca.crt" "$@"
}

wait_for_https() {
    local attempt
    for attempt in $(seq 1 100); do
        if stack_curl -o /dev/null "https://$LISTEN_ADDRESS:$HTTPS_PORT/api/contacts/health" 2>/dev/null; then
            return
        fi
        kill -0 "$NGINX_PID" 2>/dev/null || fail "nginx exited; see its log above"
        sleep 0.1
    done
    fail "nginx did not answer on https://$LISTEN_ADDRESS:$HTTPS_PORT"
}

# print_banner CREDENTIALS — where the stack is and how to call it; CREDENTIALS names the array
# ensure_credentials filled (its passwords are shown only when they were generated just now).
print_banner() {
    local -n banner_credentials=$1
    local base="https://localhost:$HTTPS_PORT" ca="$TLS_DIR/ca.crt"
    local admin_user=${banner_credentials[admin_user]} operator_user=${banner_credentials[operator_user]}
    cat >&2 <<BANNER

  hubspot-fcgi is running at $base  (CA certificate: $ca)
  inbox page: $base/inbox/ (operator credentials)
  logs: $LOG_DIR   sockets: $RUN_DIR
BANNER
    if [ "${banner_credentials[new]}" = 1 ]; then
        cat >&2 <<BANNER
  generated credentials (shown once; kept in $AUTH_STATE_DIR/credentials):
    admin:    $admin_user / ${banner_credentials[admin_password]}
    operator: $operator_user / ${banner_credentials[operator_password]}
BANNER
    else
        echo "  credentials: admin user '$admin_user', operator user '$operator_user' (passwords in $AUTH_STATE_DIR/credentials or your environment)" >&2
    fi
    cat >&2 <<BANNER

  try:
    curl --cacert $ca $base/api/contacts/health
    curl --cacert $ca -u '$operator_user:<password>' $base/api/contacts/lookup/+19025551234
    curl --cacert $ca -u '$operator_user:<password>' '$base/api/contacts/search?q=smith'
    curl --cacert $ca -u '$operator_user:<password>' '$base/api/messages/conversations?limit=10'

  Ctrl-C stops everything.
BANNER
    echo "stack: ready" >&2
}

# Runs until Ctrl-C/SIGTERM, or until a process of the stack dies (then everything stops, exit 1).
wait_for_stop() {
    local status=0
    wait -n "${STACK_PIDS[@]}" || status=$?
    warn "a stack process exited unexpectedly (status $status); stopping the rest"
    trap - EXIT
    stop_stack
    exit 1
}

stop_stack() {
    trap - INT TERM HUP EXIT
    [ "${#STACK_PIDS[@]}" -gt 0 ] || return 0
    log_step "stopping the stack"
    local pid
    for pid in "${STACK_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${STACK_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    STACK_PIDS=()
    # Sockets are removed by their responders; what remains is the stack's own transient state.
    # Only our entries are removed: RUNTIME_DIR may be a directory the user named.
    rm -rf "${RUNTIME_DIR:?}/sockets" "$RUNTIME_DIR/auth" "$RUNTIME_DIR/tmp" "$RUNTIME_DIR/nginx.pid"
    rmdir "$RUNTIME_DIR" /run/hubspot-fcgi-stack 2>/dev/null || true
    remove_rate_segment
    log_step "stopped"
}

# The stack-wide HubSpot rate bucket lives in one /dev/shm page per cache file; the page names its
# cache file's path at byte 64 (NUL-terminated), so only this stack's page is removed.
remove_rate_segment() {
    [ -n "${CONTACTS_CACHE_FILE:-}" ] || return 0
    local segment owner
    for segment in /dev/shm/hubspot-fcgi-rate-*; do
        [ -f "$segment" ] || continue
        owner=$(dd if="$segment" bs=64 skip=1 count=63 2>/dev/null | tr '\0' '\n' | head -n 1) || true
        [ "$owner" = "$CONTACTS_CACHE_FILE" ] && rm -f "$segment"
    done
    return 0
}
