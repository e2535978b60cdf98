@testable import SharedCache
import Testing

@Suite struct ExpiryTests {
    func withCache(_ body: (SharedCache, ManualClock) throws -> Void) throws {
        try TemporaryDirectory.with { directory in
            let clock = ManualClock()
            try body(try SharedCache(path: directory.cacheFile, options: options(), system: .manual(clock)), clock)
        }
    }

    @Test func freshUntilTheTTLThenStaleThenGone() throws {
        try withCache { cache, clock in
            let key = CacheKey("+19025551234")
            cache.store(key, value: bytes("ada"), kind: .found, ttl: 300, staleTTL: 86_400)
            clock.advance(seconds: 299.9)
            guard case .fresh = cache.lookup(key) else { Issue.record("expected fresh"); return }
            clock.advance(seconds: 0.1)
            guard case .stale(let entry) = cache.lookup(key) else { Issue.record("expected stale"); return }
            #expect(entry.value == bytes("ada"))
            clock.advance(seconds: 86_400 - 300 - 0.001)
            guard case .stale = cache.lookup(key) else { Issue.record("expected stale at the edge"); return }
            clock.advance(seconds: 0.001)
            #expect(cache.lookup(key) == .miss)
            let counters = cache.stats().counters
            #expect(counters[.hits] == 1)
            #expect(counters[.misses] == 3)  // stale lookups are misses: the caller fills
        }
    }

    @Test func negativeEntriesKeepTheirOwnShorterTTL() throws {
        try withCache { cache, clock in
            let found = CacheKey("+19025551234"), absent = CacheKey("+19025550000")
            cache.store(found, value: bytes("ada"), kind: .found, ttl: 300, staleTTL: 300)
            cache.store(absent, value: bytes("null"), kind: .notFound, ttl: 60, staleTTL: 60)
            #expect(cache.lookup(absent).entry?.kind == .notFound)
            clock.advance(seconds: 61)
            #expect(cache.lookup(absent) == .miss)  // no stale window asked: gone at its TTL
            guard case .fresh(let entry) = cache.lookup(found) else { Issue.record("expected fresh"); return }
            #expect(entry.kind == .found)
        }
    }

    @Test func searchEntriesAreSeparateKeysWithTheirOwnTTL() throws {
        try withCache { cache, clock in
            cache.store(CacheKey("search:bay 123"), value: bytes("[1]"), kind: .found, ttl: 30, staleTTL: 600)
            cache.store(CacheKey("bay 123"), value: bytes("x"), kind: .found, ttl: 300, staleTTL: 600)
            clock.advance(seconds: 31)
            guard case .stale = cache.lookup(CacheKey("search:bay 123")) else { Issue.record("expected stale"); return }
            guard case .fresh = cache.lookup(CacheKey("bay 123")) else { Issue.record("expected fresh"); return }
        }
    }

    @Test func restoringAKeyReplacesItInPlace() throws {
        try withCache { cache, clock in
            let key = CacheKey("+19025551234")
            cache.store(key, value: bytes("old"), kind: .found, ttl: 10, staleTTL: 100)
            clock.advance(seconds: 20)
            cache.store(key, value: bytes("new"), kind: .found, ttl: 10, staleTTL: 100)
            #expect(cache.lookup(key).entry?.value == bytes("new"))
            #expect(cache.stats().entries == 1)
        }
    }

    @Test func staleWindowShorterThanTTLMeansNoStaleWindow() throws {
        try withCache { cache, clock in
            let key = CacheKey("+1")
            cache.store(key, value: bytes("v"), kind: .found, ttl: 60, staleTTL: 10)
            clock.advance(seconds: 59)
            guard case .fresh = cache.lookup(key) else { Issue.record("expected fresh"); return }
            clock.advance(seconds: 1)
            #expect(cache.lookup(key) == .miss)
        }
    }

    @Test func statsCountEntriesFreshnessAndOldestAge() throws {
        try withCache { cache, clock in
            cache.store(CacheKey("+1"), value: bytes("a"), kind: .found, ttl: 10, staleTTL: 1000)
            clock.advance(seconds: 30)
            cache.store(CacheKey("+2"), value: bytes("b"), kind: .found, ttl: 10, staleTTL: 1000)
            _ = cache.lookup(CacheKey("+2"))
            _ = cache.lookup(CacheKey("+3"))
            let stats = cache.stats()
            #expect(stats.entries == 2)
            #expect(stats.freshEntries == 1)
            #expect(stats.oldestEntryAge == 30)
            #expect(stats.hitRatio == 0.5)
            #expect(stats.fillRatio == 2.0 / 64)
            #expect(stats.capacity == 64)
        }
    }
}
