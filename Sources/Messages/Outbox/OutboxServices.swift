import Base
import HubSpot
import MessageStore

/// The outbox process's parts, from the environment: the store, a HubSpot client drawing on the
/// outbox's own share of the non-search limit (`HUBSPOT_OUTBOX_RATE`, default 1 call/s: with the
/// lookups' `HUBSPOT_GENERAL_RATE` of 8, the stack stays under HubSpot's 100 per 10 s), and the
/// logger. Records how it is doing for health (`service_states`: `hubspot_outbox`).
public final class OutboxServices: Sendable {
    public let store: MessageStore
    let client: HubSpotClient
    let logger: CommunicationsLogger
    /// Set with `HUBSPOT_LOG_CREATE_CONTACTS=1`.
    let creator: ContactCreator?
    private let associationType = ReadMostly<Int?>(nil)
    /// What health was last told, so an unchanged state is not written every round.
    private let reported = ReadMostly<[String]?>(nil)
    /// HubSpot failed the last round: each idle round checks whether it answers again.
    private let failing = ReadMostly(false)

    public init(environment: Environment) throws(ConfigurationError) {
        let messages = try MessagesServices(environment: environment)
        store = messages.store
        let hubspot = messages.hubspot
        let rate = try environment.number("HUBSPOT_OUTBOX_RATE", default: 1, in: 0.1...20)
        client = HubSpotClient(configuration: hubspot.configuration,
                               searchGate: StackRateGate(cache: hubspot.cache.file, requestClass: .search,
                                                         rate: hubspot.cache.settings.searchRate,
                                                         burst: hubspot.cache.settings.searchBurst, cluster: hubspot.cluster),
                               generalGate: StackRateGate.outboxShare(cache: hubspot.cache.file, rate: rate,
                                                                      cluster: hubspot.cluster))
        var settings = CommunicationsLogger.Settings()
        settings.answerWait = .init(milliseconds: Int64(try environment.number("HUBSPOT_OUTBOX_ANSWER_WAIT_MS",
                                                                               default: 30_000, in: 1000...600_000)))
        settings.owners = try Self.owners(environment["HUBSPOT_OWNER_IDS"])
        logger = CommunicationsLogger(store: store, client: client, settings: settings)
        creator = try environment.flag("HUBSPOT_LOG_CREATE_CONTACTS")
            ? ContactCreator(store: store, directory: ContactDirectory(client: client)) : nil
    }

    /// `alice=123,bob=456`: staff user names (as nginx authenticates them) to HubSpot owner ids.
    static func owners(_ text: String?) throws(ConfigurationError) -> [String: String] {
        var owners: [String: String] = [:]
        for pair in (text ?? "").split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).trimmingWhitespace() }
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, parts[1].allSatisfy(\.isNumber) else {
                throw ConfigurationError("HUBSPOT_OWNER_IDS must be user=ownerId pairs separated by commas, e.g. alice=123,bob=456")
            }
            owners[parts[0]] = parts[1]
        }
        return owners
    }

    /// One round; true when it did something (so the next may follow at once).
    @discardableResult
    public func runOnce() -> Bool {
        guard let type = associationTypeID() else { return false }
        do {
            let created = try creator?.createWaiting() ?? 0
            let round = try logger.runRound(associationTypeID: type)
            report(round.error)
            if round.error != nil {
                _ = failing.replace(with: true)
            } else if failing.read(), round.logged + round.confirmedAfterLostAnswer + round.resent == 0 {
                endBackoffIfHubSpotAnswers()
            } else {
                _ = failing.replace(with: false)
            }
            if round.logged + round.confirmedAfterLostAnswer + round.resent > 0 {
                Log.info("outbox_round", ["logged": String(round.logged), "confirmed": String(round.confirmedAfterLostAnswer),
                                          "resent": String(round.resent), "refused": String(round.refused)])
            }
            return round.error == nil && round.logged + round.confirmedAfterLostAnswer + round.resent + created > 0
        } catch {
            Log.warning("outbox_store_failed", ["error": error.description])
            return false
        }
    }

    /// After an outage the waiting messages' back-offs (up to minutes) would delay the drain: the
    /// cheapest call says whether HubSpot answers again, and if it does they are due at once.
    private func endBackoffIfHubSpotAnswers() {
        guard (try? client.verifyConnection(timeout: .seconds(2))) != nil else { return }
        _ = failing.replace(with: false)
        if let count = try? store.outboxEndBackoff(), count > 0 {
            Log.info("outbox_resumed", ["waiting": String(count)])
        }
    }

    /// HubSpot's communication → contact association type, asked once (it says which to use).
    private func associationTypeID() -> Int? {
        if let known = associationType.read() { return known }
        do {
            let type = try client.communicationToContactAssociationType()
            _ = associationType.replace(with: type)
            Log.info("outbox_association_type", ["type": String(type)])
            return type
        } catch {
            report(error)
            return nil
        }
    }

    /// What health shows for the outbox after a round: `ok`, or HubSpot's error code with its
    /// message — for a missing scope, the scopes HubSpot named.
    static func serviceState(after error: HubSpotError?) -> (state: String, detail: String?) {
        switch error {
        case nil: ("ok", nil)
        case let error? where error.kind == .missingScopes: ("missing_scopes", error.scopes.joined(separator: " "))
        case let error?: (error.code, error.message)
        }
    }

    private func report(_ error: HubSpotError?) {
        let (state, detail) = Self.serviceState(after: error)
        if let error { Log.warning("outbox_hubspot_failed", ["error": error.code]) }
        let now = [state, detail ?? ""]
        guard reported.read() != now else { return }
        if (try? store.setServiceState("hubspot_outbox", state: state, detail: detail)) != nil {
            _ = reported.replace(with: now)
        }
    }
}
