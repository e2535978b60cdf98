import Base
import HubSpot
import MessageStore

/// What a message endpoint needs, built once per worker process from the environment: the
/// HubSpot core (cache, client, audit), the message store, the namer that joins them, and the
/// naming thread requests hand their slow lookups to.
public struct MessagesServices: Sendable {
    public let hubspot: HubSpotServices
    public let settings: MessagesSettings
    public let store: MessageStore
    public let namer: CustomerNamer
    /// Started on first use, so a worker forked from a supervisor gets its own thread.
    public let naming: BackgroundNaming

    public init(environment: Environment) throws(ConfigurationError) {
        hubspot = try HubSpotServices(environment: environment)
        settings = try MessagesSettings(environment: environment)
        do {
            store = try MessageStore(location: settings.store,
                                     options: .init(logsMessagesToHubSpot: settings.logMessagesToHubSpot))
        } catch {
            throw ConfigurationError("cannot open the message store (\(settings.store)): \(error.description)")
        }
        namer = CustomerNamer(store: store, directory: HubSpotNumberDirectory(services: hubspot),
                              region: hubspot.configuration.defaultRegion)
        var naming = BackgroundNaming.Settings()
        naming.roundBudget = max(naming.roundBudget, hubspot.configuration.requestTimeout * 3)
        naming.recoveryInterval = settings.recoveryCheckInterval
        let client = hubspot.client
        self.naming = BackgroundNaming(namer: namer, store: store, settings: naming) {
            (try? client.verifyConnection(timeout: .seconds(2))) != nil
        }
    }
}
