/// The request headers that carry webhook signatures, spelled in lowercase as the verifier asks
/// for them.
public enum WebhookHeaderName {
    /// Legacy scheme: `hmac;1;<timestamp>;<base64 signature>`, entries separated by `,`.
    public static let openPhoneSignature = "openphone-signature"
    /// Standard Webhooks: the delivery's id (not the event's; that one is in the body).
    public static let webhookID = "webhook-id"
    /// Standard Webhooks: Unix seconds.
    public static let webhookTimestamp = "webhook-timestamp"
    /// Standard Webhooks: space-separated `v1,<base64 signature>` entries.
    public static let webhookSignature = "webhook-signature"
}
