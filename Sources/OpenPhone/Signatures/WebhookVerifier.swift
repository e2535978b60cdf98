import Crypto

/// Checks that a webhook delivery was signed by OpenPhone with the configured secret, under
/// either signing scheme, and that it is fresh.
///
/// ```swift
/// let verifier = WebhookVerifier(secret: try WebhookSecret(configured: text))
/// let scheme = try verifier.verify(headers: { request.header($0) }, rawBody: body, now: nowSeconds)
/// ```
///
/// Which scheme: when `webhook-signature` is present the delivery is verified as Standard
/// Webhooks and only that way (the legacy header is then ignored, not tried as a fallback, so a
/// failure has one clear reason). Otherwise `openphone-signature` is verified as the legacy
/// scheme. With neither, ``WebhookSignatureError/missingSignature``.
///
/// Every MAC comparison is constant time (``HMACSHA256/constantTimeEquals(_:_:)``), and every
/// candidate signature is compared, so timing does not reveal which one matched.
public struct WebhookVerifier: Sendable {
    /// How far a signed timestamp may be from `now`, in either direction.
    public let tolerance: Duration
    let secret: WebhookSecret

    public init(secret: WebhookSecret, tolerance: Duration = .seconds(300)) {
        self.secret = secret
        self.tolerance = tolerance
    }

    /// Verifies one delivery.
    /// - Parameters:
    ///   - headers: looks a header up by its lowercase name (`"webhook-id"`); nil when absent.
    ///   - rawBody: the body exactly as received, before any parsing.
    ///   - now: the current time in Unix seconds.
    /// - Returns: the scheme that verified.
    public func verify(headers: (String) -> String?, rawBody: [UInt8], now: Int64)
        throws(WebhookSignatureError) -> VerifiedScheme
    {
        if let signature = nonEmpty(headers(WebhookHeaderName.webhookSignature)) {
            let parsed = try StandardSignatureHeaders(id: headers(WebhookHeaderName.webhookID),
                                                      timestamp: headers(WebhookHeaderName.webhookTimestamp),
                                                      signature: signature)
            try checkFreshness(parsed.timestamp, now: now)
            let content = SignedContent.standard(id: parsed.id, timestamp: parsed.timestamp.text, body: rawBody)
            try checkSignatures(parsed.signatures, over: content)
            return .standard
        }
        if let signature = nonEmpty(headers(WebhookHeaderName.openPhoneSignature)) {
            try verifyLegacy(LegacySignatureHeader(parsing: signature), rawBody: rawBody, now: now)
            return .legacy
        }
        throw .missingSignature
    }

    /// Entries may carry different timestamps: stale ones are skipped, the fresh ones must match.
    private func verifyLegacy(_ header: LegacySignatureHeader, rawBody: [UInt8], now: Int64)
        throws(WebhookSignatureError)
    {
        var firstStaleness: WebhookSignatureError?
        var matched = false
        var checked = 0
        // Entries normally share one timestamp: compute its MAC once.
        var computed: (timestamp: String, code: [UInt8])?
        for entry in header.entries {
            do throws(WebhookSignatureError) {
                try checkFreshness(entry.timestamp, now: now)
            } catch {
                firstStaleness = firstStaleness ?? error
                continue
            }
            let expected: [UInt8]
            if let computed, computed.timestamp == entry.timestamp.text {
                expected = computed.code
            } else {
                let content = SignedContent.legacy(timestamp: entry.timestamp.text, body: rawBody)
                guard let code = HMACSHA256.authenticationCode(key: secret.key, message: content) else {
                    throw .cryptoUnavailable
                }
                computed = (entry.timestamp.text, code)
                expected = code
            }
            // No early exit: every fresh candidate costs the same.
            matched = HMACSHA256.constantTimeEquals(expected, entry.signature) || matched
            checked += 1
        }
        if checked == 0, let firstStaleness { throw firstStaleness }
        guard matched else { throw .noMatchingSignature }
    }

    private func checkSignatures(_ candidates: [[UInt8]], over content: [UInt8]) throws(WebhookSignatureError) {
        guard let expected = HMACSHA256.authenticationCode(key: secret.key, message: content) else {
            throw .cryptoUnavailable
        }
        var matched = false
        for candidate in candidates {
            matched = HMACSHA256.constantTimeEquals(expected, candidate) || matched
        }
        guard matched else { throw .noMatchingSignature }
    }

    private func checkFreshness(_ timestamp: SignatureTimestamp, now: Int64) throws(WebhookSignatureError) {
        // Clamped so that no `now` can overflow; real clocks are nowhere near the bounds.
        let nowMilliseconds = min(max(now, -1 << 40), 1 << 40) * 1000
        let offset = timestamp.milliseconds - nowMilliseconds
        let (seconds, attoseconds) = tolerance.components
        let toleranceMilliseconds = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        guard offset.magnitude <= toleranceMilliseconds.magnitude else {
            throw .outOfTolerance(offsetMilliseconds: offset, toleranceSeconds: seconds)
        }
    }

    private func nonEmpty(_ value: String?) -> String? {
        guard let value, !Substring(value).trimmingSpaces().isEmpty else { return nil }
        return value
    }
}

/// The signing scheme a delivery was verified under.
public enum VerifiedScheme: String, Sendable, Equatable {
    /// `openphone-signature` (webhooks created in the app or with `/v1/webhooks`).
    case legacy
    /// Standard Webhooks headers (API version 2026-03-30).
    case standard
}
