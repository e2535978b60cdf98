import Base

/// OpenPhone's limit: at most `limit` requests per API key in any one-second window (10 by
/// default). Refused requests do not use up the window.
///
/// ```swift
/// var limiter = RateLimiter(limit: 10)
/// limiter.admit("key", now: .now())   // nil for the first 10, then the seconds to wait
/// ```
struct RateLimiter: Sendable {
    /// Requests per second per key; 0 admits everything.
    var limit: Int
    private var admitted: [String: [UInt64]] = [:]
    private static let window: UInt64 = 1_000_000_000

    init(limit: Int) { self.limit = limit }

    /// Admits and records a request (nil), or returns the whole seconds (at least 1) until one
    /// would be admitted, for `Retry-After`.
    mutating func admit(_ key: String, now: MonotonicTime) -> Int? {
        guard limit > 0 else { return nil }
        let time = now.nanoseconds
        var times = admitted[key, default: []]
        times.removeAll { time &- $0 >= Self.window }
        defer { admitted[key] = times }
        guard times.count >= limit else {
            times.append(time)
            return nil
        }
        let free = times[0] &+ Self.window &- time
        return max(1, Int((free + 999_999_999) / 1_000_000_000))
    }
}
