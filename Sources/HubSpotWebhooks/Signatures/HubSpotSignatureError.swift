/// Why a delivery was not accepted as coming from HubSpot (the responder answers 401; 500 for
/// ``Kind/cryptoUnavailable`` and 503 for ``Kind/secretNotConfigured``, which are not the sender's fault).
///
/// ```swift
/// catch let error { respond(401, ["error": error.code, "message": error.message]) }
/// ```
///
/// Messages are built from fixed text, header names and numbers only: never from the secret, the
/// expected or received signature, or the body, so they are safe to return and to log.
public struct HubSpotSignatureError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable {
        /// No signature the verifier accepts: neither v3 headers nor (when configured) a v1 one.
        case signatureMissing = "signature_missing"
        /// A signature is present but not the one the configured secret gives.
        case signatureMismatch = "signature_mismatch"
        /// The signed timestamp is further than the tolerance from now, past or future (replay).
        case timestampOutOfRange = "timestamp_out_of_range"
        /// A v3 signature without a timestamp, or one that is not epoch milliseconds.
        case timestampInvalid = "timestamp_invalid"
        /// libcrypto could not compute the hash: a server fault, not the sender's.
        case cryptoUnavailable = "crypto_unavailable"
        /// The verifier has an empty secret: a configuration fault (the endpoint answers 503).
        case secretNotConfigured = "secret_not_configured"
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

    static let missing = HubSpotSignatureError(
        .signatureMissing, "the request carries no \(HubSpotWebhookHeader.signatureV3) header")

    static let v1NotAccepted = HubSpotSignatureError(
        .signatureMissing,
        "the request carries no \(HubSpotWebhookHeader.signatureV3) header, and v1 signatures "
            + "(\(HubSpotWebhookHeader.signature)) are not accepted by this configuration")

    static func versionNotAccepted(_ version: String) -> HubSpotSignatureError {
        // The version is echoed only when it is a short token, never arbitrary header text.
        let shown = version.utf8.count <= 8 && version.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F } ? version : "?"
        return HubSpotSignatureError(
            .signatureMissing,
            "the request carries no \(HubSpotWebhookHeader.signatureV3) header, and "
                + "\(HubSpotWebhookHeader.signatureVersion) \(shown) is not accepted (only v1)")
    }

    static let v3Mismatch = HubSpotSignatureError(
        .signatureMismatch,
        "\(HubSpotWebhookHeader.signatureV3) does not match the method, URL, body and timestamp "
            + "under the configured secret")

    static let v1Mismatch = HubSpotSignatureError(
        .signatureMismatch, "\(HubSpotWebhookHeader.signature) (v1) does not match the body under the configured secret")

    static let timestampMissing = HubSpotSignatureError(
        .timestampInvalid,
        "\(HubSpotWebhookHeader.signatureV3) is present but \(HubSpotWebhookHeader.timestamp) is missing")

    static let timestampNotMilliseconds = HubSpotSignatureError(
        .timestampInvalid, "\(HubSpotWebhookHeader.timestamp) must be epoch milliseconds (digits only)")

    static func outOfRange(offsetMilliseconds: Int64, toleranceMilliseconds: Int64) -> HubSpotSignatureError {
        let when = offsetMilliseconds < 0
            ? "\(offsetMilliseconds.magnitude) ms in the past" : "\(offsetMilliseconds) ms in the future"
        return HubSpotSignatureError(
            .timestampOutOfRange,
            "\(HubSpotWebhookHeader.timestamp) is \(when); at most \(toleranceMilliseconds) ms either way is accepted")
    }

    static let secretNotConfigured = HubSpotSignatureError(
        .secretNotConfigured, "no HubSpot webhook secret is configured, so no delivery can be verified")

    static let cryptoUnavailable = HubSpotSignatureError(.cryptoUnavailable, "SHA-256 is unavailable from libcrypto")
}
