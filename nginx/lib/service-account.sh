# The unprivileged account the responders and the sync run as when the stack runs as root, and
# what it may reach: the binaries, its own data directories and the audit log.

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
