@testable import OpenPhone

/// Signature vectors computed independently of this module, with Python's standard library:
///
/// ```python
/// import hmac, hashlib, base64
/// key = b"secret-key-for-openphone-tests!"
/// wrong = b"some-other-webhook-signing-key!"
/// body = b'{"id":"EV1","object":"event","type":"message.received"}'
/// def sig(k, content): return base64.b64encode(hmac.new(k, content, hashlib.sha256).digest()).decode()
/// base64.b64encode(key)                                    # secretBase64
/// sig(key, ts.encode() + b"." + body)                      # legacy, for each ts below
/// sig(wrong, b"1699999990000." + body)                     # legacyWrongKey
/// sig(key, b"msg_2p0Gk3Zx." + ts.encode() + b"." + body)   # standard, for each ts below
/// sig(wrong, b"msg_2p0Gk3Zx.1699999990." + body)           # standardWrongKey
/// ```
///
/// `now` is 1_700_000_000 (Unix seconds) in every test that uses them.
enum SignatureVectors {
    static let key = bytes("secret-key-for-openphone-tests!")
    static let secretBase64 = "c2VjcmV0LWtleS1mb3Itb3BlbnBob25lLXRlc3RzIQ=="
    static let body = bytes(#"{"id":"EV1","object":"event","type":"message.received"}"#)
    static let now: Int64 = 1_700_000_000

    /// 10 s old, in milliseconds (13 digits, as in OpenPhone's published example).
    static let legacyMilliseconds = "+ZjoLPOD7Oeu4MLNzyCUTIHZWbiuaAk7LF6Oy6T5d+U="  // ts 1699999990000
    /// 10 s old, in seconds (10 digits).
    static let legacySeconds = "3DoKl7pflQ7mF4W7vOSCXDGml/VLkFw5A70tcqOD3zc="  // ts 1699999990
    static let legacy301Old = "TXfxMbMci/OEsz/GqTQNjTbT6ZZK+QK+LR36szh19PY="  // ts 1699999699
    static let legacy301Ahead = "T/tmYz/LHe1/lna2S+e+1FZlHJzQ9YpIbpx9/tXT358="  // ts 1700000301
    static let legacy300Old = "02yvJd+PZDAUI3lJRGym+xOcmahfHRVUVmVwU2Afs5k="  // ts 1699999700
    static let legacyWrongKey = "h4bAQKkgXl7UohQOUhExZX2K53oupucaEuj0TxQszDw="  // ts 1699999990000

    static let standardID = "msg_2p0Gk3Zx"
    static let standard = "WWYZ9dGHp7NxolIzixwx7HvBtHV0fZaEUuVs37Sey8Q="  // ts 1699999990
    static let standard301Old = "SwyvdazXZcDmZS4lgg6h9x0gNR/nkk6Oopx6vAzgRR8="  // ts 1699999699
    static let standard301Ahead = "D7MwvZhNlYpEsQV6wPYFZrmmfLNZhFWG5tfp7fxFlF8="  // ts 1700000301
    static let standardWrongKey = "KwfyqwFhhpexBg1K8GLbCRkGy1OAQXtQAIq19eeJ1yI="  // ts 1699999990

    static var secret: WebhookSecret { try! WebhookSecret(configured: secretBase64) }
    static var verifier: WebhookVerifier { WebhookVerifier(secret: secret) }

    /// The body with one byte changed (`EV1` → `EV2`).
    static var forgedBody: [UInt8] {
        var forged = body
        forged[8] = UInt8(ascii: "2")
        return forged
    }
}
