import Base
import EmulatorSupport
import Testing

@Suite("Sliding-window limiter")
struct SlidingWindowLimiterTests {
    /// `admit` outside `#expect`, which cannot hold a mutation.
    func admit(_ limiter: inout SlidingWindowLimiter, _ key: String, limit: Int, now: MonotonicTime) -> Bool {
        limiter.admit(key, limit: limit, now: now)
    }

    @Test("At most `limit` calls per window per key; refusals are free; Retry-After rounds up")
    func window() {
        let clock = ManualClock()
        var limiter = SlidingWindowLimiter(window: .seconds(10))
        for _ in 0..<3 { #expect(admit(&limiter, "a", limit: 3, now: clock.monotonic)) }
        #expect(admit(&limiter, "b", limit: 3, now: clock.monotonic))
        clock.advance(milliseconds: 300)
        #expect(!admit(&limiter, "a", limit: 3, now: clock.monotonic))
        #expect(limiter.count("a", now: clock.monotonic) == 3)
        #expect(limiter.secondsUntilFree("a", now: clock.monotonic) == 10)
        clock.advance(milliseconds: 9_000)
        #expect(limiter.secondsUntilFree("a", now: clock.monotonic) == 1)
        clock.advance(milliseconds: 699)
        #expect(!admit(&limiter, "a", limit: 3, now: clock.monotonic))
        clock.advance(milliseconds: 1)
        #expect(admit(&limiter, "a", limit: 3, now: clock.monotonic))
        #expect(limiter.count("a", now: clock.monotonic) == 1)
        #expect(admit(&limiter, "anything", limit: 0, now: clock.monotonic))
    }
}
