/// Why a webhook delivery was not accepted as coming from OpenPhone (the responder answers 401).
///
/// ```swift
/// catch let error { respond(401, ["error": error.code, "message": error.message]) }
/// ```
///
/// Messages are built from fixed text and numbers only: never from the signature, the body or
/// the secret, so they are safe to return and to log.
public struct WebhookSignatureError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable {
        /// Neither `webhook-signature` nor `openphone-signature` is present (or it is empty).
        case missingSignature = "missing_signature"
        /// A signature header is present but does not have the documented shape.
        case malformedHeader = "malformed_signature_header"
        /// The signed timestamp is further than the tolerance from now, past or future (replay).
        case timestampOutOfTolerance = "timestamp_out_of_tolerance"
        /// No signature matches the body under the configured secret.
        case noMatchingSignature = "signature_mismatch"
        /// libcrypto could not compute HMAC-SHA256: a server fault, not the sender's.
        case cryptoUnavailable = "crypto_unavailable"
    }

    public let kind: Kind
    public let message: String

    /// The stable machine-readable code for the JSON answer, e.g. `"signature_mismatch"`.
    public var code: String { kind.rawValue }

    public var description: String { "\(code): \(message)" }

    init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public static let missingSignature = WebhookSignatureError(
        .missingSignature, "the request carries no webhook-signature or openphone-signature header")

    static func malformed(_ reason: String) -> WebhookSignatureError {
        WebhookSignatureError(.malformedHeader, reason)
    }

    static func outOfTolerance(offsetMilliseconds: Int64, toleranceSeconds: Int64) -> WebhookSignatureError {
        let seconds = offsetMilliseconds.magnitude / 1000
        let when = offsetMilliseconds < 0 ? "\(seconds) s in the past" : "\(seconds) s in the future"
        return WebhookSignatureError(
            .timestampOutOfTolerance, "the signed timestamp is \(when); at most \(toleranceSeconds) s is accepted")
    }

    public static let noMatchingSignature = WebhookSignatureError(
        .noMatchingSignature, "no signature matches the request body under the configured webhook secret")

    public static let cryptoUnavailable = WebhookSignatureError(
        .cryptoUnavailable, "HMAC-SHA256 is unavailable from libcrypto")
}
