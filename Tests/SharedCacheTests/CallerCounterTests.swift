@testable import SharedCache
import Testing

/// Counters a caller declares: shared by every handle on the file, apart from the cache's own,
/// and listed by name after them.
@Suite struct CallerCounterTests {
    static let calls = CallerCounter(slot: 0, name: "calls")
    static let refusals = CallerCounter(slot: CallerCounter.capacity - 1, name: "refusals")
    static let unlisted = CallerCounter(slot: 5, name: "unlisted")

    func registering(_ counters: [CallerCounter]) -> SharedCache.Options {
        var registered = options()
        registered.callerCounters = counters
        return registered
    }

    @Test func aCallerCounterIsSharedAndSeparateFromTheCachesOwn() throws {
        try TemporaryDirectory.with { directory in
            let first = try SharedCache(path: directory.cacheFile, options: registering([Self.calls, Self.refusals]))
            let second = try SharedCache(path: directory.cacheFile, options: registering([Self.calls, Self.refusals]))
            first.increment(Self.calls)
            second.increment(Self.calls, by: 2)
            second.increment(Self.refusals)
            let stats = first.stats()
            #expect(stats.count(Self.calls) == 3)
            #expect(stats.count(Self.refusals) == 1)
            #expect(stats.count(Self.unlisted) == 0)
            #expect(CacheCounter.allCases.allSatisfy { stats.counters[$0] == 0 })
        }
    }

    @Test func statsNameTheCachesCountersThenTheRegisteredOnes() throws {
        try TemporaryDirectory.with { directory in
            let cache = try SharedCache(path: directory.cacheFile, options: registering([Self.refusals, Self.calls]))
            cache.increment(Self.calls, by: 4)
            cache.increment(Self.unlisted)
            _ = cache.lookup(CacheKey("absent"))
            let named = cache.stats().namedCounters
            #expect(named.map(\.name) == CacheCounter.allCases.map(\.name) + ["refusals", "calls"])
            #expect(named.first { $0.name == "calls" }?.value == 4)
            #expect(named.first { $0.name == "misses" }?.value == 1)
            #expect(cache.stats().count(Self.unlisted) == 1)  // counted, just not listed
        }
    }

    @Test func aRebuiltFileStartsTheCallerCountersAtZero() throws {
        try TemporaryDirectory.with { directory in
            let cache = try SharedCache(path: directory.cacheFile, options: registering([Self.calls]))
            cache.increment(Self.calls)
            RawFile.write(directory.cacheFile, bytes: [0, 0, 0, 0, 0, 0, 0, 0], at: FileHeader.magicOffset)
            #expect(cache.lookup(CacheKey("k")) == .miss)  // notices the bad magic, rebuilds
            #expect(cache.stats().count(Self.calls) == 0)
            #expect(cache.stats().counters[.rebuilds] == 1)
        }
    }
}
