# The state directory: TLS material, credentials, logs; and the runtime directory (sockets, pid,
# nginx temp files) that nginx's unprivileged workers must be able to reach.

LOG_DIR=${LOG_DIR:-$STATE_DIR/logs}
TLS_DIR=$STATE_DIR/tls
AUTH_STATE_DIR=$STATE_DIR/auth
CONF_DIR=${CONF_DIR:-$STATE_DIR/nginx}

# nginx's workers run as www-data when the stack runs as root. A checkout under /root (mode 0700)
# is not reachable for them, so sockets and the files workers read at request time live under
# /run when root; a non-root stack runs nginx workers as the same user and keeps them in state.
choose_runtime_dir() {
    if [ -n "${RUNTIME_DIR:-}" ]; then return; fi
    if is_root; then
        local id
        id=$(printf '%s' "$STATE_DIR" | sha256sum | cut -c1-12)
        RUNTIME_DIR=/run/hubspot-fcgi-stack/$id
    else
        RUNTIME_DIR=$STATE_DIR/run
    fi
}

NGINX_WORKER_USER=www-data

prepare_state() {
    choose_runtime_dir
    RUN_DIR=$RUNTIME_DIR/sockets
    AUTH_DIR=$RUNTIME_DIR/auth
    mkdir -p "$STATE_DIR" "$LOG_DIR" "$TLS_DIR" "$AUTH_STATE_DIR" "$CONF_DIR"
    chmod 700 "$TLS_DIR" "$AUTH_STATE_DIR"
    mkdir -p "$RUNTIME_DIR"/tmp "$RUN_DIR" "$AUTH_DIR"
    if is_root; then
        chmod 755 /run/hubspot-fcgi-stack "$RUNTIME_DIR"
        chown "root:$NGINX_WORKER_USER" "$RUN_DIR" "$AUTH_DIR"
        chmod 750 "$RUN_DIR" "$AUTH_DIR"
        chown -R "$NGINX_WORKER_USER" "$RUNTIME_DIR/tmp"
    fi
    ensure_tls
    ensure_credentials
}

# A private CA and a server certificate for 127.0.0.1/localhost, made once. Clients trust
# $STATE_DIR/tls/ca.crt (curl --cacert).
ensure_tls() {
    [ -s "$TLS_DIR/server.crt" ] && [ -s "$TLS_DIR/server.key" ] && [ -s "$TLS_DIR/ca.crt" ] && return
    log_step "generating a local CA and server certificate in $TLS_DIR"
    (
        cd "$TLS_DIR"
        umask 077
        openssl req -x509 -new -newkey rsa:2048 -nodes -sha256 -days 3650 \
            -subj "/CN=hubspot-fcgi local CA" -keyout ca.key -out ca.crt \
            -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
            2>/dev/null
        openssl req -new -newkey rsa:2048 -nodes -sha256 -subj "/CN=localhost" \
            -keyout server.key -out server.csr 2>/dev/null
        printf '%s\n' "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1" \
            "basicConstraints=CA:FALSE" "keyUsage=digitalSignature,keyEncipherment" \
            "extendedKeyUsage=serverAuth" > server.ext
        openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -sha256 -days 825 \
            -extfile server.ext -out server.crt 2>/dev/null
        rm -f server.csr server.ext
        chmod 644 ca.crt server.crt
    ) || fail "openssl could not create the certificates"
}

random_password() { openssl rand -base64 18 | tr -d '/+=' | cut -c1-20; }

# One htpasswd file per realm. Given ADMIN_USER/ADMIN_PASSWORD (OPERATOR_…) they are used as
# they are; otherwise credentials are generated once, printed once, and kept (mode 0600) in
# $STATE_DIR/auth/credentials.
ensure_credentials() {
    local file=$AUTH_STATE_DIR/credentials generated=0
    # shellcheck disable=SC1090
    [ -f "$file" ] && source "$file"
    if [ -z "${ADMIN_USER:-}" ] || [ -z "${ADMIN_PASSWORD:-}" ]; then
        ADMIN_USER=${STORED_ADMIN_USER:-admin}
        ADMIN_PASSWORD=${STORED_ADMIN_PASSWORD:-$(random_password)}
        [ -n "${STORED_ADMIN_PASSWORD:-}" ] || generated=1
    fi
    if [ -z "${OPERATOR_USER:-}" ] || [ -z "${OPERATOR_PASSWORD:-}" ]; then
        OPERATOR_USER=${STORED_OPERATOR_USER:-operator}
        OPERATOR_PASSWORD=${STORED_OPERATOR_PASSWORD:-$(random_password)}
        [ -n "${STORED_OPERATOR_PASSWORD:-}" ] || generated=1
    fi
    validate_user_name "$ADMIN_USER" ADMIN_USER
    validate_user_name "$OPERATOR_USER" OPERATOR_USER
    validate_password "$ADMIN_PASSWORD" ADMIN_PASSWORD
    validate_password "$OPERATOR_PASSWORD" OPERATOR_PASSWORD
    if [ "$generated" = 1 ]; then
        (umask 077; printf 'STORED_ADMIN_USER=%q\nSTORED_ADMIN_PASSWORD=%q\nSTORED_OPERATOR_USER=%q\nSTORED_OPERATOR_PASSWORD=%q\n' \
            "$ADMIN_USER" "$ADMIN_PASSWORD" "$OPERATOR_USER" "$OPERATOR_PASSWORD" > "$file")
        CREDENTIALS_NEW=1
    fi
    write_htpasswd "$AUTH_DIR/admin.htpasswd" "$ADMIN_USER" "$ADMIN_PASSWORD"
    write_htpasswd "$AUTH_DIR/operator.htpasswd" "$OPERATOR_USER" "$OPERATOR_PASSWORD"
}

validate_user_name() {
    [[ "$1" =~ ^[A-Za-z0-9._@-]{1,64}$ ]] || fail "$2 must be 1-64 letters, digits or . _ @ -"
}

# The htpasswd files hold salted SHA-1 ({SSHA}), not apr1: nginx checks the password on every
# request, and apr1's 1,000 MD5 rounds cost ~190 us of nginx CPU each time (5,200 req/s per nginx
# worker at most, measured here) while {SSHA} costs ~2 us. A slow hash only protects guessable
# passwords if the file leaks; these are long and random (or at least 16 characters, enforced).
validate_password() {
    [ "${#1}" -ge 16 ] || fail "$2 must be at least 16 characters (it is checked with a fast salted hash; see README, Configuration)"
}

ssha_hash() {
    local salt
    salt=$(mktemp) || fail "mktemp failed"
    openssl rand 8 > "$salt" || fail "openssl rand failed"
    printf '{SSHA}%s' "$({ printf '%s' "$1"; cat "$salt"; } | openssl dgst -sha1 -binary | cat - "$salt" | openssl base64 -A)"
    rm -f "$salt"
}

write_htpasswd() {
    local hash
    hash=$(ssha_hash "$3") || fail "could not hash the password for $2"
    (umask 027; printf '%s:%s\n' "$2" "$hash" > "$1")
    if is_root; then chown "root:$NGINX_WORKER_USER" "$1"; fi
    chmod 640 "$1"
}
