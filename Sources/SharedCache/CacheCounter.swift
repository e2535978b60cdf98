/// One of the cache's own counters in the file header, shared by every process (exact: atomic
/// adds on the mapping). What only a caller knows is counted in its ``CallerCounter``s.
///
/// ```swift
/// cache.increment(.staleServed)
/// cache.stats().counters[.hits]
/// ```
public enum CacheCounter: Int, Sendable, CaseIterable {
    /// Lookups answered fresh.
    case hits = 0
    /// Lookups that found nothing fresh (absent, stale, dead, torn).
    case misses
    /// Stale entries served because `produce` failed (counted by the caller, which serves them).
    case staleServed
    /// Entries written.
    case stores
    /// Fills that waited for another process's fill and read its stored result.
    case coalescedWaits
    /// Fills that waited their whole `waitTimeout` without a result.
    case fillTimeouts
    /// Fill leases taken over from a dead or expired holder.
    case fillTakeovers
    /// Rate-limiter tokens that had to be waited for.
    case rateLimitWaits
    /// Rate-limiter requests refused because no token came within `maxWait`.
    case rateLimitedRejections
    /// Live entries pushed out to make room.
    case evictions
    /// Cache files rebuilt because the old one was invalid (the count the current file was born with).
    case rebuilds
    /// Reads that gave up on a slot (writer inside too long, or checksum mismatch).
    case tornReads
    /// Slot write leases broken because their holder died or overran its deadline.
    case leasesBroken
    /// Stores refused: too large for the layout, or every candidate slot busy.
    case storesSkipped

    /// snake_case, for JSON keys and Prometheus metric names.
    public var name: String { snakeCase(String(describing: self)) }

    var offset: Int { FileHeader.countersOffset + rawValue * 8 }
}

/// `storesSkipped` → `stores_skipped`.
func snakeCase(_ identifier: String) -> String {
    var result = ""
    for character in identifier {
        if character.isUppercase {
            result += "_" + character.lowercased()
        } else {
            result.append(character)
        }
    }
    return result
}
