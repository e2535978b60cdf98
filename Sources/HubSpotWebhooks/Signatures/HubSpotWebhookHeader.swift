/// The request headers that carry HubSpot's webhook signatures, spelled as HubSpot sends them.
/// Header names are case-insensitive (the docs write both `-v3` and `-V3`): look them up that way.
public enum HubSpotWebhookHeader {
    /// `base64(HMAC-SHA256(secret, method + url + body + timestamp))`.
    public static let signatureV3 = "X-HubSpot-Signature-v3"
    /// Epoch milliseconds as a decimal string; signed by v3 and checked against the clock.
    public static let timestamp = "X-HubSpot-Request-Timestamp"
    /// v1 or v2, lowercase hex; which one is in ``signatureVersion``.
    public static let signature = "X-HubSpot-Signature"
    /// `v1` or `v2`, for ``signature``.
    public static let signatureVersion = "X-HubSpot-Signature-Version"
}
