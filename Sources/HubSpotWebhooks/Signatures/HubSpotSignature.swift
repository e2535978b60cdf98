import Crypto

/// HubSpot's webhook signature recipes, as pure functions: the emulator signs with them and the
/// verifier recomputes them.
///
/// ```swift
/// let signature = HubSpotSignature.v3(secret: secret, method: "POST",
///                                     url: "https://inbox.example.com/api/webhooks/hubspot",
///                                     body: body, timestamp: "1790000001000")
/// ```
///
/// Every part is used exactly as sent (the timestamp's text, the raw body): re-rendering any of
/// them breaks the signature. libcrypto failing (a provider configuration without SHA-256, never
/// the inputs) yields `""`, which matches no signature, so a sender that hits it is refused
/// loudly instead of crashing.
public enum HubSpotSignature {
    /// `base64(HMAC-SHA256(secret, method + url + body + timestamp))`, no separators. `url` is the
    /// full URL HubSpot called (scheme, host, path, query); it is passed through
    /// ``normalizedURL(_:)`` here, so the URL may be given with or without the escapes decoded.
    public static func v3(secret: HubSpotWebhookSecret, method: String, url: String, body: [UInt8],
                          timestamp: String) -> String
    {
        guard let code = v3Code(secret: secret, method: method, url: url, body: body, timestamp: timestamp) else {
            return ""
        }
        return Base64.encode(code)
    }

    /// `hex(SHA-256(secret + method + url + body))`: workflow actions and CRM cards sign this way,
    /// CRM object webhooks do not. The URL is used exactly as given (v2 decodes nothing).
    public static func v2(secret: HubSpotWebhookSecret, method: String, url: String, body: [UInt8]) -> String {
        SHA256.hexDigest(secret.key + Array(method.utf8) + Array(url.utf8) + body) ?? ""
    }

    /// `hex(SHA-256(secret + body))`: a plain hash, not an HMAC, with no timestamp (so no replay
    /// protection); what private apps are documented to send.
    public static func v1(secret: HubSpotWebhookSecret, body: [UInt8]) -> String {
        SHA256.hexDigest(secret.key + body) ?? ""
    }

    /// The raw MAC behind ``v3(secret:method:url:body:timestamp:)``; nil only if libcrypto fails.
    static func v3Code(secret: HubSpotWebhookSecret, method: String, url: String, body: [UInt8],
                       timestamp: String) -> [UInt8]?
    {
        var content = Array(method.utf8)
        let normalized = normalizedURL(url)
        content.reserveCapacity(content.count + normalized.utf8.count + body.count + timestamp.utf8.count)
        content += normalized.utf8
        content += body
        content += timestamp.utf8
        return HMACSHA256.authenticationCode(key: secret.key, message: content)
    }
}
