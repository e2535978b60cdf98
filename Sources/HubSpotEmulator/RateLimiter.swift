/// A sliding one-second window per key: at most `limit` admitted calls in any window
/// (HubSpot's search limit is 5 per second per account). Refused calls do not use up the window.
///
/// ```swift
/// var limiter = SlidingWindowLimiter()
/// limiter.admit("full", limit: 5, now: clock.monotonicNanoseconds())   // true for the first 5
/// ```
struct SlidingWindowLimiter {
    var windowNanoseconds: UInt64 = 1_000_000_000
    private var admitted: [String: [UInt64]] = [:]

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
}
