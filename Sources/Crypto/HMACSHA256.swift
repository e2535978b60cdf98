import CCrypto

/// HMAC-SHA256 (RFC 2104) through libcrypto, and the constant-time comparison that goes with it.
///
/// ```swift
/// let mac = HMACSHA256.authenticationCode(key: key, message: payload)   // 32 bytes, or nil
/// HMACSHA256.constantTimeEquals(mac, candidate)
/// ```
public enum HMACSHA256 {
    /// The length of every HMAC-SHA256 code.
    public static let byteCount = 32

    /// `HMAC(EVP_sha256(), key, …)`: the one-shot libcrypto call. `nil` only if libcrypto itself
    /// fails (e.g. a provider configuration without SHA-256), never because of the inputs.
    public static func authenticationCode(key: [UInt8], message: [UInt8]) -> [UInt8]? {
        var code = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        // OpenSSL 3 reads a NULL key as "keep the previous key" and fails on a fresh context, and
        // an empty Swift array may have no base address: lend it one byte and say its length is 0.
        let keyBytes = key.isEmpty ? [0] : key
        let messageBytes = message.isEmpty ? [0] : message
        let result = keyBytes.withUnsafeBytes { keyBuffer in
            messageBytes.withUnsafeBufferPointer { messageBuffer in
                code.withUnsafeMutableBufferPointer { codeBuffer in
                    HMAC(EVP_sha256(), keyBuffer.baseAddress, Int32(key.count), messageBuffer.baseAddress,
                         message.count, codeBuffer.baseAddress, &length)
                }
            }
        }
        guard result != nil, Int(length) == byteCount else { return nil }
        return Array(code.prefix(byteCount))
    }

    /// `CRYPTO_memcmp` over equal lengths: the time taken does not depend on where the bytes
    /// differ. Different lengths are unequal without looking at the contents at all (the lengths
    /// of MACs are public).
    public static func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        guard !a.isEmpty else { return true }
        return a.withUnsafeBytes { x in
            b.withUnsafeBytes { y in CRYPTO_memcmp(x.baseAddress, y.baseAddress, x.count) == 0 }
        }
    }
}
