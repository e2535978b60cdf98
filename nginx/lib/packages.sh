# Debian packages the stack needs, installed when missing (root only; otherwise one clear error).

# libhiredis-dev and libpq-dev: the responders link hiredis for REDIS_URL and libpq for
# MESSAGES_DATABASE_URL (a cluster's Redis and PostgreSQL); a single host connects to neither.
RUNTIME_PACKAGES=(nginx libfcgi-dev libfcgi0ldbl libphonenumber-dev libcurl4-openssl-dev libssl-dev libsqlite3-dev libhiredis-dev libpq-dev openssl curl ca-certificates iproute2 acl)
# redis-server and postgresql: the tests start their own Redis and PostgreSQL (data in a temporary
# directory, a Unix socket or a loopback port) for the cluster; they never use the services the
# packages may start.
TEST_PACKAGES=(libfcgi-bin spawn-fcgi python3 python3-venv python3-pip chromium chromium-driver redis-server postgresql)
BENCH_PACKAGES=(wrk nodejs gcc python3 python3-venv python3-pip)
# Building the Debian package (dpkg-deb, dpkg-shlibdeps, strip, lintian) and, in the tests,
# installing it (adduser, deb-systemd-helper, setpriv).
PACKAGE_PACKAGES=(dpkg-dev binutils lintian adduser init-system-helpers util-linux)

missing_packages() {
    local package
    for package in "$@"; do
        if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q '^install ok installed$'; then
            echo "$package"
        fi
    done
}

# ensure_packages runtime|test|bench|package|cluster
ensure_packages() {
    if [ "${STACK_SKIP_INSTALL:-0}" = 1 ]; then return; fi
    local wanted=("${RUNTIME_PACKAGES[@]}")
    case "$1" in
        test) wanted+=("${TEST_PACKAGES[@]}" "${PACKAGE_PACKAGES[@]}") ;;
        package) wanted+=("${PACKAGE_PACKAGES[@]}") ;;
        cluster) wanted+=("${CLUSTER_PACKAGES[@]}") ;;
        bench) wanted+=("${BENCH_PACKAGES[@]}") ;;
    esac
    local missing
    missing=$(missing_packages "${wanted[@]}" | tr '\n' ' ')
    # Node may come from outside Debian (as on the build machines): accept any `node`.
    if command -v node >/dev/null 2>&1; then missing=${missing//nodejs /}; fi
    [ -z "${missing// /}" ] && return
    is_root || fail "missing Debian packages: $missing— run as root, or: sudo apt-get install -y $missing"
    log_step "installing Debian packages: $missing"
    export DEBIAN_FRONTEND=noninteractive
    # A private log file, not a fixed /tmp path another user could have planted.
    local apt_log
    apt_log=$(mktemp -t hubspot-fcgi-apt.XXXXXX) || fail "mktemp failed"
    # shellcheck disable=SC2086
    if ! apt-get install -y -q $missing >"$apt_log" 2>&1; then
        apt-get update -q >>"$apt_log" 2>&1 || true
        # shellcheck disable=SC2086
        apt-get install -y -q $missing >>"$apt_log" 2>&1 \
            || fail "could not install: $missing(see $apt_log)"
    fi
    rm -f "$apt_log"
}

# The Python environment for the end-to-end tests (PyPI packages pinned in requirements.txt).
TEST_VENV=${TEST_VENV:-$REPO_DIR/.build/e2e-venv}
ensure_test_python() {
    local requirements="$REPO_DIR/Tests/EndToEnd/requirements.txt"
    local stamp="$TEST_VENV/.requirements"
    if [ -f "$stamp" ] && cmp -s "$requirements" "$stamp"; then return; fi
    log_step "preparing the test Python environment"
    python3 -m venv "$TEST_VENV" || fail "python3 -m venv failed (install python3-venv)"
    "$TEST_VENV/bin/python" -m pip install -q --disable-pip-version-check -r "$requirements" \
        || fail "pip could not install $requirements"
    cp "$requirements" "$stamp"
}
