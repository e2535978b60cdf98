import Base

/// What the HubSpot webhook endpoint needs, built once per worker process from the environment:
/// the message side's services, how deliveries are verified, and the queue that applies them.
public struct HubSpotChangeServices: Sendable {
    public let messages: MessagesServices
    public let webhook: HubSpotWebhookSettings
    public let queue: HubSpotChangeQueue

    public init(environment: Environment) throws(ConfigurationError) {
        messages = try MessagesServices(environment: environment)
        webhook = try HubSpotWebhookSettings(environment: environment)
        queue = HubSpotChangeQueue(store: messages.store,
                                   processor: HubSpotChangeProcessor(store: messages.store, hubspot: messages.hubspot))
        if webhook.verifier == nil {
            Log.warning("hubspot_webhook_not_configured",
                        ["detail": "HUBSPOT_WEBHOOK_SECRET is not set; HubSpot's deliveries are refused (503)"])
        }
    }
}
