# Where the stack keeps things: the state directory (TLS material, credentials, rendered nginx
# config, logs) and the runtime directory (sockets, the credential checks, nginx's pid and temp
# files), which nginx's unprivileged workers must be able to reach.

LOG_DIR=${LOG_DIR:-$STATE_DIR/logs}
TLS_DIR=$STATE_DIR/tls
AUTH_STATE_DIR=$STATE_DIR/auth
CONF_DIR=${CONF_DIR:-$STATE_DIR/nginx}

# stack_runtime_dir — the runtime directory: RUNTIME_DIR when set. nginx's workers run as
# www-data when the stack runs as root, and a checkout under /root (mode 0700) is not reachable
# for them, so as root it is under /run (one per state directory); a non-root stack runs nginx's
# workers as the same user and keeps it in the state directory.
stack_runtime_dir() {
    if [ -n "${RUNTIME_DIR:-}" ]; then
        printf '%s' "$RUNTIME_DIR"
    elif is_root; then
        local id
        id=$(printf '%s' "$STATE_DIR" | sha256sum | cut -c1-12)
        printf '/run/hubspot-fcgi-stack/%s' "$id"
    else
        printf '%s/run' "$STATE_DIR"
    fi
}

# One `nginx/stack run` per state directory: a second one would take over the first one's
# runtime directory and sockets. The lock is held by the script and inherited by what it starts,
# so it stays taken while any process of that stack is alive.
lock_state_dir() {
    mkdir -p "$STATE_DIR"
    exec {STATE_LOCK_FD}>"$STATE_DIR/.stack.lock" || fail "cannot open $STATE_DIR/.stack.lock"
    flock -n "$STATE_LOCK_FD" \
        || fail "another 'nginx/stack run' is using STATE_DIR=$STATE_DIR; stop it first, or set another STATE_DIR"
}

# create_state_dirs — the state and runtime directories (RUNTIME_DIR, with RUN_DIR and AUTH_DIR
# inside it). As root, only the service account's group (nginx's workers) may enter the sockets'
# directory, and only nginx's workers the one of the inbox page and credential checks.
create_state_dirs() {
    mkdir -p "$STATE_DIR" "$LOG_DIR" "$TLS_DIR" "$AUTH_STATE_DIR" "$CONF_DIR"
    chmod 700 "$TLS_DIR" "$AUTH_STATE_DIR"
    mkdir -p "$RUNTIME_DIR"/tmp "$RUN_DIR" "$AUTH_DIR"
    if is_root; then
        ensure_service_account
        chmod 755 /run/hubspot-fcgi-stack "$RUNTIME_DIR"
        chown "$SERVICE_USER:$SERVICE_USER" "$RUN_DIR"
        chown "root:$NGINX_WORKER_USER" "$AUTH_DIR"
        chmod 750 "$RUN_DIR" "$AUTH_DIR"
        chown -R "$NGINX_WORKER_USER" "$RUNTIME_DIR/tmp"
    fi
}
