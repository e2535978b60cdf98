import CCrypto

/// SHA-256 through libcrypto, for naming a webhook body by its content (the idempotency key of a
/// dead letter whose body names no event).
///
/// ```swift
/// SHA256.hexDigest(Array("abc".utf8))   // "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
/// ```
public enum SHA256 {
    /// The lowercase hex of `SHA256(bytes)` (`EVP_Digest` with `EVP_sha256()`); nil only if
    /// libcrypto itself fails, never because of the input.
    public static func hexDigest(_ bytes: [UInt8]) -> String? {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        // An empty Swift array may have no base address: lend it one byte and say its length is 0.
        let input = bytes.isEmpty ? [0] : bytes
        let result = input.withUnsafeBytes { inputBuffer in
            digest.withUnsafeMutableBufferPointer { digestBuffer in
                EVP_Digest(inputBuffer.baseAddress, bytes.count, digestBuffer.baseAddress, &length, EVP_sha256(), nil)
            }
        }
        guard result == 1, length == 32 else { return nil }
        let hex = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in digest.prefix(32) {
            text.append(hex[Int(byte >> 4)])
            text.append(hex[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
