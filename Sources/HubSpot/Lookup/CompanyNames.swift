import Base
import Synchronization

/// Names of associated companies, remembered per process for a while: many contacts share a
/// company, and a name rarely changes. A failed fetch is not remembered and not fatal — the
/// contact's own `company` text is shown instead.
final class CompanyNames: Sendable {
    private struct Entry: Sendable {
        let name: String?
        let expires: MonotonicTime
    }

    private let entries = Mutex<[String: Entry]>([:])
    private let ttl: Double
    private let capacity = 10_000

    init(ttl: Double = 600) { self.ttl = ttl }

    /// The contact for `object`, with its associated company's name when it can be had within
    /// `left` (otherwise the contact's own `company` text).
    func contact(from object: HubSpotObject, client: HubSpotClient, left: Duration) -> Contact {
        var companyName: String? = nil
        if let companyID = object["associatedcompanyid"], left > .milliseconds(50) {
            companyName = name(id: companyID, client: client, timeout: left)
        }
        return Contact(object: object, region: client.configuration.defaultRegion, companyName: companyName,
                       portalID: client.configuration.portalID)
    }

    func name(id: String, client: HubSpotClient, timeout: Duration) -> String? {
        let now = MonotonicTime.now()
        if let entry = entries.withLock({ $0[id] }), now < entry.expires { return entry.name }
        do {
            let name = try client.companyName(id: id, timeout: timeout)
            entries.withLock { table in
                if table.count >= capacity { table.removeAll(keepingCapacity: true) }
                table[id] = Entry(name: name, expires: now.adding(seconds: ttl))
            }
            return name
        } catch {
            Log.warning("company_lookup_failed", ["company_id": id, "reason": error.kind.description])
            return nil
        }
    }
}
