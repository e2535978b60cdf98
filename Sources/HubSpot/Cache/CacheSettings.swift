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
/// | `CONTACTS_CACHE_LOOKUP_SLOTS` | 524,288 | slots of the cache's smallest size class, where lookup answers live (a power of two from 1,024 to 67,108,864; 448 B each): ~2 per answer to keep, so a portal of a million numbers wants 2,097,152. Every responder must see the same value: another one rebuilds the file |
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
    /// Slots of the answers class by default: 250,000 lookup answers at under half load.
    public static let defaultLookupSlots = 1 << 19
    /// ``layout(lookupSlots:)`` with ``defaultLookupSlots``: 511.5 MiB, room for 250,000 lookup
    /// answers and 10,000 search pages of 50 contacts at once (cache-bench proves it).
    public static let defaultLayout = layout(lookupSlots: defaultLookupSlots)

    /// The cache file's size classes, sized from measured records (`cache-bench` prints them):
    /// a typical contact's ``LookupAnswer`` is ~230 bytes (330 with long names and company), a
    /// page of 50 (``SearchEndpoint/maxLimit``) ~11.5 KB (16 KB if every name is long).
    ///
    /// | class | slots | slot | value under a phone key | holds |
    /// |---|---|---|---|---|
    /// | answers | `lookupSlots` (2^19: 224 MiB) | 448 B | 356 B | lookup answers, the numbers of a contact |
    /// | pages | 8,192 (31.5 MiB) | 4,032 B | ~3.9 KB | search pages of up to ~15 contacts (the default 10), outsized answers |
    /// | big pages | 16,384 (256 MiB) | 16 KiB | ~16.2 KB | pages up to the 50-contact maximum |
    ///
    /// Bounded linear probing overflows long before a table is full, so each class is sized for
    /// about half load at its target (2^19 slots for 250,000 answers, 16,384 for 10,000 pages)
    /// and probes 64 slots (32 evicted one of the 250,000 answers cache-bench stores). The
    /// window costs nothing at that load: a hit reads its home slot, and a miss stops at the
    /// first slot never written (about 2.5 slots at half load, ``SlotTable``) and reads only the
    /// answers class for a number (a larger class is probed only where its entries have their
    /// home, ``SlotField``). The file's blocks are allocated when it is built (a full disk is an
    /// open error, not a SIGBUS later); memory is used only by the slots touched.
    public static func layout(lookupSlots: Int) -> CacheLayout {
        CacheLayout(classes: [
            .init(slotCount: lookupSlots, slotSize: 448, probeLength: 64),
            .init(slotCount: 8192, slotSize: 4032, probeLength: 64),
            .init(slotCount: 16_384, slotSize: 16_384, probeLength: 64),
        ])
    }

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
        let lookupSlots = try environment.number("CONTACTS_CACHE_LOOKUP_SLOTS", default: Double(Self.defaultLookupSlots),
                                                 in: 1024...67_108_864)
        guard lookupSlots == lookupSlots.rounded(), Int(lookupSlots) & (Int(lookupSlots) - 1) == 0 else {
            throw ConfigurationError("CONTACTS_CACHE_LOOKUP_SLOTS must be a power of two, not \(Int(lookupSlots))")
        }
        layout = Self.layout(lookupSlots: Int(lookupSlots))
    }
}
