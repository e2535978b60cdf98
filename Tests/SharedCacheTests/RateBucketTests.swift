@testable import SharedCache
import Testing

/// One bucket and one hold-off per HubSpot limit in the shared rate segment: what one class
/// spends or is told never touches the other, and every process of the stack sees a hold-off.
@Suite struct RateBucketTests {
    @Test func theBucketsAreSpentApart() throws {
        try TemporaryDirectory.with { directory in
            defer { RateSegment.remove(cachePath: directory.cacheFile) }
            let clock = ManualClock()
            let cache = try SharedCache(path: directory.cacheFile, options: options(), system: .manual(clock))
            #expect(cache.acquireRateToken(.search, rate: 1, burst: 1, maxWait: 0))
            #expect(!cache.acquireRateToken(.search, rate: 1, burst: 1, maxWait: 0))
            for _ in 0..<3 { #expect(cache.acquireRateToken(.general, rate: 1, burst: 3, maxWait: 0)) }
            #expect(!cache.acquireRateToken(.general, rate: 1, burst: 3, maxWait: 0))
            clock.advance(seconds: 1)
            #expect(cache.acquireRateToken(.search, rate: 1, burst: 1, maxWait: 0))
        }
    }

    @Test func aHoldOffIsSeenByEveryProcessOfItsBucketOnlyAndOnlyLengthens() throws {
        try TemporaryDirectory.with { directory in
            defer { RateSegment.remove(cachePath: directory.cacheFile) }
            let clock = ManualClock()
            let told = try SharedCache(path: directory.cacheFile, options: options(), system: .manual(clock))
            let other = try SharedCache(path: directory.cacheFile, options: options(), system: .manual(clock))
            told.holdOffRate(.general, for: 10)
            #expect(other.rateHoldOffRemaining(.general) == 10)
            #expect(other.rateHoldOffRemaining(.search) == 0)
            told.holdOffRate(.general, for: 1)  // a shorter wait told later does not cut the longer one
            clock.advance(seconds: 4)
            #expect(other.rateHoldOffRemaining(.general) == 6)
            clock.advance(seconds: 6)
            #expect(other.rateHoldOffRemaining(.general) == 0)
        }
    }

    @Test func aHoldOffWordFarInTheFutureIsIgnored() throws {
        try TemporaryDirectory.with { directory in
            defer { RateSegment.remove(cachePath: directory.cacheFile) }
            let clock = ManualClock()
            let cache = try SharedCache(path: directory.cacheFile, options: options(), system: .manual(clock))
            #expect(cache.rateHoldOffRemaining(.search) == 0)
            // Garbage, or a clock that went back by days: not a reason to stop the stack.
            let segment = try #require(cache.sharedRateSegment())
            segment.holdOff(.search).storeBytes(of: Int64.max, as: Int64.self)
            #expect(cache.rateHoldOffRemaining(.search) == 0)
            cache.holdOffRate(.search, for: 2)
            #expect(cache.rateHoldOffRemaining(.search) == 2)
        }
    }
}
