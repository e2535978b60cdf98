# The message side of the stack: the SQLite store, the OpenPhone webhook secret, the background
# name sync, and (demo default) a replay of signed sample deliveries.

SYNC_PID=""

configure_messages() {
    export MESSAGES_DB=${MESSAGES_DB:-$STATE_DIR/messages/messages.db}
    mkdir -p "$(dirname "$MESSAGES_DB")"
    CONTACTS_SYNC_INTERVAL=${CONTACTS_SYNC_INTERVAL:-60}
    [[ "$CONTACTS_SYNC_INTERVAL" =~ ^[0-9]+$ ]] || fail "CONTACTS_SYNC_INTERVAL must be whole seconds (0 = no sync loop)"
    DEMO_DELIVERIES=${DEMO_DELIVERIES:-1}
    if [ -z "${HUBSPOT_EMULATOR_PORT:-}" ]; then
        # The sample deliveries belong to the demo: never into a store that talks to real HubSpot.
        DEMO_DELIVERIES=0
        return
    fi
    if [ -n "${OPENPHONE_WEBHOOK_SECRET:-}" ]; then
        # A secret of the user's own: deliveries are theirs, not the demo's samples.
        DEMO_DELIVERIES=0
        return
    fi
    # Demo default: a secret of our own, kept with the other generated credentials.
    local file
    file=$(demo_webhook_secret_file)
    if [ ! -s "$file" ]; then
        (umask 077; printf 'whsec_%s\n' "$(openssl rand -base64 24)" > "$file")
    fi
    OPENPHONE_WEBHOOK_SECRET=$(cat "$file")
    export OPENPHONE_WEBHOOK_SECRET
}

demo_webhook_secret_file() { echo "$AUTH_STATE_DIR/webhook-secret"; }

# How configure_messages left the webhook, in words for the start-up line.
webhook_mode() {
    local demo
    demo=$(demo_webhook_secret_file)
    if [ -z "${OPENPHONE_WEBHOOK_SECRET:-}" ]; then
        # A real deployment without a secret: the webhook refuses every delivery (503), loudly.
        echo "OPENPHONE_WEBHOOK_SECRET not set: webhook deliveries are refused (503)"
    elif [ -s "$demo" ] && [ "$OPENPHONE_WEBHOOK_SECRET" = "$(cat "$demo")" ]; then
        echo "demo webhook secret in $demo"
    else
        echo "verifying signatures with OPENPHONE_WEBHOOK_SECRET"
    fi
}

# The outbox that logs messages on HubSpot timelines, as one of the stack's processes, when
# HUBSPOT_LOG_MESSAGES=1.
start_outbox_loop() {
    [ "${HUBSPOT_LOG_MESSAGES:-0}" = 1 ] || return 0
    local binary=$BIN_DIR/messages-outbox
    [ -x "$binary" ] || fail "$binary is missing; build first (swift build -c release)"
    "${AS_SERVICE[@]}" "$binary" --interval "${HUBSPOT_OUTBOX_INTERVAL:-2}" \
        2> >(prefix_output messages-outbox "$LOG_DIR/messages-outbox.log") \
        > >(prefix_output messages-outbox "$LOG_DIR/messages-outbox.log") &
    STACK_PIDS+=($!)
}

# Loop mode of contacts-sync, as one of the stack's processes (CONTACTS_SYNC_INTERVAL=0: none).
start_sync_loop() {
    [ "$CONTACTS_SYNC_INTERVAL" -gt 0 ] || return 0
    local binary=$BIN_DIR/contacts-sync
    [ -x "$binary" ] || fail "$binary is missing; build first (swift build -c release)"
    "${AS_SERVICE[@]}" "$binary" --interval "$CONTACTS_SYNC_INTERVAL" 2> >(prefix_output contacts-sync "$LOG_DIR/contacts-sync.log") \
        > >(prefix_output contacts-sync "$LOG_DIR/contacts-sync.log") &
    SYNC_PID=$!
    STACK_PIDS+=("$SYNC_PID")
}

# Demo default: sample OpenPhone deliveries, signed with the demo secret, through nginx like
# OpenPhone's own; the inbox has named conversations at once. Replaying again stores nothing twice.
replay_demo_deliveries() {
    [ "$DEMO_DELIVERIES" = 1 ] || return 0
    log_step "replaying sample OpenPhone deliveries (nginx/demo/openphone-deliveries.json)"
    "$BIN_DIR/openphone-replay" --url "https://localhost:$HTTPS_PORT/api/webhooks/openphone" \
        --cacert "$TLS_DIR/ca.crt" "$NGINX_DIR/demo/openphone-deliveries.json" \
        > >(prefix_output openphone-replay "$LOG_DIR/openphone-replay.log") 2>&1 \
        || warn "some sample deliveries were not accepted; see $LOG_DIR/openphone-replay.log"
}
