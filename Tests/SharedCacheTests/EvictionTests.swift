@testable import SharedCache
import Testing

@Suite struct EvictionTests {
    // One window: 8 slots, probe 8, so every key competes for the same slots.
    let oneWindow = CacheLayout(slotCount: 8, slotSize: 512, probeLength: 8)

    @Test func policyPrefersSameKeyThenFreeThenExpiredThenClock() {
        func candidate(_ index: Int, _ state: SlotCandidate.State) -> SlotCandidate {
            SlotCandidate(index: index, sequence: UInt64(index * 2), state: state)
        }
        let live = [candidate(0, .live(referenced: true)), candidate(1, .live(referenced: false)),
                    candidate(2, .live(referenced: true))]
        #expect(Eviction.choose(live + [candidate(3, .sameKey)], hand: 0)?.index == 3)
        #expect(Eviction.choose(live + [candidate(3, .reusable)], hand: 0)?.evicts == false)
        let expired = live + [candidate(3, .expired(expiresAt: 50)), candidate(4, .expired(expiresAt: 20))]
        #expect(Eviction.choose(expired, hand: 0) == EvictionChoice(index: 4, sequence: 8, evicts: true, passedOver: []))
        #expect(Eviction.choose(live, hand: 0) == EvictionChoice(index: 1, sequence: 2, evicts: true, passedOver: [0]))
        #expect(Eviction.choose(live, hand: 2) == EvictionChoice(index: 1, sequence: 2, evicts: true, passedOver: [2, 0]))
        let allReferenced = [candidate(0, .live(referenced: true)), candidate(1, .live(referenced: true))]
        #expect(Eviction.choose(allReferenced, hand: 1) == EvictionChoice(index: 1, sequence: 2, evicts: true, passedOver: [0]))
        #expect(Eviction.choose([candidate(0, .busy)], hand: 0) == nil)
    }

    @Test func expiredEntriesGoBeforeFreshOnes() throws {
        try TemporaryDirectory.with { directory in
            let clock = ManualClock()
            let cache = try SharedCache(path: directory.cacheFile, options: options(oneWindow), system: .manual(clock))
            for number in 0..<4 { cache.store(CacheKey("+short\(number)"), value: bytes("s"), kind: .found, ttl: 10, staleTTL: 1000) }
            for number in 0..<4 { cache.store(CacheKey("+long\(number)"), value: bytes("l"), kind: .found, ttl: 1000, staleTTL: 1000) }
            clock.advance(seconds: 11)
            for number in 0..<4 { cache.store(CacheKey("+new\(number)"), value: bytes("n"), kind: .found, ttl: 1000, staleTTL: 1000) }
            for number in 0..<4 {
                #expect(cache.peek(CacheKey("+short\(number)")) == .miss)
                guard case .fresh = cache.peek(CacheKey("+long\(number)")) else { Issue.record("fresh evicted"); return }
                guard case .fresh = cache.peek(CacheKey("+new\(number)")) else { Issue.record("new missing"); return }
            }
            #expect(cache.stats().counters[.evictions] == 4)  // stale-servable entries count as evicted
        }
    }

    @Test func deadEntriesAreReusedWithoutCountingEvictions() throws {
        try TemporaryDirectory.with { directory in
            let clock = ManualClock()
            let cache = try SharedCache(path: directory.cacheFile, options: options(oneWindow), system: .manual(clock))
            for number in 0..<8 { cache.store(CacheKey("+old\(number)"), value: bytes("o"), kind: .found, ttl: 10, staleTTL: 10) }
            clock.advance(seconds: 11)
            for number in 0..<8 { cache.store(CacheKey("+new\(number)"), value: bytes("n"), kind: .found, ttl: 10, staleTTL: 10) }
            #expect(cache.stats().counters[.evictions] == 0)
            #expect(cache.stats().entries == 8)
        }
    }

    @Test func clockSparesRecentlyHitEntries() throws {
        try TemporaryDirectory.with { directory in
            let cache = try SharedCache(path: directory.cacheFile, options: options(oneWindow))
            let keys = (0..<8).map { CacheKey("+key\($0)") }
            for key in keys { cache.store(key, value: bytes("v"), kind: .found, ttl: 1000, staleTTL: 1000) }
            for key in keys where key != keys[5] { _ = cache.lookup(key) }  // all but one referenced
            cache.store(CacheKey("+newcomer"), value: bytes("n"), kind: .found, ttl: 1000, staleTTL: 1000)
            #expect(cache.peek(keys[5]) == .miss)
            for key in keys where key != keys[5] {
                guard case .fresh = cache.peek(key) else { Issue.record("hit entry \(key) evicted"); return }
            }
            #expect(cache.stats().counters[.evictions] == 1)
        }
    }

    @Test func aFullSmallCacheKeepsStoringAndCountsEvictions() throws {
        try TemporaryDirectory.with { directory in
            let cache = try SharedCache(path: directory.cacheFile, options: options())
            var stored = 0
            for number in 0..<1000 {
                if cache.store(CacheKey("+1902\(number)"), value: bytes("v\(number)"), kind: .found, ttl: 1000,
                               staleTTL: 1000) == .stored { stored += 1 }
            }
            #expect(stored == 1000)
            let stats = cache.stats()
            #expect(stats.entries == 64)
            #expect(stats.counters[.evictions] == 1000 - 64)
            #expect(stats.counters[.stores] == 1000)
            guard case .fresh = cache.lookup(CacheKey("+1902999")) else { Issue.record("last store missing"); return }
        }
    }
}
