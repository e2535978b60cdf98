import Base
import HubSpotWebhooks

/// How `POST /api/webhooks/hubspot` checks HubSpot's deliveries, from the environment.
///
/// | variable | default | meaning |
/// |---|---|---|
/// | `HUBSPOT_WEBHOOK_SECRET` | unset: deliveries refused (503) | the app's client secret (a private app's Auth tab), which signs the deliveries |
/// | `HUBSPOT_WEBHOOK_URL` | required unless v1 is accepted | the URL HubSpot calls, exactly as set in the app: v3 signatures cover it, and behind nginx the responder cannot rebuild it |
/// | `HUBSPOT_WEBHOOK_SIGNATURES` | `v3` | `v3`, or `v3,v1` to also accept v1 (unsigned time: HubSpot documents only v1 for private apps) |
public struct HubSpotWebhookSettings: Sendable {
    /// Nil: no secret, every delivery refused.
    public let verifier: HubSpotWebhookVerifier?

    public init(environment: Environment) throws(ConfigurationError) {
        guard let secret = environment["HUBSPOT_WEBHOOK_SECRET"], !secret.isEmpty else {
            verifier = nil
            return
        }
        let versions = Set((environment["HUBSPOT_WEBHOOK_SIGNATURES"] ?? "v3").split(separator: ",")
            .map { String($0).trimmingWhitespace().lowercased() })
        guard versions == ["v3"] || versions == ["v3", "v1"] else {
            throw ConfigurationError("HUBSPOT_WEBHOOK_SIGNATURES must be v3 or v3,v1")
        }
        let acceptV1 = versions.contains("v1")
        let url = environment["HUBSPOT_WEBHOOK_URL"] ?? ""
        guard url.hasPrefix("https://") || url.hasPrefix("http://") || (acceptV1 && url.isEmpty) else {
            throw ConfigurationError("HUBSPOT_WEBHOOK_URL must be the URL HubSpot calls (https://…/api/webhooks/hubspot): v3 signatures cover it")
        }
        verifier = HubSpotWebhookVerifier(secret: HubSpotWebhookSecret(secret), publicURL: url, acceptV1: acceptV1)
    }
}
