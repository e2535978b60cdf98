import Base
import SharedCache

/// How contact answers are cached and how fast HubSpot may be asked (searches and other calls
/// apart, as HubSpot limits them), read from the environment.
///
/// | variable | default | meaning |
/// |---|---|---|
/// | `CONTACTS_CACHE_FILE` | `/var/lib/hubspot-fcgi/contacts.cache` | the shared cache file |
/// | `CONTACTS_CACHE_TTL` | 300 s | a found contact |
/// | `CONTACTS_NEGATIVE_TTL` | 60 s | "not in HubSpot" |
/// | `CONTACTS_SEARCH_TTL` | 60 s | a search page |
/// | `CONTACTS_STALE_TTL` | 86,400 s | how long an expired answer may still be served when HubSpot fails |
/// | `HUBSPOT_SEARCH_RATE` | 4 /s | searches per second for the whole stack (HubSpot allows 5 per account) |
/// | `HUBSPOT_SEARCH_BURST` | 1 | searches that may go out back to back (1: evenly spaced, so jittered arrivals never put more than 5 in a second at HubSpot) |
/// | `HUBSPOT_GENERAL_RATE` | 8 /s | every other HubSpot call (company names, contacts by id, creates, the connection check) per second for the whole stack: HubSpot allows 100 per 10 s per private app, counted apart from searches |
/// | `HUBSPOT_GENERAL_BURST` | 10 | such calls that may go out back to back (8/s with 10 at once stays under 90 in any 10 s, leaving room for the tools outside the stack) |
public struct CacheSettings: Sendable {
    public var path: String
    public var foundTTL: Double
    public var notFoundTTL: Double
    public var searchTTL: Double
    public var staleTTL: Double
    public var searchRate: Double
    public var searchBurst: Double
    public var generalRate: Double
    public var generalBurst: Double
    public var layout: CacheLayout

    public static let defaultPath = "/var/lib/hubspot-fcgi/contacts.cache"
    /// 16,384 slots of 16 KiB (a 256 MiB file, its blocks allocated when it is built, so a full
    /// disk is an open error rather than a SIGBUS later; memory is used only by touched slots):
    /// room for the largest search page the search endpoint serves (``SearchEndpoint/maxLimit``).
    public static let defaultLayout = CacheLayout(slotCount: 16_384, slotSize: 16_384)

    public init(environment: Environment) throws(ConfigurationError) {
        path = environment["CONTACTS_CACHE_FILE"] ?? Self.defaultPath
        foundTTL = try environment.number("CONTACTS_CACHE_TTL", default: 300, in: 1...604_800)
        notFoundTTL = try environment.number("CONTACTS_NEGATIVE_TTL", default: 60, in: 1...604_800)
        searchTTL = try environment.number("CONTACTS_SEARCH_TTL", default: 60, in: 1...604_800)
        staleTTL = try environment.number("CONTACTS_STALE_TTL", default: 86_400, in: 0...2_592_000)
        searchRate = try environment.number("HUBSPOT_SEARCH_RATE", default: 4, in: 0.1...10_000)
        searchBurst = try environment.number("HUBSPOT_SEARCH_BURST", default: 1, in: 1...10_000)
        generalRate = try environment.number("HUBSPOT_GENERAL_RATE", default: 8, in: 0.1...10_000)
        generalBurst = try environment.number("HUBSPOT_GENERAL_BURST", default: 10, in: 1...10_000)
        layout = Self.defaultLayout
    }
}
