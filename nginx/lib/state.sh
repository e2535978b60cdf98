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
# As root, the responders and the sync run as this unprivileged account, and only its group —
# which nginx's worker user joins — may connect to their sockets (not every www-data process).
SERVICE_USER=${SERVICE_USER:-hubspot-fcgi}

prepare_state() {
    choose_runtime_dir
    RUN_DIR=$RUNTIME_DIR/sockets
    AUTH_DIR=$RUNTIME_DIR/auth
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
    ensure_tls
    ensure_credentials
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

ensure_service_account() {
    getent group "$SERVICE_USER" >/dev/null || groupadd --system "$SERVICE_USER" \
        || fail "could not create the group $SERVICE_USER"
    getent passwd "$SERVICE_USER" >/dev/null \
        || useradd --system --gid "$SERVICE_USER" --home-dir /nonexistent --no-create-home \
                   --shell /usr/sbin/nologin "$SERVICE_USER" \
        || fail "could not create the user $SERVICE_USER"
    id -nG "$NGINX_WORKER_USER" | tr ' ' '\n' | grep -qx "$SERVICE_USER" \
        || usermod -a -G "$SERVICE_USER" "$NGINX_WORKER_USER" \
        || fail "could not add $NGINX_WORKER_USER to the group $SERVICE_USER"
}

# The prefix that runs a command as the service account when root (nothing otherwise). An
# array, not a function: `"${AS_SERVICE[@]}" binary &` keeps $! the binary's own pid (setpriv
# execs it), so stopping the stack signals the responder itself.
AS_SERVICE=()
if is_root; then AS_SERVICE=(setpriv --reuid="$SERVICE_USER" --regid="$SERVICE_USER" --init-groups --no-new-privs --); fi

as_service() { "${AS_SERVICE[@]}" "$@"; }

# The service account must reach the binaries and its data even in a checkout under /root
# (0700): each directory on the way that it cannot enter gets an ACL entry that lets it pass
# through (search only: it still cannot list or read anything else there).
grant_service_passage() {
    local target directory="" part parts
    target=$(readlink -f "$1") || fail "cannot resolve $1"
    IFS=/ read -r -a parts <<<"${target#/}"
    for part in "${parts[@]}"; do
        directory="$directory/$part"
        [ -d "$directory" ] || break
        as_service test -x "$directory" && continue
        setfacl -m "u:$SERVICE_USER:x" "$directory" \
            || fail "$SERVICE_USER cannot enter $directory and no ACL could be set; choose a STATE_DIR/BIN_DIR it can reach"
    done
}

# give_to_service DIR — the service account's own writable directory (created if missing).
# A directory strictly inside STATE_DIR is ours to hand over (STATE_DIR itself never: it holds the
# credentials and the TLS key); one the user named elsewhere must already be writable by the
# account.
give_to_service() {
    local directory=$1 resolved state
    mkdir -p "$directory"
    is_root || return 0
    grant_service_passage "$directory"
    resolved=$(readlink -f "$directory")
    state=$(readlink -f "$STATE_DIR")
    if [ "$resolved" = "$state" ]; then
        fail "$directory is STATE_DIR itself; give MESSAGES_DB and CONTACTS_CACHE_FILE a directory of their own"
    fi
    case "$resolved/" in
        "$state"/?*)
            # chown -R does not follow symbolic links; the tree is ours, filled by earlier runs.
            chown -R "$SERVICE_USER:$SERVICE_USER" "$resolved"
            chmod 750 "$resolved" ;;
        *)
            as_service test -w "$resolved" \
                || fail "$directory must be writable by the user $SERVICE_USER (the responders run as it)" ;;
    esac
}

# Everything the responders open at run time: binaries, the cache file's and the store's
# directories, the audit log. The log directory itself stays root's (nginx, as root, opens its
# logs there): the account gets the audit log file only.
prepare_service_access() {
    is_root || return 0
    grant_service_passage "$BIN_DIR"
    give_to_service "$(dirname "$CONTACTS_CACHE_FILE")"
    give_to_service "$(dirname "$MESSAGES_DB")"
    local audit_dir owner_and_mode
    audit_dir=$(dirname "$AUDIT_LOG")
    mkdir -p "$audit_dir"
    grant_service_passage "$audit_dir"
    # Root changes the owner of this one file: only safe where nobody else can swap it for a link.
    owner_and_mode=$(stat -L -c '%u %a' "$audit_dir")
    if [ "${owner_and_mode%% *}" != 0 ] || (( 8#${owner_and_mode#* } & 8#022 )); then
        fail "AUDIT_LOG must be in a directory only root can write (such as $LOG_DIR), not $audit_dir"
    fi
    [ -L "$AUDIT_LOG" ] && fail "AUDIT_LOG $AUDIT_LOG is a symbolic link; refusing to hand it over"
    touch "$AUDIT_LOG"
    chown -h "$SERVICE_USER:$SERVICE_USER" "$AUDIT_LOG"
    chmod 640 "$AUDIT_LOG"
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
