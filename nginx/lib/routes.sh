# The responder list (nginx/responders) and the nginx blocks rendered from it. The blocks keep
# @NAME@ placeholders (RUN_DIR, CONF_DIR, …) for render_template to fill like the rest of a
# template.

RESPONDER_LIST=$NGINX_DIR/responders

# responder_rows — the list's rows: "NAME IDLE ACCESS BODY LOCATION…", comments and blank lines
# left out, each row checked.
responder_rows() {
    local line name idle access body rest location locations=()
    while IFS= read -r line; do
        [[ "$line" =~ ^[[:space:]]*(#|$) ]] && continue
        read -r name idle access body rest <<<"$line"
        read -r -a locations <<<"$line"
        locations=("${locations[@]:4}")
        [[ "$name" =~ ^[a-z][a-z0-9-]*$ ]] || fail "$RESPONDER_LIST: '$name' is not a responder name"
        [[ "$idle" =~ ^(busy|[1-9][0-9]*)$ ]] || fail "$RESPONDER_LIST: $name: idle must be busy or a number, not '$idle'"
        [[ "$access" =~ ^(public|public-limited|operator|admin)$ ]] \
            || fail "$RESPONDER_LIST: $name: access must be public, public-limited, operator or admin, not '$access'"
        [[ "$body" =~ ^(-|[1-9][0-9]*k)$ ]] || fail "$RESPONDER_LIST: $name: body must be - or a size such as 8k, not '$body'"
        [ "${#locations[@]}" -gt 0 ] || fail "$RESPONDER_LIST: $name has no location"
        for location in "${locations[@]}"; do
            [[ "$location" =~ ^/[A-Za-z0-9/._-]*$ ]] || fail "$RESPONDER_LIST: $name: '$location' is not a URI path"
        done
        printf '%s %s %s %s %s\n' "$name" "$idle" "$access" "$body" "${locations[*]}"
    done <"$RESPONDER_LIST"
}

# responder_names — the responders, one a line, in the list's order.
responder_names() {
    local rows name rest
    rows=$(responder_rows) || exit
    while read -r name rest; do printf '%s\n' "$name"; done <<<"$rows"
}

upstream_name() { printf 'hubspot_fcgi_%s' "${1//-/_}"; }

# responder_upstreams — one upstream block per responder.
responder_upstreams() {
    local rows name idle rest
    rows=$(responder_rows) || exit
    while read -r name idle rest; do
        printf 'upstream %s {\n' "$(upstream_name "$name")"
        printf '    server unix:@RUN_DIR@/%s.sock;\n' "$name"
        if [ "$idle" = busy ]; then
            printf '    keepalive @UPSTREAM_KEEPALIVE@;\n    keepalive_timeout 30s;\n    keepalive_requests 100000;\n'
        else
            printf '    keepalive %s;\n    keepalive_timeout 30s;\n' "$idle"
        fi
        printf '}\n\n'
    done <<<"$rows"
}

# responder_locations — one location block per URI of every responder.
responder_locations() {
    local rows fields name access body location
    rows=$(responder_rows) || exit
    while read -r -a fields; do
        name=${fields[0]} access=${fields[2]} body=${fields[3]}
        for location in "${fields[@]:4}"; do
            if [[ "$location" == */ ]]; then
                printf 'location ^~ %s {\n' "$location"
            else
                printf 'location = %s {\n' "$location"
            fi
            # Before common.conf: a realm's own 401 page (with its challenge) must be the first
            # error_page for 401 in the location, and nginx takes the first that matches.
            access_directives "$access"
            printf '    include @CONF_DIR@/hubspot-fcgi-common.conf;\n'
            printf '    include @CONF_DIR@/hubspot-fcgi-fastcgi.conf;\n'
            body_directives "$body"
            printf '    fastcgi_pass %s;\n}\n\n' "$(upstream_name "$name")"
        done
    done <<<"$rows"
}

# access_directives ACCESS — who may call a location, and the user the responder is told of
# (blank where nginx checked nothing: $remote_user comes from any Basic header, checked or not).
access_directives() {
    case "$1" in
        public|public-limited)
            printf '    fastcgi_param REMOTE_USER "";\n' ;;
        operator|admin)
            # A glob, so that a missing file (an upgrade before setup-credentials has run) leaves
            # nginx running and the realm refusing everyone, rather than stopping nginx.
            printf '    include @AUTH_DIR@/%s.credential.con[f];\n' "$1"
            printf '    error_page 401 /.hubspot-fcgi-errors/401-%s;\n' "$1"
            printf '    if ($secure_link != "1") { return 401; }\n'
            printf '    fastcgi_param REMOTE_USER $remote_user;\n' ;;
    esac
    if [ "$1" = public-limited ]; then
        printf '    limit_req zone=hubspot_fcgi_public burst=@PUBLIC_BURST@ nodelay;\n'
        printf '    limit_req_status 429;\n'
    fi
}

# body_directives BODY — the body limit. A body up to nginx's default buffer (16k on 64-bit) is
# held in memory anyway; a larger limit gets a buffer of its own size, so no accepted body is
# written to a temporary file before the responder reads it.
body_directives() {
    [ "$1" = - ] && return 0
    printf '    client_max_body_size %s;\n' "$1"
    if [ "${1%k}" -gt 16 ]; then printf '    client_body_buffer_size %s;\n' "$1"; fi
}
