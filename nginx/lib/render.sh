# Renders the nginx templates under nginx/conf/ by replacing @NAME@ placeholders.

# Paths of a production install (README § Production install).
PRODUCTION_RUN_DIR=/run/hubspot-fcgi
PRODUCTION_AUTH_DIR=/etc/hubspot-fcgi
PRODUCTION_CONF_DIR=/etc/nginx/hubspot-fcgi
PRODUCTION_WWW_DIR=/usr/share/hubspot-fcgi/www

# The inbox page's static files (nginx/www), served at /inbox/.
WWW_DIR=${WWW_DIR:-$NGINX_DIR/www}

# The placeholders a template may use; each becomes the value of the shell variable of that name.
TEMPLATE_SETTINGS=(RUN_DIR AUTH_DIR CONF_DIR LOG_DIR TLS_DIR RUNTIME_DIR HTTPS_PORT HTTP_PORT
                   LISTEN_ADDRESS PUBLIC_RATE PUBLIC_BURST NGINX_USER_LINE UPSTREAM_KEEPALIVE WWW_DIR)

# substitute_placeholders SOURCE NAME=VALUE… — prints SOURCE with each @NAME@ replaced by VALUE;
# a placeholder left over is an error.
substitute_placeholders() {
    local source=$1 text pair
    text=$(<"$source")
    shift
    for pair in "$@"; do text=${text//"@${pair%%=*}@"/"${pair#*=}"}; done
    if [[ "$text" =~ @[A-Z_]+@ ]]; then fail "unrendered placeholder ${BASH_REMATCH[0]} in $source"; fi
    printf '%s\n' "$text"
}

# render_template SOURCE — prints SOURCE with @RESPONDER_UPSTREAMS@ and @RESPONDER_LOCATIONS@
# replaced by the blocks nginx/responders gives, and every other @NAME@ by the variable NAME.
render_template() {
    local name upstreams locations settings=()
    # `|| exit`: this function runs in $(…), where errexit is not inherited.
    upstreams=$(responder_upstreams) || exit
    locations=$(responder_locations) || exit
    for name in "${TEMPLATE_SETTINGS[@]}"; do settings+=("$name=${!name-}"); done
    substitute_placeholders "$1" "RESPONDER_UPSTREAMS=$upstreams" "RESPONDER_LOCATIONS=$locations" "${settings[@]}"
}

# render_snippets DIR — the files an existing nginx includes: the http-level file, the
# server-level locations and what they include.
render_snippets() {
    local destination=$1
    [[ "$PUBLIC_RATE" =~ ^[1-9][0-9]*r/[sm]$ ]] || fail "PUBLIC_RATE must look like 100r/s or 600r/m, not '$PUBLIC_RATE'"
    [[ "$PUBLIC_BURST" =~ ^[0-9]+$ ]] || fail "PUBLIC_BURST must be a whole number of requests, not '$PUBLIC_BURST'"
    local http locations
    http=$(render_template "$NGINX_DIR/conf/hubspot-fcgi-http.conf.in")
    locations=$(render_template "$NGINX_DIR/conf/hubspot-fcgi-locations.conf.in")
    printf '%s\n' "$http" >"$destination/hubspot-fcgi-http.conf"
    printf '%s\n' "$locations" >"$destination/hubspot-fcgi-locations.conf"
    cp "$NGINX_DIR/conf/hubspot-fcgi-fastcgi.conf" "$NGINX_DIR/conf/hubspot-fcgi-common.conf" \
       "$NGINX_DIR/conf/hubspot-fcgi-error.conf" "$destination/"
}

# render_production_snippets DIR — the snippets for the paths of a production install.
render_production_snippets() {
    local RUN_DIR=$PRODUCTION_RUN_DIR AUTH_DIR=$PRODUCTION_AUTH_DIR CONF_DIR=$PRODUCTION_CONF_DIR
    local WWW_DIR=$PRODUCTION_WWW_DIR
    render_snippets "$1"
}

# staged_www_dir — the inbox page's directory nginx's workers read. As root they run as www-data
# and may not reach a checkout under /root: the page is copied next to the credential checks (the
# runtime directory's auth/, root:www-data 0750, removed at stop) at every start, and the copy's
# path printed.
staged_www_dir() {
    if ! is_root || [ "$WWW_DIR" != "$NGINX_DIR/www" ]; then
        printf '%s' "$WWW_DIR"
        return
    fi
    local copy=$AUTH_DIR/www
    rm -rf "$copy"
    cp -R "$NGINX_DIR/www" "$copy" || fail "could not copy $NGINX_DIR/www to $copy"
    chown -R "root:$NGINX_WORKER_USER" "$copy"
    chmod -R u=rwX,g=rX,o= "$copy"
    printf '%s' "$copy"
}

# render_stack_config — the standalone stack's nginx.conf and snippets in CONF_DIR, checked by nginx.
render_stack_config() {
    local NGINX_USER_LINE="" staged config
    if is_root; then NGINX_USER_LINE="user $NGINX_WORKER_USER $NGINX_WORKER_USER;"; fi
    staged=$(staged_www_dir)
    local WWW_DIR=$staged
    render_snippets "$CONF_DIR"
    config=$(render_template "$NGINX_DIR/conf/stack.conf.in")
    printf '%s\n' "$config" >"$CONF_DIR/nginx.conf"
    nginx -t -q -p "$RUNTIME_DIR" -c "$CONF_DIR/nginx.conf" 2>&1 | grep -v 'the "user" directive' >&2 || true
    nginx -t -q -p "$RUNTIME_DIR" -c "$CONF_DIR/nginx.conf" >/dev/null 2>&1 \
        || fail "the rendered nginx configuration is invalid ($CONF_DIR/nginx.conf)"
}
