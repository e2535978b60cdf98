import Base
import Crypto

/// Checks that a webhook delivery was signed by HubSpot with the app's client secret and, for v3,
/// that it is fresh.
///
/// ```swift
/// let verifier = HubSpotWebhookVerifier(secret: secret, publicURL: "https://inbox.example.com/api/webhooks/hubspot",
///                                       acceptV1: true)
/// try verifier.verify(method: "POST", body: body, headers: { request.header($0) }, now: .now())
/// ```
///
/// Which signature: when `X-HubSpot-Signature-v3` is present the delivery is verified as v3 and
/// only that way (a v1 header beside it is not tried as a fallback, so a stale or forged v3 cannot
/// be rescued by the weaker v1, and a failure has one reason). Without it, `X-HubSpot-Signature`
/// is verified as v1 when ``acceptV1`` is set (private apps are documented to send only v1); a
/// `X-HubSpot-Signature-Version` other than `v1` is refused. Otherwise the signature is missing.
///
/// The v3 timestamp must lie within ``tolerance`` of `now` in either direction, the bounds
/// included (HubSpot's SDKs reject only the past; a timestamp far in the future is as replayable).
/// v1 signs no timestamp, so a v1 delivery cannot be checked for freshness: that is why v1 is off
/// unless configured. Every comparison is constant time.
public struct HubSpotWebhookVerifier: Sendable {
    /// The URL HubSpot calls, exactly as configured as the app's target URL (scheme, host, path and
    /// any query), already normalized for v3. Behind nginx the request's own URL cannot be rebuilt
    /// reliably, so it is configuration.
    public let publicURL: String
    /// How far the v3 timestamp may be from `now`, in either direction.
    public let tolerance: Duration
    /// Whether a delivery with only a v1 signature is accepted.
    public let acceptV1: Bool
    let secret: HubSpotWebhookSecret

    public init(secret: HubSpotWebhookSecret, publicURL: String, tolerance: Duration = .seconds(300), acceptV1: Bool) {
        self.secret = secret
        self.publicURL = HubSpotSignature.normalizedURL(publicURL)
        self.tolerance = tolerance
        self.acceptV1 = acceptV1
    }

    /// Verifies one delivery.
    /// - Parameters:
    ///   - method: the request method as received (`POST`).
    ///   - body: the body exactly as received, before any parsing.
    ///   - headers: looks a header up by name, case-insensitively; nil when absent.
    ///   - now: the current time.
    /// - Returns: the signature version that verified.
    /// - Throws: why not (missing, invalid or stale timestamp, mismatch, no secret configured);
    ///   never the secret or a signature.
    @discardableResult
    public func verify(method: String, body: [UInt8], headers: (String) -> String?, now: Timestamp)
        throws(HubSpotSignatureError) -> HubSpotSignatureVersion
    {
        // An empty key signs for anyone who guesses it is empty: nothing verifies without a secret.
        guard !secret.isEmpty else { throw .secretNotConfigured }
        if let signature = nonEmpty(headers(HubSpotWebhookHeader.signatureV3)) {
            try verifyV3(signature, timestamp: nonEmpty(headers(HubSpotWebhookHeader.timestamp)), method: method,
                         body: body, now: now)
            return .v3
        }
        guard let signature = nonEmpty(headers(HubSpotWebhookHeader.signature)) else { throw .missing }
        guard acceptV1 else { throw .v1NotAccepted }
        if let version = nonEmpty(headers(HubSpotWebhookHeader.signatureVersion)), version.lowercased() != "v1" {
            throw .versionNotAccepted(version)
        }
        try verifyV1(signature, body: body)
        return .v1
    }

    private func verifyV3(_ signature: String, timestamp text: String?, method: String, body: [UInt8], now: Timestamp)
        throws(HubSpotSignatureError)
    {
        guard let text else { throw .timestampMissing }
        guard let timestamp = HubSpotRequestTimestamp(text) else { throw .timestampNotMilliseconds }
        try checkFreshness(timestamp, now: now)
        guard let expected = HubSpotSignature.v3Code(secret: secret, method: method, url: publicURL, body: body,
                                                     timestamp: timestamp.text)
        else { throw .cryptoUnavailable }
        // Text that is not base64 cannot match: an empty MAC compares unequal.
        let received = Base64.decode(signature) ?? []
        guard HMACSHA256.constantTimeEquals(expected, received) else { throw .v3Mismatch }
    }

    private func verifyV1(_ signature: String, body: [UInt8]) throws(HubSpotSignatureError) {
        let expected = HubSpotSignature.v1(secret: secret, body: body)
        guard !expected.isEmpty else { throw .cryptoUnavailable }
        // HubSpot sends lowercase hex; uppercase is the same digest.
        let received = signature.utf8.map { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "F") ? $0 | 0x20 : $0 }
        guard HMACSHA256.constantTimeEquals(Array(expected.utf8), received) else { throw .v1Mismatch }
    }

    private func checkFreshness(_ timestamp: HubSpotRequestTimestamp, now: Timestamp) throws(HubSpotSignatureError) {
        let (seconds, attoseconds) = tolerance.components
        // A tolerance beyond Int64 milliseconds (nonsense, but configuration) saturates instead of trapping.
        let (whole, overflow) = seconds.magnitude.multipliedReportingOverflow(by: 1000)
        let (sum, carry) = whole.addingReportingOverflow((attoseconds / 1_000_000_000_000_000).magnitude)
        let toleranceMilliseconds = overflow || carry ? UInt64.max : sum
        // The timestamp has at most 16 digits; a clock beyond ±2^60 ms is clamped so nothing overflows.
        let nowMilliseconds = min(max(now.milliseconds, -(1 << 60)), 1 << 60)
        let offset = timestamp.milliseconds - nowMilliseconds
        guard offset.magnitude <= toleranceMilliseconds else {
            throw .outOfRange(offsetMilliseconds: offset, toleranceMilliseconds: Int64(clamping: toleranceMilliseconds))
        }
    }

    /// Without the spaces and tabs HTTP allows around a value; nil when nothing is left.
    private func nonEmpty(_ value: String?) -> String? {
        guard let value else { return nil }
        var text = Substring(value)
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return text.isEmpty ? nil : String(text)
    }
}

/// The signature version a delivery was verified under.
public enum HubSpotSignatureVersion: String, Sendable, Equatable {
    /// `X-HubSpot-Signature-v3` with `X-HubSpot-Request-Timestamp`.
    case v3
    /// `X-HubSpot-Signature` with `X-HubSpot-Signature-Version: v1`.
    case v1
}
