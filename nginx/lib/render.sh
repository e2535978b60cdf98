# Renders the nginx templates under nginx/conf/ by replacing @NAME@ placeholders.

# Paths of a production install (README § Production install).
use_production_paths() {
    RUN_DIR=/run/hubspot-fcgi
    AUTH_DIR=/etc/hubspot-fcgi
    CONF_DIR=/etc/nginx/hubspot-fcgi
}

# render_template SOURCE DESTINATION — every @NAME@ becomes the value of shell variable NAME.
render_template() {
    local text name value
    text=$(<"$1")
    for name in RUN_DIR AUTH_DIR CONF_DIR LOG_DIR TLS_DIR RUNTIME_DIR HTTPS_PORT HTTP_PORT \
                LISTEN_ADDRESS PUBLIC_RATE NGINX_USER_LINE UPSTREAM_KEEPALIVE; do
        value=${!name-}
        text=${text//"@$name@"/"$value"}
    done
    if [[ "$text" =~ @[A-Z_]+@ ]]; then fail "unrendered placeholder ${BASH_REMATCH[0]} in $1"; fi
    printf '%s\n' "$text" > "$2"
}

# The snippets an existing nginx includes: the http-level file and the server-level locations.
render_snippets() {
    local destination=$1
    render_template "$NGINX_DIR/conf/hubspot-fcgi-http.conf.in" "$destination/hubspot-fcgi-http.conf"
    render_template "$NGINX_DIR/conf/hubspot-fcgi-locations.conf.in" "$destination/hubspot-fcgi-locations.conf"
    cp "$NGINX_DIR/conf/hubspot-fcgi-fastcgi.conf" "$NGINX_DIR/conf/hubspot-fcgi-common.conf" \
       "$NGINX_DIR/conf/hubspot-fcgi-error.conf" "$destination/"
}

render_stack_config() {
    NGINX_USER_LINE=""
    if is_root; then NGINX_USER_LINE="user $NGINX_WORKER_USER $NGINX_WORKER_USER;"; fi
    render_snippets "$CONF_DIR"
    render_template "$NGINX_DIR/conf/stack.conf.in" "$CONF_DIR/nginx.conf"
    nginx -t -q -p "$RUNTIME_DIR" -c "$CONF_DIR/nginx.conf" 2>&1 | grep -v 'the "user" directive' >&2 || true
    nginx -t -q -p "$RUNTIME_DIR" -c "$CONF_DIR/nginx.conf" >/dev/null 2>&1 \
        || fail "the rendered nginx configuration is invalid ($CONF_DIR/nginx.conf)"
}
