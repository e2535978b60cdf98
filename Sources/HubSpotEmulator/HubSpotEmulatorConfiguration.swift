import EmulatorSupport
import PhoneNumbers

/// How the emulated account behaves.
///
/// ```swift
/// var configuration = HubSpotEmulatorConfiguration()
/// configuration.searchRatePerSecond = 0      // unlimited
/// let emulator = HubSpotEmulator(configuration: configuration, seed: seed)
/// ```
public struct HubSpotEmulatorConfiguration: Sendable {
    public var tokens: [AccessToken] = AccessToken.defaults()
    /// Searches admitted per token in any one-second window; 0 is unlimited. HubSpot: 5.
    public var searchRatePerSecond = 5
    /// The account's default country, used to compute the searchable phone numbers.
    public var defaultRegion: PhoneRegion = .us
    /// Latency, limits and quirks at start-up (and after reset); `fast` unless set.
    public var behaviour = AccountBehaviour()
    public var clock: EmulatorClock = .system
    /// Called after every request (access logging); the record's credential label is the
    /// token's (`full`, `read-only`, `no-scopes`).
    public var onRequest: (@Sendable (RequestRecord<HubSpotEndpoint>) -> Void)?
    /// Where contact and company changes are delivered as HubSpot webhooks; nil: they are only
    /// recorded (`GET /__emulator/webhooks`).
    public var webhook: HubSpotWebhookTarget?
    /// Called after every webhook attempt.
    public var onWebhookAttempt: (@Sendable (HubSpotWebhookAttempt) -> Void)?

    public init() {}

    /// How records get their calculated phone properties.
    var calculatedPhones: CalculatedPhones {
        CalculatedPhones(accountRegion: defaultRegion, source: behaviour.phoneRegion)
    }
}
