import FastCGI
import OpenPhone

/// The message side's settings, read once per process from the environment.
///
/// | variable | default | meaning |
/// |---|---|---|
/// | `MESSAGES_DB` | (required) | the SQLite message store (WAL; created and migrated on first open) |
/// | `OPENPHONE_WEBHOOK_SECRET` | (none) | the webhook signing secret (`whsec_…` or the legacy base64 key, at least 16 bytes decoded; shorter is a start-up error); without it every delivery is refused with 503 |
/// | `OPENPHONE_WEBHOOK_ALLOW_UNSIGNED` | `0` | `1` accepts deliveries without a secret configured (development only; logged at start) |
/// | `WEBHOOK_ENRICH_BUDGET_MS` | `300` | how long a delivery may spend naming its conversation (cache, then one HubSpot lookup) before it is answered |
/// | `CONVERSATIONS_LOOKUP_BUDGET_MS` | `100` | how long the conversation list may spend on its one batched HubSpot lookup |
public struct MessagesSettings: Sendable {
    public var databasePath: String
    /// Nil: no secret configured (deliveries refused unless ``allowUnsigned``).
    public var webhookSecret: WebhookSecret?
    public var allowUnsigned: Bool
    public var enrichBudget: Double
    public var conversationsLookupBudget: Double

    public init(databasePath: String, webhookSecret: WebhookSecret?, allowUnsigned: Bool = false,
                enrichBudget: Double = 0.3, conversationsLookupBudget: Double = 0.1) {
        self.databasePath = databasePath
        self.webhookSecret = webhookSecret
        self.allowUnsigned = allowUnsigned
        self.enrichBudget = enrichBudget
        self.conversationsLookupBudget = conversationsLookupBudget
    }

    public init(environment: Environment) throws(ConfigurationError) {
        guard let path = environment["MESSAGES_DB"], !path.isEmpty else {
            throw ConfigurationError("MESSAGES_DB is not set (the path of the SQLite message store)")
        }
        var secret: WebhookSecret? = nil
        if let configured = environment["OPENPHONE_WEBHOOK_SECRET"], !configured.isEmpty {
            do {
                secret = try WebhookSecret(configured: configured)
            } catch {
                // The message never contains the value.
                throw ConfigurationError(error.message)
            }
        }
        let unsigned = environment["OPENPHONE_WEBHOOK_ALLOW_UNSIGNED"] ?? "0"
        guard unsigned == "0" || unsigned == "1" else {
            throw ConfigurationError("OPENPHONE_WEBHOOK_ALLOW_UNSIGNED must be 0 or 1")
        }
        self.init(databasePath: path, webhookSecret: secret, allowUnsigned: unsigned == "1",
                  enrichBudget: try environment.number("WEBHOOK_ENRICH_BUDGET_MS", default: 300, in: 0...5000) / 1000,
                  conversationsLookupBudget: try environment.number("CONVERSATIONS_LOOKUP_BUDGET_MS", default: 100,
                                                                    in: 0...5000) / 1000)
    }
}
