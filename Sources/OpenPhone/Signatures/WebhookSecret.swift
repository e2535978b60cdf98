import Crypto

/// The HMAC key that signs OpenPhone webhooks, parsed from `OPENPHONE_WEBHOOK_SECRET`.
///
/// ```swift
/// let secret = try WebhookSecret(configured: environment["OPENPHONE_WEBHOOK_SECRET"] ?? "")
/// let verifier = WebhookVerifier(secret: secret)
/// ```
///
/// One configured value serves both signing schemes. OpenPhone shows a legacy webhook's secret
/// as plain base64 and a new (Standard Webhooks) webhook's secret as `whsec_<base64>`; in both
/// the HMAC key is the base64-decoded bytes. So the `whsec_` prefix is stripped when present,
/// the rest is decoded, and the same key bytes verify whichever scheme a delivery uses.
///
/// It prints as `[redacted]` in logs, errors, interpolation and `dump()`; only the signer and
/// the verifier of this module read ``key``.
public struct WebhookSecret: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// How the secret was written in the configuration (for a startup log line; the key is the
    /// same kind of bytes either way).
    public enum Format: String, Sendable, Equatable {
        /// `whsec_<base64>`, as new webhooks (API 2026-03-30) show it.
        case standard
        /// Plain base64, as legacy webhooks show it.
        case legacy
    }

    /// The prefix Standard Webhooks puts in front of the base64 key.
    public static let standardPrefix = "whsec_"
    /// The shortest key accepted, in decoded bytes: 128 bits, the least an HMAC key should carry.
    /// Standard Webhooks secrets are 24 to 64 random bytes; OpenPhone does not publish the length
    /// of its legacy keys, so the floor is the security bound rather than a guess of theirs.
    /// Anything shorter is a placeholder or a truncated copy.
    public static let minimumKeyBytes = 16

    public let format: Format
    /// The decoded key bytes, for HMAC only.
    let key: [UInt8]

    /// Parses a configured secret. Surrounding whitespace (a trailing newline from a secrets
    /// file) is ignored; anything else that is not `whsec_`-prefixed or plain base64 is an error,
    /// and so is a key shorter than ``minimumKeyBytes``.
    public init(configured text: String) throws(WebhookSecretError) {
        var value = Substring(text)
        while let first = value.first, first.isWhitespace { value.removeFirst() }
        while let last = value.last, last.isWhitespace { value.removeLast() }
        var format = Format.legacy
        if value.hasPrefix(Self.standardPrefix) {
            value = value.dropFirst(Self.standardPrefix.count)
            format = .standard
        }
        guard !value.isEmpty else { throw .empty }
        guard let key = Base64.decode(value) else { throw .notBase64 }
        guard !key.isEmpty else { throw .empty }
        guard key.count >= Self.minimumKeyBytes else { throw .tooShort }
        self.format = format
        self.key = key
    }

    /// A secret from raw key bytes (tests and the demo, which mint their own keys), at least
    /// ``minimumKeyBytes`` long.
    public init(key: [UInt8]) throws(WebhookSecretError) {
        guard !key.isEmpty else { throw .empty }
        guard key.count >= Self.minimumKeyBytes else { throw .tooShort }
        self.format = .standard
        self.key = key
    }

    /// The configuration text for this key, e.g. for a demo that creates a secret and prints the
    /// line to put in the environment. Named loudly so that no one calls it by accident.
    public func revealConfiguredText() -> String {
        (format == .standard ? Self.standardPrefix : "") + Base64.encode(key)
    }

    public var description: String { "[redacted]" }
    public var debugDescription: String { "[redacted]" }
    /// Even `dump()` and reflection see nothing inside.
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}
