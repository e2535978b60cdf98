# The Debian package (`nginx/stack package`): the responders and tools linked with the Swift
# standard library statically, the systemd units, the nginx snippets and the maintainer scripts
# (nginx/debian/), built with dpkg-deb and checked with lintian.

PACKAGE_NAME=hubspot-fcgi
PACKAGE_SOURCE_DIR=$NGINX_DIR/debian
# A SwiftPM build of its own: the static standard library, no $ORIGIN run path, and every
# relocation resolved at start (full RELRO, as Debian builds its packages).
PACKAGE_BUILD_DIR=${PACKAGE_BUILD_DIR:-$REPO_DIR/.build-package}
PACKAGE_LIB_DIR=/usr/lib/hubspot-fcgi
# Programs besides the responders of nginx/responders: the tools an admin runs (on PATH, through
# nginx/debian/tool.in) and the outbox loop, which only its unit starts.
PACKAGE_TOOLS_ON_PATH=(contacts-sync hubspot-check messages-dead-letters)
PACKAGE_DAEMONS=(messages-outbox)
# Everything under /etc that dpkg keeps as an admin's file.
PACKAGE_CONFFILES=(/etc/hubspot-fcgi/env /etc/logrotate.d/hubspot-fcgi /etc/nginx/conf.d/hubspot-fcgi.conf
                   /etc/nginx/hubspot-fcgi/hubspot-fcgi-http.conf /etc/nginx/hubspot-fcgi/hubspot-fcgi-locations.conf
                   /etc/nginx/hubspot-fcgi/hubspot-fcgi-fastcgi.conf /etc/nginx/hubspot-fcgi/hubspot-fcgi-common.conf
                   /etc/nginx/hubspot-fcgi/hubspot-fcgi-error.conf)

# package_version — PACKAGE_VERSION when set, else the newest entry of nginx/debian/changelog.
package_version() {
    if [ -n "${PACKAGE_VERSION:-}" ]; then
        [[ "$PACKAGE_VERSION" =~ ^[0-9][A-Za-z0-9.+~]*$ ]] \
            || fail "PACKAGE_VERSION must be a Debian native version such as 1.0.1, not '$PACKAGE_VERSION'"
        printf '%s' "$PACKAGE_VERSION"
        return
    fi
    sed -n '1s/^hubspot-fcgi (\([^)]*\)).*/\1/p' "$PACKAGE_SOURCE_DIR/changelog"
}

# package_programs — every executable the package ships, one a line.
package_programs() {
    responder_names || exit
    printf '%s\n' "${PACKAGE_TOOLS_ON_PATH[@]}" "${PACKAGE_DAEMONS[@]}"
}

build_package_binaries() {
    if [ "${STACK_SKIP_BUILD:-0}" = 1 ]; then return; fi
    ensure_swift
    log_step "building release binaries for the package (static Swift standard library)"
    (cd "$REPO_DIR" && swift build -c release --static-swift-stdlib --disable-local-rpath \
        -Xlinker -z -Xlinker relro -Xlinker -z -Xlinker now --scratch-path "$PACKAGE_BUILD_DIR") \
        || fail "the build failed"
}

