import Base

/// The HubSpot app's client secret, the key of every webhook signature (a private app shows it
/// on its Auth tab). It is not the access token.
///
/// ```swift
/// let secret = HubSpotWebhookSecret(environment["HUBSPOT_WEBHOOK_SECRET"] ?? "")
/// guard !secret.isEmpty else { /* the endpoint answers 503 */ }
/// ```
///
/// It prints as `[redacted]` in logs, errors, interpolation and `dump()`; only the signature
/// functions of this module read the key.
public struct HubSpotWebhookSecret: Sendable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    private let value: Secret

    /// Surrounding whitespace (a trailing newline from a secrets file) is dropped: HubSpot's
    /// client secrets never contain any, and a stray newline would make every signature mismatch.
    public init(_ value: String) {
        var text = Substring(value)
        while let first = text.first, first.isWhitespace { text.removeFirst() }
        while let last = text.last, last.isWhitespace { text.removeLast() }
        self.value = Secret(String(text))
    }

    /// Nothing configured: the responder refuses deliveries (503) rather than accept unsigned ones.
    public var isEmpty: Bool { value.reveal().isEmpty }

    /// The key bytes, for the signature functions only.
    var key: [UInt8] { Array(value.reveal().utf8) }

    public var description: String { "[redacted]" }
    public var debugDescription: String { "[redacted]" }
    /// Even `dump()` and reflection see nothing inside.
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}
