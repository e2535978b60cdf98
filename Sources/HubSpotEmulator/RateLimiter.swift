/// A sliding window per key (one second unless set): at most `limit` admitted calls in any
/// window (HubSpot's search limit is 5 per second per account; other calls 100 per rolling 10 s).
/// Refused calls do not use up the window.
///
/// ```swift
/// var limiter = SlidingWindowLimiter()
/// limiter.admit("full", limit: 5, now: clock.monotonicNanoseconds())   // true for the first 5
/// ```
struct SlidingWindowLimiter {
    let windowNanoseconds: UInt64
    private var admitted: [String: [UInt64]] = [:]

    init(windowNanoseconds: UInt64 = 1_000_000_000) { self.windowNanoseconds = windowNanoseconds }

    /// Records and admits a call unless `limit` calls were admitted in the last window.
    /// A `limit` of 0 admits everything.
    mutating func admit(_ key: String, limit: Int, now: UInt64) -> Bool {
        guard limit > 0 else { return true }
        var times = admitted[key, default: []]
        times.removeAll { now &- $0 >= windowNanoseconds }
        guard times.count < limit else {
            admitted[key] = times
            return false
        }
        times.append(now)
        admitted[key] = times
        return true
    }

    /// Calls admitted for `key` in the window ending `now`.
    func count(_ key: String, now: UInt64) -> Int {
        admitted[key, default: []].count { now &- $0 < windowNanoseconds }
    }

    /// Whole seconds (at least 1) until the oldest call admitted for `key` leaves the window,
    /// i.e. until a refused call would be admitted.
    func secondsUntilFree(_ key: String, now: UInt64) -> Int {
        guard let oldest = admitted[key, default: []].first(where: { now &- $0 < windowNanoseconds }) else { return 1 }
        let remaining = oldest &+ windowNanoseconds &- now
        return max(1, Int((remaining + 999_999_999) / 1_000_000_000))
    }
}
