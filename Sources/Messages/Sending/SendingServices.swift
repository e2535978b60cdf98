import Base
import OpenPhoneAPI

/// What the send endpoint needs, built once per worker process from the environment: the message
/// side's services and, when `OPENPHONE_API_KEY` is set, the sender over an OpenPhone client
/// whose rate bucket is the stack's (in the cache file's shared page).
///
/// | variable | meaning |
/// |---|---|
/// | `OPENPHONE_*` | ``OpenPhoneConfiguration`` |
/// | everything ``MessagesServices`` reads | the store, HubSpot, the audit log |
public struct SendingServices: Sendable {
    public let messages: MessagesServices
    /// Nil without an API key: sends are refused, nothing is stored.
    public let sender: TextSender?

    public init(environment: Environment) throws(ConfigurationError) {
        messages = try MessagesServices(environment: environment)
        let configuration = try OpenPhoneConfiguration(environment: environment)
        guard configuration.apiKey != nil else {
            Log.warning("openphone_not_configured", ["detail": "OPENPHONE_API_KEY is not set; sends answer 503"])
            sender = nil
            return
        }
        let client = OpenPhoneClient(configuration: configuration,
                                     gate: OpenPhoneRateGate(cache: messages.hubspot.cache.file, rate: configuration.rate,
                                                             cluster: messages.hubspot.cluster))
        sender = TextSender(store: messages.store, client: client, sweep: UnconfirmedSendSweep(store: messages.store))
    }
}
