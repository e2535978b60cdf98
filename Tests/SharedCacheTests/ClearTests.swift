@testable import SharedCache
import Testing

@Suite struct ClearTests {
    @Test func clearDropsEverythingForEveryHandleAndReportsTheCount() throws {
        try TemporaryDirectory.with { directory in
            let first = try SharedCache(path: directory.cacheFile, options: options())
            let second = try SharedCache(path: directory.cacheFile, options: options())
            for number in 0..<10 {
                first.store(CacheKey("+1902555000\(number)"), value: bytes("v\(number)"), kind: .found, ttl: 60, staleTTL: 600)
            }
            guard case .fresh = second.lookup(CacheKey("+19025550003")) else { Issue.record("not shared"); return }
            let generation = second.stats().generation
            #expect(second.clear() == 10)
            #expect(first.stats().generation == generation + 1)
            for number in 0..<10 {
                #expect(first.lookup(CacheKey("+1902555000\(number)")) == .miss)
                #expect(second.peek(CacheKey("+1902555000\(number)")) == .miss)  // not even stale
            }
            #expect(first.stats().entries == 0)
            #expect(first.clear() == 0)
        }
    }

    @Test func storesAfterAClearAreVisibleAndReuseTheOldSlots() throws {
        try TemporaryDirectory.with { directory in
            let cache = try SharedCache(path: directory.cacheFile, options: options())
            let key = CacheKey("+19025551234")
            cache.store(key, value: bytes("before"), kind: .found, ttl: 60, staleTTL: 600)
            cache.clear()
            cache.store(key, value: bytes("after"), kind: .found, ttl: 60, staleTTL: 600)
            #expect(cache.lookup(key).entry?.value == bytes("after"))
            #expect(cache.stats().entries == 1)
            #expect(cache.stats().counters[.evictions] == 0)  // old-generation slots are free, not evicted
        }
    }
}
