import Base
import PhoneNumbers
import Redis
import SharedCache

/// What a contact endpoint needs, built once per worker process from the environment.
///
/// | variable | meaning |
/// |---|---|
/// | `HUBSPOT_ACCESS_TOKEN` (or `HUBSPOT_API_KEY`), `HUBSPOT_BASE_URL`, `HUBSPOT_TIMEOUT_MS`, `HUBSPOT_CONNECT_TIMEOUT_MS`, `HUBSPOT_PORTAL_ID`, `DEFAULT_REGION` | ``HubSpotConfiguration`` |
/// | `AUDIT_LOG` | the audit file (JSON lines); stderr when unset |
/// | `AUDIT_FLUSH_MS` | how long audit lines may wait in memory (default 250; 0 = write each at once) |
/// | `CONTACTS_CACHE_*`, `HUBSPOT_SEARCH_*`, `HUBSPOT_GENERAL_*` | ``CacheSettings`` |
/// | `REDIS_URL`, `REDIS_*`, `CLUSTER_HOSTS` | ``ClusterSettings``: rate budgets shared by every host |
public struct HubSpotServices: Sendable {
    public let configuration: HubSpotConfiguration
    /// The Redis a cluster's hosts share; nil on a single host.
    public let cluster: Cluster?
    public let client: HubSpotClient
    public let directory: ContactDirectory
    public let audit: AuditLog
    public let cache: ContactCache

    public init(environment: Environment) throws(ConfigurationError) {
        configuration = try HubSpotConfiguration(environment: environment)
        let settings = try CacheSettings(environment: environment)
        // Never fails: a cache file that cannot be opened must not stop the responder.
        cluster = Cluster(try ClusterSettings(environment: environment))
        cache = ContactCache(openingWhenPossible: settings, cluster: cluster)
        client = HubSpotClient(configuration: configuration,
                               searchGate: StackRateGate(cache: cache.file, requestClass: .search,
                                                         rate: settings.searchRate, burst: settings.searchBurst,
                                                         cluster: cluster),
                               generalGate: StackRateGate(cache: cache.file, requestClass: .general,
                                                          rate: settings.generalRate, burst: settings.generalBurst,
                                                          cluster: cluster))
        directory = ContactDirectory(client: client)
        audit = try AuditLog(path: environment["AUDIT_LOG"],
                             flushInterval: try environment.number("AUDIT_FLUSH_MS", default: 250, in: 0...10_000) / 1000)
        if configuration.accessToken == nil {
            Log.warning("hubspot_not_configured", ["detail": "HUBSPOT_ACCESS_TOKEN is not set; lookups answer 503"])
        }
    }
}

extension HubSpotServices {
    /// One number's lookup through the shared cache: a hit, or one HubSpot search (single-flight
    /// across the stack) whose answer is cached as a ``LookupAnswer`` with the found or
    /// not-found TTL. What `GET /api/contacts/lookup` serves and what a webhook names its
    /// conversation with.
    /// - Parameter budget: time for waiting on another filler and for HubSpot (default
    ///   `HUBSPOT_TIMEOUT_MS`).
    public func cachedLookup(_ number: PhoneNumber, budget: Duration? = nil) throws(HubSpotError) -> ContactCache.Answer<LookupAnswer> {
        let budget = budget ?? configuration.requestTimeout
        let answer = try cache.answer(for: .phone(number.e164), ttl: cache.settings.foundTTL,
                                      notFoundTTL: cache.settings.notFoundTTL, budget: budget) { () throws(HubSpotError) in
            LookupAnswer(try directory.lookup(number, budget: budget))
        }
        // Indexed by whoever asked HubSpot, so a change to the contact can drop this answer.
        if answer.source == .miss || answer.source == .shared, let contact = answer.record.contact {
            cache.index(number.e164, forContact: contact.id)
        }
        return answer
    }
}
