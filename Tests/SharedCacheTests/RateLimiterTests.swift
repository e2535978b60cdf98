@testable import SharedCache
import Synchronization
import Testing

@Suite struct RateLimiterTests {
    @Test func burstIsImmediateThenTheRateIsEnforcedWithoutWaiting() throws {
        try TemporaryDirectory.with { directory in
            defer { RateSegment.remove(cachePath: directory.cacheFile) }
            let clock = ManualClock()
            let cache = try SharedCache(path: directory.cacheFile, options: options(), system: .manual(clock))
            for _ in 0..<3 { #expect(cache.acquireRateToken(rate: 4, burst: 3, maxWait: 0)) }
            #expect(!cache.acquireRateToken(rate: 4, burst: 3, maxWait: 0))
            clock.advance(seconds: 0.25)
            #expect(cache.acquireRateToken(rate: 4, burst: 3, maxWait: 0))
            #expect(!cache.acquireRateToken(rate: 4, burst: 3, maxWait: 0.2))
            clock.advance(seconds: 10)  // idle: the burst refills, no more
            for _ in 0..<3 { #expect(cache.acquireRateToken(rate: 4, burst: 3, maxWait: 0)) }
            #expect(!cache.acquireRateToken(rate: 4, burst: 3, maxWait: 0))
            #expect(cache.stats().counters[.rateLimitedRejections] == 3)
        }
    }

    @Test func aWaiterSleepsUntilItsReservedSlot() throws {
        try TemporaryDirectory.with { directory in
            defer { RateSegment.remove(cachePath: directory.cacheFile) }
            let cache = try SharedCache(path: directory.cacheFile, options: options())
            #expect(cache.acquireRateToken(rate: 10, burst: 1, maxWait: 0))
            let started = monotonicSeconds()
            #expect(cache.acquireRateToken(rate: 10, burst: 1, maxWait: 1))
            #expect(cache.acquireRateToken(rate: 10, burst: 1, maxWait: 1))
            let waited = monotonicSeconds() - started
            #expect(waited >= 0.19 && waited < 1.0)
            #expect(cache.stats().counters[.rateLimitWaits] == 2)
        }
    }

    @Test func threadsTogetherGetRateTimesTimePlusBurst() throws {
        try TemporaryDirectory.with { directory in
            defer { RateSegment.remove(cachePath: directory.cacheFile) }
            let cache = try SharedCache(path: directory.cacheFile, options: options())
            let granted = Atomic<Int>(0)
            let until = monotonicSeconds() + 1
            onThreads(8) { _ in
                while true {
                    let remaining = until - monotonicSeconds()
                    guard remaining > 0, cache.acquireRateToken(rate: 20, burst: 2, maxWait: remaining) else { return }
                    granted.add(1, ordering: .relaxed)
                }
            }
            #expect((19...22).contains(granted.load(ordering: .relaxed)))  // 20/s x 1 s + burst 2
        }
    }

    @Test func aScheduleFarInTheFutureIsReset() throws {
        try TemporaryDirectory.with { directory in
            defer { RateSegment.remove(cachePath: directory.cacheFile) }
            let clock = ManualClock()
            let cache = try SharedCache(path: directory.cacheFile, options: options(), system: .manual(clock))
            #expect(cache.acquireRateToken(rate: 1, burst: 1, maxWait: 0))
            clock.advance(seconds: -7200)  // the wall clock went back two hours
            #expect(cache.acquireRateToken(rate: 1, burst: 1, maxWait: 0))
        }
    }
}
