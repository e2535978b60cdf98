@testable import SharedCache
import Glibc
import Testing

/// One bucket and one hold-off per upstream limit (HubSpot's two, OpenPhone's one) in the shared
/// rate segment: what one class spends or is told never touches another, and every process of
/// the stack sees a hold-off.
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

    @Test func openPhonesBucketIsSpentApartFromHubSpots() throws {
        try TemporaryDirectory.with { directory in
            defer { RateSegment.remove(cachePath: directory.cacheFile) }
            let clock = ManualClock()
            let cache = try SharedCache(path: directory.cacheFile, options: options(), system: .manual(clock))
            #expect(cache.acquireRateToken(.openPhone, rate: 1, burst: 1, maxWait: 0))
            #expect(!cache.acquireRateToken(.openPhone, rate: 1, burst: 1, maxWait: 0))
            // OpenPhone's budget used up: both HubSpot buckets are untouched, and the other way round.
            #expect(cache.acquireRateToken(.search, rate: 1, burst: 1, maxWait: 0))
            #expect(cache.acquireRateToken(.general, rate: 1, burst: 1, maxWait: 0))
            #expect(!cache.acquireRateToken(.search, rate: 1, burst: 1, maxWait: 0))
            #expect(!cache.acquireRateToken(.general, rate: 1, burst: 1, maxWait: 0))
            clock.advance(seconds: 1)
            #expect(cache.acquireRateToken(.openPhone, rate: 1, burst: 1, maxWait: 0))
        }
    }

    @Test func openPhonesHoldOffIsItsOwn() throws {
        try TemporaryDirectory.with { directory in
            defer { RateSegment.remove(cachePath: directory.cacheFile) }
            let clock = ManualClock()
            let told = try SharedCache(path: directory.cacheFile, options: options(), system: .manual(clock))
            let other = try SharedCache(path: directory.cacheFile, options: options(), system: .manual(clock))
            told.holdOffRate(.openPhone, for: 5)
            #expect(other.rateHoldOffRemaining(.openPhone) == 5)
            #expect(other.rateHoldOffRemaining(.search) == 0 && other.rateHoldOffRemaining(.general) == 0)
            told.holdOffRate(.search, for: 30)
            told.holdOffRate(.general, for: 30)
            #expect(other.rateHoldOffRemaining(.openPhone) == 5)
        }
    }

    @Test func withoutSharedMemoryEachBucketHasItsOwnFileHeaderWord() throws {
        let words = RateBucket.allCases.map(\.fileHeaderOffset)
        #expect(Set(words).count == RateBucket.allCases.count)
        // Inside the header's free words: before the counters, after everything fixed.
        #expect(words.allSatisfy { $0 >= FileHeader.rateScheduleOffset && $0 + 8 <= FileHeader.countersOffset })
        #expect(RateBucket.allCases.allSatisfy { $0.holdOffOffset + 8 <= RateSegment.pathOffset })
        try TemporaryDirectory.with { directory in
            var noShm = SystemCalls.manual(ManualClock())
            noShm.openSharedMemory = { _, _, _ in errno = EACCES; return -1 }
            let cache = try SharedCache(path: directory.cacheFile, options: options(), system: noShm)
            #expect(cache.acquireRateToken(.openPhone, rate: 1, burst: 1, maxWait: 0))
            #expect(!cache.acquireRateToken(.openPhone, rate: 1, burst: 1, maxWait: 0))  // the file's word holds
            #expect(cache.acquireRateToken(.search, rate: 1, burst: 1, maxWait: 0))
            #expect(cache.acquireRateToken(.general, rate: 1, burst: 1, maxWait: 0))
        }
    }
}
