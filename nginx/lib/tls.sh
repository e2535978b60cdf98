# The stack's TLS material: a private CA and a server certificate for 127.0.0.1/localhost.

# ensure_tls DIR — ca.crt, server.crt and server.key in DIR, made once. Clients trust DIR/ca.crt
# (curl --cacert).
ensure_tls() {
    local directory=$1
    [ -s "$directory/server.crt" ] && [ -s "$directory/server.key" ] && [ -s "$directory/ca.crt" ] && return
    log_step "generating a local CA and server certificate in $directory"
    (
        cd "$directory"
        umask 077
        openssl req -x509 -new -newkey rsa:2048 -nodes -sha256 -days 3650 \
            -subj "/CN=hubspot-fcgi local CA" -keyout ca.key -out ca.crt \
            -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
            2>/dev/null
        openssl req -new -newkey rsa:2048 -nodes -sha256 -subj "/CN=localhost" \
            -keyout server.key -out server.csr 2>/dev/null
        printf '%s\n' "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1" \
            "basicConstraints=CA:FALSE" "keyUsage=digitalSignature,keyEncipherment" \
            "extendedKeyUsage=serverAuth" > server.ext
        openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -sha256 -days 825 \
            -extfile server.ext -out server.crt 2>/dev/null
        rm -f server.csr server.ext
        chmod 644 ca.crt server.crt
    ) || fail "openssl could not create the certificates"
}
