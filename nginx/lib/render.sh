# Renders the nginx templates under nginx/conf/ by replacing @NAME@ placeholders.

# Paths of a production install (README § Production install).
use_production_paths() {
    RUN_DIR=/run/hubspot-fcgi
    AUTH_DIR=/etc/hubspot-fcgi
    CONF_DIR=/etc/nginx/hubspot-fcgi
    WWW_DIR=/usr/share/hubspot-fcgi/www
}

# The inbox page's static files (nginx/www), served at /inbox/.
WWW_DIR=${WWW_DIR:-$NGINX_DIR/www}

# render_template SOURCE DESTINATION — every @NAME@ becomes the value of shell variable NAME.
render_template() {
    local text name value
    text=$(<"$1")
    for name in RUN_DIR AUTH_DIR CONF_DIR LOG_DIR TLS_DIR RUNTIME_DIR HTTPS_PORT HTTP_PORT \
                LISTEN_ADDRESS PUBLIC_RATE PUBLIC_BURST NGINX_USER_LINE UPSTREAM_KEEPALIVE WWW_DIR; do
        value=${!name-}
        text=${text//"@$name@"/"$value"}
    done
    if [[ "$text" =~ @[A-Z_]+@ ]]; then fail "unrendered placeholder ${BASH_REMATCH[0]} in $1"; fi
    printf '%s\n' "$text" > "$2"
}

# The snippets an existing nginx includes: the http-level file and the server-level locations.
render_snippets() {
    local destination=$1
    [[ "$PUBLIC_RATE" =~ ^[1-9][0-9]*r/[sm]$ ]] || fail "PUBLIC_RATE must look like 100r/s or 600r/m, not '$PUBLIC_RATE'"
    [[ "$PUBLIC_BURST" =~ ^[0-9]+$ ]] || fail "PUBLIC_BURST must be a whole number of requests, not '$PUBLIC_BURST'"
    render_template "$NGINX_DIR/conf/hubspot-fcgi-http.conf.in" "$destination/hubspot-fcgi-http.conf"
    render_template "$NGINX_DIR/conf/hubspot-fcgi-locations.conf.in" "$destination/hubspot-fcgi-locations.conf"
    cp "$NGINX_DIR/conf/hubspot-fcgi-fastcgi.conf" "$NGINX_DIR/conf/hubspot-fcgi-common.conf" \
       "$NGINX_DIR/conf/hubspot-fcgi-error.conf" "$destination/"
}

# As root, nginx's workers (www-data) may not reach a checkout under /root: they get a copy next
# to the htpasswd files (the runtime directory's auth/, root:www-data 0750, removed at stop),
# refreshed at every start.
stage_www_dir() {
    is_root || return 0
    [ "$WWW_DIR" = "$NGINX_DIR/www" ] || return 0
    local copy=$AUTH_DIR/www
    rm -rf "$copy"
    cp -R "$NGINX_DIR/www" "$copy" || fail "could not copy $NGINX_DIR/www to $copy"
    chown -R "root:$NGINX_WORKER_USER" "$copy"
    chmod -R u=rwX,g=rX,o= "$copy"
    WWW_DIR=$copy
}

render_stack_config() {
    NGINX_USER_LINE=""
    if is_root; then NGINX_USER_LINE="user $NGINX_WORKER_USER $NGINX_WORKER_USER;"; fi
    stage_www_dir
    render_snippets "$CONF_DIR"
    render_template "$NGINX_DIR/conf/stack.conf.in" "$CONF_DIR/nginx.conf"
    nginx -t -q -p "$RUNTIME_DIR" -c "$CONF_DIR/nginx.conf" 2>&1 | grep -v 'the "user" directive' >&2 || true
    nginx -t -q -p "$RUNTIME_DIR" -c "$CONF_DIR/nginx.conf" >/dev/null 2>&1 \
        || fail "the rendered nginx configuration is invalid ($CONF_DIR/nginx.conf)"
}
