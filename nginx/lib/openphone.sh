# Which OpenPhone the stack sends messages through: the real API when OPENPHONE_API_KEY is set,
# otherwise the bundled emulator, which accepts sends and delivers their signed status webhooks
# back through nginx, as OpenPhone does.

configure_openphone() {
    if [ -n "${OPENPHONE_API_KEY:-}" ]; then
        unset OPENPHONE_EMULATOR_PORT
        return
    fi
    OPENPHONE_EMULATOR_PORT=${OPENPHONE_EMULATOR_PORT:-8091}
    check_ports_free "$OPENPHONE_EMULATOR_PORT"
    export OPENPHONE_BASE_URL="http://127.0.0.1:$OPENPHONE_EMULATOR_PORT"
    export OPENPHONE_API_KEY=${OPENPHONE_EMULATOR_API_KEY:-emulator-openphone-key}
    export OPENPHONE_EMULATOR_API_KEY=$OPENPHONE_API_KEY
}

# Which OpenPhone configure_openphone chose, in words for the start-up line.
openphone_mode() {
    if [ -n "${OPENPHONE_EMULATOR_PORT:-}" ]; then
        echo "the bundled OpenPhone emulator at $OPENPHONE_BASE_URL (set OPENPHONE_API_KEY for the real one)"
    else
        echo "OpenPhone at ${OPENPHONE_BASE_URL:-https://api.openphone.com}"
    fi
}

# The emulator signs its webhooks with the stack's own secret; without one it delivers none
# (the stack would refuse them anyway).
start_openphone_emulator_if_needed() {
    [ -n "${OPENPHONE_EMULATOR_PORT:-}" ] || return 0
    local args=(--listen "127.0.0.1:$OPENPHONE_EMULATOR_PORT")
    if [ -n "${OPENPHONE_WEBHOOK_SECRET:-}" ]; then
        args+=(--webhook-url "https://localhost:$HTTPS_PORT/api/webhooks/openphone" --ca-file "$TLS_DIR/ca.crt")
    fi
    export OPENPHONE_EMULATOR_WEBHOOK_SECRET=${OPENPHONE_WEBHOOK_SECRET:-}
    start_emulator openphone-emulator "$OPENPHONE_BASE_URL" "${args[@]}"
}
