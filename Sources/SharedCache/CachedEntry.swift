/// What an answer was: something the upstream has, or its confirmed "not there".
/// There is deliberately no error kind: upstream failures are never stored.
public enum EntryKind: UInt8, Sendable {
    case found = 1
    case notFound = 2
}

/// One stored answer, copied out of the mapping.
public struct CachedEntry: Sendable, Equatable {
    /// The rendered JSON, ready to write into the response.
    public let value: [UInt8]
    public let kind: EntryKind
    /// Milliseconds since the Unix epoch.
    public let storedAt: Int64
    /// Fresh until then; after it the entry is stale.
    public let expiresAt: Int64
    /// Servable as stale (only when the upstream fails) until then; after it the entry is dead.
    public let staleUntil: Int64

    public init(value: [UInt8], kind: EntryKind, storedAt: Int64, expiresAt: Int64, staleUntil: Int64) {
        self.value = value
        self.kind = kind
        self.storedAt = storedAt
        self.expiresAt = expiresAt
        self.staleUntil = staleUntil
    }

    /// Seconds since the entry was stored, at `now` (ms since epoch).
    public func age(now: Int64) -> Double { Double(max(0, now - storedAt)) / 1000 }
}

/// The answer of ``SharedCache/lookup(_:)``.
///
/// ```swift
/// switch cache.lookup(key) {
/// case .fresh(let entry): respond(entry.value)               // "cache":"hit"
/// case .stale(let entry): keep(entry); fill()     // serve entry only if the fill fails
/// case .miss: fill()
/// }
/// ```
public enum CacheLookup: Sendable, Equatable {
    /// Younger than its TTL.
    case fresh(CachedEntry)
    /// Past its TTL but younger than its stale window: serve it only when the fill fails.
    case stale(CachedEntry)
    /// Absent, dead, from an older generation, or unreadable (torn) right now.
    case miss

    /// The entry, fresh or stale.
    public var entry: CachedEntry? {
        switch self {
        case .fresh(let entry), .stale(let entry): entry
        case .miss: nil
        }
    }
}

/// The answer of ``SharedCache/store(_:value:kind:ttl:staleTTL:)``.
public enum StoreResult: Sendable, Equatable {
    case stored
    /// The key or the value does not fit the layout's capacities; nothing was stored.
    case tooLarge
    /// Every candidate slot was being written by a live process; nothing was stored (best effort).
    case busy
    /// The cache runs without its file (see ``SharedCache/init(openingWhenPossible:options:)``).
    case unavailable
}
