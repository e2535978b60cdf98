# How nginx checks a realm's password: a digest of the one Authorization header that realm accepts,
# which nginx compares with secure_link (a core module: `secure_link_md5` over a salt and the
# header the client sent). The digest lives in a small config file that nginx's master reads, as
# root, when it starts or reloads; nginx's workers never read it, and nothing is read per request.
#
# nginx's auth_basic reads its htpasswd file on every request: ~10-15 % of a cached lookup's
# throughput (README § Performance). The digest is one salted hash of a long password, as a
# `{SSHA}` line is: a leaked file shows a salt and an MD5, and the password behind it is at least
# 16 characters (credentials.sh enforces it), 20 random ones when generated. MD5's broken
# property is collisions, which a stored digest does not rely on; how fast either is guessed
# differs by a small factor with the hardware, which only a short human-chosen password would
# feel (README, How nginx checks passwords, has the trade-offs).
#
# No settings and nothing run when sourced: nginx/bench/run sources this file on its own.

# credential_check REALM USER PASSWORD — prints the nginx directives (for a location) that let
# through exactly "Authorization: Basic base64(USER:PASSWORD)", with a fresh 16-byte salt.
credential_check() {
    local salt header digest
    salt=$(openssl rand -hex 16) || fail "openssl rand failed"
    header="Basic $(printf '%s:%s' "$2" "$3" | openssl base64 -A)" || fail "openssl base64 failed"
    digest=$(printf '%s%s' "$salt" "$header" | openssl dgst -md5 -binary | openssl base64 -A | tr '+/' '-_' | tr -d '=')
    [ "${#digest}" -eq 22 ] || fail "could not hash the password for $1"
    printf '# The credential nginx accepts for realm "hubspot-fcgi %s" (user %s): the MD5 of the salt\n' "$1" "$2"
    printf '# and the Authorization header, written by hubspot-fcgi. Re-create it with the password,\n'
    printf '# then reload nginx; never edit it by hand.\n'
    printf 'secure_link "%s";\n' "$digest"
    # shellcheck disable=SC2016  # $http_authorization is nginx's variable, not the shell's
    printf 'secure_link_md5 "%s$http_authorization";\n' "$salt"
}
