# Which HubSpot the stack talks to: the real one when a token is configured, otherwise the
# bundled emulator with the sample contacts under nginx/demo/.

configure_hubspot() {
    export AUDIT_LOG=${AUDIT_LOG:-$LOG_DIR/audit.log}
    export CONTACTS_CACHE_FILE=${CONTACTS_CACHE_FILE:-$STATE_DIR/cache/contacts.cache}
    mkdir -p "$(dirname "$CONTACTS_CACHE_FILE")"
    if [ -n "${HUBSPOT_ACCESS_TOKEN:-}${HUBSPOT_API_KEY:-}" ]; then
        unset HUBSPOT_EMULATOR_PORT
        return
    fi
    HUBSPOT_EMULATOR_PORT=${HUBSPOT_EMULATOR_PORT:-8090}
    check_ports_free "$HUBSPOT_EMULATOR_PORT"
    export HUBSPOT_BASE_URL="http://127.0.0.1:$HUBSPOT_EMULATOR_PORT"
    export HUBSPOT_ACCESS_TOKEN=${HUBSPOT_EMULATOR_TOKEN:-emulator-token}
    export HUBSPOT_EMULATOR_CONTACTS=${HUBSPOT_EMULATOR_CONTACTS:-$NGINX_DIR/demo/hubspot-contacts.json}
    export HUBSPOT_EMULATOR_COMPANIES=${HUBSPOT_EMULATOR_COMPANIES:-$NGINX_DIR/demo/hubspot-companies.json}
}

# Which HubSpot configure_hubspot chose, in words for the start-up line.
hubspot_mode() {
    if [ -n "${HUBSPOT_EMULATOR_PORT:-}" ]; then
        echo "the bundled HubSpot emulator at $HUBSPOT_BASE_URL (sample contacts; set HUBSPOT_ACCESS_TOKEN for the real one)"
    else
        echo "HubSpot at ${HUBSPOT_BASE_URL:-https://api.hubapi.com}"
    fi
}

# HubSpot's change events reach POST /api/webhooks/hubspot, signed with the app's secret. With
# the emulator, a secret of our own (kept with the other generated credentials) and the stack's
# own URL, so the emulator's changes reach the inbox as HubSpot's would.
configure_hubspot_webhooks() {
    [ -n "${HUBSPOT_EMULATOR_PORT:-}" ] || return 0
    if [ -z "${HUBSPOT_WEBHOOK_SECRET:-}" ]; then
        local file=$AUTH_STATE_DIR/hubspot-webhook-secret
        if [ ! -s "$file" ]; then
            (umask 077; openssl rand -hex 32 > "$file")
        fi
        HUBSPOT_WEBHOOK_SECRET=$(cat "$file")
        export HUBSPOT_WEBHOOK_SECRET
    fi
    export HUBSPOT_WEBHOOK_URL=${HUBSPOT_WEBHOOK_URL:-https://localhost:$HTTPS_PORT/api/webhooks/hubspot}
}

start_hubspot_emulator_if_needed() {
    [ -n "${HUBSPOT_EMULATOR_PORT:-}" ] || return 0
    export HUBSPOT_EMULATOR_WEBHOOK_SECRET=${HUBSPOT_WEBHOOK_SECRET:-}
    start_emulator hubspot-emulator "$HUBSPOT_BASE_URL" --listen "127.0.0.1:$HUBSPOT_EMULATOR_PORT" \
        --webhook-url "$HUBSPOT_WEBHOOK_URL" --ca-file "$TLS_DIR/ca.crt"
}
