# Shared settings and helpers for nginx/stack. Every setting can be overridden from the
# environment; README.md § Configuration lists them.

STATE_DIR=${STATE_DIR:-$REPO_DIR/.stack}
HTTPS_PORT=${HTTPS_PORT:-8443}
HTTP_PORT=${HTTP_PORT:-8080}
LISTEN_ADDRESS=${LISTEN_ADDRESS:-127.0.0.1}
# Built binaries; the tests point this at the debug build.
BIN_DIR=${BIN_DIR:-$REPO_DIR/.build/release}
# Rate and burst of the public webhook per client address. OpenPhone delivers from a few addresses,
# and a broadcast's replies and delivery receipts arrive together: the default lets a burst of
# 1,000 deliveries through at once and 100 a second after that, and still stops a flood.
PUBLIC_RATE=${PUBLIC_RATE:-100r/s}
PUBLIC_BURST=${PUBLIC_BURST:-1000}
# Process layout of every responder (README § Performance explains the choice).
RESPONDER_WORKERS=${RESPONDER_WORKERS:-2}
RESPONDER_THREADS=${RESPONDER_THREADS:-32}
# Idle FastCGI connections nginx keeps per busy responder (nginx/responders); must stay well
# below workers x threads.
UPSTREAM_KEEPALIVE=${UPSTREAM_KEEPALIVE:-32}
# The user nginx's workers run as when the stack runs as root.
NGINX_WORKER_USER=www-data
# As root, the responders and the sync run as this unprivileged account, and only its group —
# which nginx's worker user joins — may connect to their sockets (not every www-data process).
SERVICE_USER=${SERVICE_USER:-hubspot-fcgi-stack}

log_step() {
    if [ -t 2 ]; then printf '\033[1m==> %s\033[0m\n' "$*" >&2; else printf '==> %s\n' "$*" >&2; fi
}
warn() { printf 'stack: %s\n' "$*" >&2; }
fail() { printf 'stack: error: %s\n' "$*" >&2; exit 1; }

is_root() { [ "$(id -u)" -eq 0 ]; }

ensure_swift() {
    if ! command -v swift >/dev/null 2>&1 && [ -x /opt/swift/usr/bin/swift ]; then
        export PATH="/opt/swift/usr/bin:$PATH"
    fi
    command -v swift >/dev/null 2>&1 \
        || fail "the Swift 6 toolchain is not installed (expected 'swift' in PATH or /opt/swift); Debian has no package for it"
}

build_release_if_needed() {
    if [ "${STACK_SKIP_BUILD:-0}" = 1 ]; then return; fi
    ensure_swift
    log_step "building release binaries"
    (cd "$REPO_DIR" && swift build -c release) || fail "the build failed"
}
