// libcrypto (Debian libssl-dev): OpenPhone webhook signatures need only HMAC-SHA256
// (the one-shot HMAC() with EVP_sha256()) and CRYPTO_memcmp for constant-time comparison.
// Both are plain functions in OpenSSL 3, so no C wrapper target is needed.
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
