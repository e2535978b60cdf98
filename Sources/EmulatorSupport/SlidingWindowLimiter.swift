import Base

/// A sliding window per key: at most `limit` admitted calls in any window (HubSpot's search
/// limit is 5 per second per account, its other calls 100 per rolling 10 s; OpenPhone's is 10
/// per second per key). Refused calls do not use up the window.
///
/// ```swift
/// var limiter = SlidingWindowLimiter()
/// if !limiter.admit("key", limit: 5, now: clock.monotonic()) {
///     let retryAfter = limiter.secondsUntilFree("key", now: clock.monotonic())
/// }
/// ```
public struct SlidingWindowLimiter: Sendable {
    public let window: Duration
    private let windowNanoseconds: UInt64
    private var admitted: [String: [UInt64]] = [:]

    public init(window: Duration = .seconds(1)) {
        self.window = window
        windowNanoseconds = UInt64(window.components.seconds) * 1_000_000_000
            + UInt64(window.components.attoseconds / 1_000_000_000)
    }

    /// Records and admits a call unless `limit` calls were admitted in the window ending `now`.
    /// A `limit` of 0 (or less) admits everything.
    public mutating func admit(_ key: String, limit: Int, now: MonotonicTime) -> Bool {
        guard limit > 0 else { return true }
        let time = now.nanoseconds
        var times = admitted[key, default: []]
        times.removeAll { time &- $0 >= windowNanoseconds }
        defer { admitted[key] = times }
        guard times.count < limit else { return false }
        times.append(time)
        return true
    }

    /// Calls admitted for `key` in the window ending `now`.
    public func count(_ key: String, now: MonotonicTime) -> Int {
        admitted[key, default: []].count { now.nanoseconds &- $0 < windowNanoseconds }
    }

    /// Whole seconds (at least 1) until the oldest call admitted for `key` leaves the window,
    /// i.e. until a refused call would be admitted: the value of `Retry-After`.
    public func secondsUntilFree(_ key: String, now: MonotonicTime) -> Int {
        let time = now.nanoseconds
        guard let oldest = admitted[key, default: []].first(where: { time &- $0 < windowNanoseconds }) else { return 1 }
        let remaining = oldest &+ windowNanoseconds &- time
        return max(1, Int((remaining + 999_999_999) / 1_000_000_000))
    }
}
