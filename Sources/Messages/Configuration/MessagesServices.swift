import FastCGI
import HubSpot
import MessageStore

/// What a message endpoint needs, built once per worker process from the environment: the
/// HubSpot core (cache, client, audit), the message store and the namer that joins them.
public struct MessagesServices: Sendable {
    public let hubspot: HubSpotServices
    public let settings: MessagesSettings
    public let store: MessageStore
    public let namer: CustomerNamer

    public init(environment: Environment) throws(ConfigurationError) {
        hubspot = try HubSpotServices(environment: environment)
        settings = try MessagesSettings(environment: environment)
        do {
            store = try MessageStore(path: settings.databasePath)
        } catch {
            throw ConfigurationError("cannot open MESSAGES_DB \(settings.databasePath): \(error.description)")
        }
        namer = CustomerNamer(store: store, directory: HubSpotNumberDirectory(services: hubspot),
                              region: hubspot.configuration.defaultRegion)
    }
}
