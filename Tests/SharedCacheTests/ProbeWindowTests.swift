@testable @_spi(Testing) import SharedCache
import Testing

/// A probe ends at the first slot never written; a slot emptied since (a removal, a clear, a
/// dead entry) does not end it.
@Suite struct ProbeWindowTests {
    /// Three keys with the same home slot in `smallLayout` (64 slots).
    func collidingKeys(_ cache: SharedCache) -> [CacheKey] {
        let table = cache.mapping().tables[0]
        let first = CacheKey("+19025550000")
        let home = table.homeSlot(first)
        let others = (1..<10_000).lazy.map { CacheKey("+1902555\(10_000 + $0)") }.filter { table.homeSlot($0) == home }
        return [first] + Array(others.prefix(2))
    }

    @Test func keysPastAnEmptiedSlotAreStillFoundAndStoredOnce() throws {
        try TemporaryDirectory.with { directory in
            let cache = try SharedCache(path: directory.cacheFile, options: options())
            let keys = collidingKeys(cache)
            for key in keys { cache.store(key, value: bytes("\(key)"), kind: .found, ttl: 60, staleTTL: 60) }
            let table = cache.mapping().tables[0]
            #expect(keys.map { slotLocation(of: $0, in: cache)?.index } == (0..<3).map { (table.homeSlot(keys[0]) + $0) & 63 })
            #expect(cache.remove(keys[0]) == 1)
            #expect(cache.lookup(keys[2]).entry?.value == bytes("\(keys[2])"))
            // A new value for a key past the emptied slot replaces it where it is, not in the hole.
            cache.store(keys[2], value: bytes("new"), kind: .found, ttl: 60, staleTTL: 60)
            #expect(copies(of: keys[2], in: cache) == 1)
            #expect(cache.lookup(keys[2]).entry?.value == bytes("new"))
            cache.clear()
            #expect(cache.lookup(keys[1]) == .miss)
            cache.store(keys[1], value: bytes("after"), kind: .found, ttl: 60, staleTTL: 60)
            #expect(cache.lookup(keys[1]).entry?.value == bytes("after"))
        }
    }

    @Test func aMissReadsNoSlotPastTheFirstNeverWritten() throws {
        try TemporaryDirectory.with { directory in
            let cache = try SharedCache(path: directory.cacheFile, options: options())
            let keys = collidingKeys(cache)
            cache.store(keys[0], value: bytes("a"), kind: .found, ttl: 60, staleTTL: 60)
            var visited: [Int] = []
            cache.mapping().tables[0].forEachSlot(inWindowOf: keys[1]) { visited.append($0); return false }
            let home = cache.mapping().tables[0].homeSlot(keys[0])
            #expect(visited == [home, (home + 1) & 63])
        }
    }
}
