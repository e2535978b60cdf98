import Crypto

/// The parsed Standard Webhooks headers: `webhook-id`, `webhook-timestamp` (Unix seconds) and
/// `webhook-signature` (space-separated `<version>,<base64>` entries).
///
/// Only `v1` (HMAC-SHA256) entries count; other versions (e.g. `v1a` asymmetric signatures, a
/// future `v2`) are skipped, as the Standard Webhooks libraries do. A header without any `v1`
/// entry cannot be verified and is malformed for us.
struct StandardSignatureHeaders: Sendable, Equatable {
    let id: String
    let timestamp: SignatureTimestamp
    let signatures: [[UInt8]]

    init(id: String?, timestamp: String?, signature: String) throws(WebhookSignatureError) {
        guard let id = id.map({ Substring($0).trimmingSpaces() }), !id.isEmpty else {
            throw .malformed("webhook-signature is present but webhook-id is missing")
        }
        guard let timestampText = timestamp.map({ Substring($0).trimmingSpaces() }), !timestampText.isEmpty else {
            throw .malformed("webhook-signature is present but webhook-timestamp is missing")
        }
        guard let timestamp = SignatureTimestamp.seconds(timestampText) else {
            throw .malformed("webhook-timestamp must be Unix seconds")
        }
        let entries = signature.split(separator: " ")
        guard entries.count <= LegacySignatureHeader.maximumEntries else {
            throw .malformed("webhook-signature carries more than \(LegacySignatureHeader.maximumEntries) signatures")
        }
        var signatures: [[UInt8]] = []
        for entry in entries {
            guard let comma = entry.firstIndex(of: ","), entry[..<comma] == "v1" else { continue }
            let text = entry[entry.index(after: comma)...]
            guard !text.isEmpty, let bytes = Base64.decode(text) else {
                throw .malformed("webhook-signature: a v1 signature is not base64")
            }
            signatures.append(bytes)
        }
        guard !signatures.isEmpty else { throw .malformed("webhook-signature has no v1 signature") }
        self.id = String(id)
        self.timestamp = timestamp
        self.signatures = signatures
    }
}
