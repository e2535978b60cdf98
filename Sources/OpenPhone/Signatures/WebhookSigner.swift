import Crypto

/// Signs a body the way OpenPhone does, under either scheme: the header sets a real delivery
/// would carry. Tests use it for round trips, and the demo replays signed sample deliveries.
///
/// ```swift
/// let signer = WebhookSigner(secret: secret)
/// let headers = try signer.standardHeaders(body: body, id: "msg_1", timestampSeconds: now)
/// try verifier.verify(headers: { headers[$0] }, rawBody: body, now: now)
/// ```
public struct WebhookSigner: Sendable {
    let secret: WebhookSecret

    public init(secret: WebhookSecret) {
        self.secret = secret
    }

    /// `openphone-signature: hmac;1;<timestampMilliseconds>;<base64 signature>`.
    public func legacyHeaders(body: [UInt8], timestampMilliseconds: Int64) throws(WebhookSignatureError)
        -> SignedWebhookHeaders
    {
        let timestamp = String(timestampMilliseconds)
        let signature = try sign(SignedContent.legacy(timestamp: timestamp, body: body))
        return SignedWebhookHeaders([(WebhookHeaderName.openPhoneSignature, "hmac;1;\(timestamp);\(signature)")])
    }

    /// `webhook-id`, `webhook-timestamp` and `webhook-signature: v1,<base64 signature>`.
    public func standardHeaders(body: [UInt8], id: String, timestampSeconds: Int64) throws(WebhookSignatureError)
        -> SignedWebhookHeaders
    {
        let timestamp = String(timestampSeconds)
        let signature = try sign(SignedContent.standard(id: id, timestamp: timestamp, body: body))
        return SignedWebhookHeaders([
            (WebhookHeaderName.webhookID, id),
            (WebhookHeaderName.webhookTimestamp, timestamp),
            (WebhookHeaderName.webhookSignature, "v1,\(signature)"),
        ])
    }

    private func sign(_ content: [UInt8]) throws(WebhookSignatureError) -> String {
        guard let code = HMACSHA256.authenticationCode(key: secret.key, message: content) else {
            throw .cryptoUnavailable
        }
        return Base64.encode(code)
    }
}

/// Header fields produced by ``WebhookSigner``, in order, with lookup by lowercase name.
public struct SignedWebhookHeaders: Sendable, Equatable {
    public let fields: [Field]

    public struct Field: Sendable, Equatable {
        public let name: String
        public let value: String
    }

    init(_ fields: [(String, String)]) {
        self.fields = fields.map { Field(name: $0.0, value: $0.1) }
    }

    /// The value of header `name` (lowercase), or nil.
    public subscript(name: String) -> String? {
        fields.first { $0.name == name }?.value
    }
}