# stage_package_files ROOT — the installed tree, as dpkg will lay it out, under ROOT.
stage_package_files() {
    local root=$1 binaries=$PACKAGE_BUILD_DIR/release program
    install -d -m 755 "$root$PACKAGE_LIB_DIR" "$root/usr/bin" "$root/lib/systemd/system" \
        "$root/etc/hubspot-fcgi" "$root/etc/nginx/hubspot-fcgi" "$root/etc/nginx/conf.d" "$root/etc/logrotate.d" \
        "$root/usr/share/hubspot-fcgi/lib" "$root/usr/share/doc/$PACKAGE_NAME" "$root/usr/share/man/man1" \
        "$root/usr/share/lintian/overrides"
    while read -r program; do
        [ -x "$binaries/$program" ] || fail "$binaries/$program is missing: build first (nginx/stack package builds it)"
        install -m 755 "$binaries/$program" "$root$PACKAGE_LIB_DIR/"
        strip --strip-unneeded --remove-section=.comment --remove-section=.note "$root$PACKAGE_LIB_DIR/$program"
    done < <(package_programs)
    for program in "${PACKAGE_TOOLS_ON_PATH[@]}"; do
        substitute_placeholders "$PACKAGE_SOURCE_DIR/tool.in" "TOOL=$program" >"$root/usr/bin/$program"
        chmod 755 "$root/usr/bin/$program"
        gzip -9n <"$PACKAGE_SOURCE_DIR/man/$program.1" >"$root/usr/share/man/man1/$program.1.gz"
    done
    install -m 755 "$PACKAGE_SOURCE_DIR/setup-credentials" "$root$PACKAGE_LIB_DIR/"
    install -m 644 "$PACKAGE_SOURCE_DIR/next-steps" "$root/usr/share/hubspot-fcgi/"
    install -m 644 "$NGINX_DIR/lib/password-hash.sh" "$NGINX_DIR/lib/credentials.sh" "$root/usr/share/hubspot-fcgi/lib/"
    install -m 644 "$NGINX_DIR"/systemd/* "$root/lib/systemd/system/"
    render_production_snippets "$root/etc/nginx/hubspot-fcgi"
    chmod 644 "$root"/etc/nginx/hubspot-fcgi/*
    install -m 644 "$PACKAGE_SOURCE_DIR/nginx-conf.d.conf" "$root/etc/nginx/conf.d/hubspot-fcgi.conf"
    install -m 640 "$PACKAGE_SOURCE_DIR/env" "$root/etc/hubspot-fcgi/env"
    install -m 644 "$PACKAGE_SOURCE_DIR/logrotate" "$root/etc/logrotate.d/hubspot-fcgi"
    cp -R "$NGINX_DIR/www" "$root/usr/share/hubspot-fcgi/www"
    find "$root/usr/share/hubspot-fcgi/www" -type d -exec chmod 755 {} + -o -type f -exec chmod 644 {} +
    install -m 644 "$PACKAGE_SOURCE_DIR/copyright" "$root/usr/share/doc/$PACKAGE_NAME/copyright"
    package_changelog | gzip -9n >"$root/usr/share/doc/$PACKAGE_NAME/changelog.gz"
    install -m 644 "$PACKAGE_SOURCE_DIR/lintian-overrides" "$root/usr/share/lintian/overrides/$PACKAGE_NAME"
}

# package_changelog — nginx/debian/changelog, headed by an entry for PACKAGE_VERSION when it names
# a version the file does not (a local rebuild, such as the upgrade test's).
package_changelog() {
    local version
    version=$(package_version)
    if ! grep -q "^hubspot-fcgi ($version)" "$PACKAGE_SOURCE_DIR/changelog"; then
        printf 'hubspot-fcgi (%s) stable; urgency=medium\n\n  * Local build.\n\n -- %s  %s\n\n' \
            "$version" "$(package_maintainer)" "$(date -R)"
    fi
    cat "$PACKAGE_SOURCE_DIR/changelog"
}

package_maintainer() { sed -n 's/^Maintainer: //p' "$PACKAGE_SOURCE_DIR/control.in"; }

# package_shlib_depends ROOT — the Debian packages of the shared libraries the staged binaries
# load, with the versions their symbols need (dpkg-shlibdeps).
package_shlib_depends() {
    local root=$1 work binaries=() depends
    work=$(mktemp -d) || fail "mktemp failed"
    mkdir "$work/debian"
    printf 'Source: %s\n\nPackage: %s\nArchitecture: amd64\n' "$PACKAGE_NAME" "$PACKAGE_NAME" >"$work/debian/control"
    mapfile -t binaries < <(find "$root$PACKAGE_LIB_DIR" -maxdepth 1 -type f -perm -u+x ! -name setup-credentials)
    depends=$(cd "$work" && dpkg-shlibdeps -O "${binaries[@]/#/-e}" 2>"$work/warnings") \
        || { cat "$work/warnings" >&2; rm -rf "$work"; fail "dpkg-shlibdeps failed"; }
    rm -rf "$work"
    printf '%s' "${depends#shlibs:Depends=}"
}

# write_package_control ROOT — DEBIAN/: control, conffiles, md5sums and the maintainer scripts.
write_package_control() {
    local root=$1 responders script size
    responders=$(responder_names | tr '\n' ' ') || exit
    responders=${responders% }
    install -d -m 755 "$root/DEBIAN"
    size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
    substitute_placeholders "$PACKAGE_SOURCE_DIR/control.in" "PACKAGE_VERSION=$(package_version)" \
        "INSTALLED_SIZE=$size" "SHLIB_DEPENDS=$(package_shlib_depends "$root")" >"$root/DEBIAN/control"
    printf '%s\n' "${PACKAGE_CONFFILES[@]}" >"$root/DEBIAN/conffiles"
    for script in postinst prerm postrm; do
        substitute_placeholders "$PACKAGE_SOURCE_DIR/$script.in" "RESPONDERS=$responders" >"$root/DEBIAN/$script"
        chmod 755 "$root/DEBIAN/$script"
    done
    (cd "$root" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z | xargs -0 md5sum) \
        >"$root/DEBIAN/md5sums"
    chmod 644 "$root/DEBIAN/control" "$root/DEBIAN/conffiles" "$root/DEBIAN/md5sums"
}

# build_package OUTPUT_DIR — builds, stages and packs the .deb into OUTPUT_DIR, checks it with
# lintian (no error, no warning: each accepted finding is overridden, with its reason, in
# nginx/debian/lintian-overrides), and prints its path.
build_package() {
    local output=$1 stage deb
    build_package_binaries
    mkdir -p "$output"
    stage=$(mktemp -d) || fail "mktemp failed"
    chmod 755 "$stage"
    stage_package_files "$stage"
    write_package_control "$stage"
    deb="$(readlink -f "$output")/${PACKAGE_NAME}_$(package_version)_amd64.deb"
    log_step "packing $deb"
    dpkg-deb --root-owner-group -Zgzip -z9 --build "$stage" "$deb" >/dev/null || fail "dpkg-deb failed"
    rm -rf "$stage"
    if [ "${PACKAGE_SKIP_LINTIAN:-0}" != 1 ]; then
        log_step "lintian"
        lintian --fail-on error,warning --display-info "$deb" >&2 || fail "lintian found problems in $deb"
    fi
    printf '%s\n' "$deb"
}
