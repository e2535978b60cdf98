# The password hash of the htpasswd files nginx checks: salted SHA-1 ({SSHA}), not apr1. nginx
# checks the password on every request, and apr1's 1,000 MD5 rounds cost about a hundred times
# more nginx CPU than one salted SHA-1 (README § Production install has the figures). A slow hash
# only protects guessable passwords if the file leaks; these are long and random, or at least 16
# characters (credentials.sh enforces it).
#
# No settings and nothing run when sourced: nginx/bench/run sources this file on its own.

# ssha_hash PASSWORD — prints {SSHA}base64(sha1(PASSWORD salt) salt) with a fresh 8-byte salt.
ssha_hash() {
    local salt
    salt=$(mktemp) || fail "mktemp failed"
    openssl rand 8 > "$salt" || fail "openssl rand failed"
    printf '{SSHA}%s' "$({ printf '%s' "$1"; cat "$salt"; } | openssl dgst -sha1 -binary | cat - "$salt" | openssl base64 -A)"
    rm -f "$salt"
}
