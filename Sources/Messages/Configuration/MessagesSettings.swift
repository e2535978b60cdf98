import Base
import MessageStore
import OpenPhone

/// The message side's settings, read once per process from the environment.
///
/// | variable | default | meaning |
/// |---|---|---|
/// | `MESSAGES_DB` | (required without `MESSAGES_DATABASE_URL`) | the SQLite message store (WAL; created and migrated on first open) |
/// | `MESSAGES_DATABASE_URL` | unset | a PostgreSQL database instead (`postgres://…`), for a cluster of hosts; migrated on first connection |
/// | `OPENPHONE_WEBHOOK_SECRET` | (none) | the webhook signing secret (`whsec_…` or the legacy base64 key, at least 16 bytes decoded; shorter is a start-up error); without it every delivery is refused with 503 |
/// | `OPENPHONE_WEBHOOK_ALLOW_UNSIGNED` | `0` | `1` accepts deliveries without a secret configured (development only; logged at start) |
/// | `HUBSPOT_LOG_MESSAGES` | `0` | `1` queues every message stored from then on to be logged as a HubSpot communication (`messages-outbox` logs them) |
/// | `WEBHOOK_ENRICH_BUDGET_MS` | `300` | how long a delivery waits for its conversation's name (the cache, then the naming thread's HubSpot lookup, which goes on after the answer when it takes longer) |
/// | `NAMING_RECOVERY_CHECK_MS` | `5000` | after HubSpot failed a lookup, how often a responder checks whether it answers again (then the waiting numbers are named at once) |
/// | `CONVERSATIONS_LOOKUP_BUDGET_MS` | `100` | how long the conversation list waits for the naming thread's batched HubSpot lookups of its unnamed rows (they go on after the page is answered) |
public struct MessagesSettings: Sendable {
    public var store: StoreLocation
    /// Nil: no secret configured (deliveries refused unless ``allowUnsigned``).
    public var webhookSecret: WebhookSecret?
    public var allowUnsigned: Bool
    /// Queue stored messages for HubSpot's timelines.
    public var logMessagesToHubSpot: Bool
    /// How long a webhook waits for its conversation's name before answering.
    public var enrichBudget: Duration
    /// How long a conversation-list page waits for the names of its unnamed rows.
    public var conversationsLookupBudget: Duration
    /// Seconds between a naming thread's checks of a HubSpot that failed.
    public var recoveryCheckInterval: Double

    public init(store: StoreLocation, webhookSecret: WebhookSecret?, allowUnsigned: Bool = false,
                logMessagesToHubSpot: Bool = false, enrichBudget: Duration = .milliseconds(300), conversationsLookupBudget: Duration = .milliseconds(100),
                recoveryCheckInterval: Double = 5) {
        self.store = store
        self.webhookSecret = webhookSecret
        self.allowUnsigned = allowUnsigned
        self.logMessagesToHubSpot = logMessagesToHubSpot
        self.enrichBudget = enrichBudget
        self.conversationsLookupBudget = conversationsLookupBudget
        self.recoveryCheckInterval = recoveryCheckInterval
    }

    public init(environment: Environment) throws(ConfigurationError) {
        guard let store = try StoreLocation(environment: environment) else {
            throw ConfigurationError("MESSAGES_DB is not set (the path of the SQLite message store; or MESSAGES_DATABASE_URL)")
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
        self.init(store: store, webhookSecret: secret,
                  allowUnsigned: try environment.flag("OPENPHONE_WEBHOOK_ALLOW_UNSIGNED"),
                  logMessagesToHubSpot: try environment.flag("HUBSPOT_LOG_MESSAGES"),
                  enrichBudget: .milliseconds(try environment.number("WEBHOOK_ENRICH_BUDGET_MS", default: 300, in: 0...5000)),
                  conversationsLookupBudget: .milliseconds(try environment.number("CONVERSATIONS_LOOKUP_BUDGET_MS",
                                                                                  default: 100, in: 0...5000)),
                  recoveryCheckInterval: try environment.number("NAMING_RECOVERY_CHECK_MS", default: 5000,
                                                                in: 100...3_600_000) / 1000)
    }
}
