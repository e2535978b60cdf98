import SharedCache

/// OpenPhone's 10 requests per second per key, kept for the whole stack in shared memory named
/// after the cache file (``RateBucket/openPhone``): every call from every worker of every
/// responder takes a token here, so the stack stays under `OPENPHONE_RATE`, and once OpenPhone
/// answered 429 none of them asks again before its `Retry-After` is over.
///
/// ```swift
/// let gate = OpenPhoneRateGate(cache: cache, rate: configuration.rate)
/// let client = OpenPhoneClient(configuration: configuration, gate: gate)
/// ```
public struct OpenPhoneRateGate: OpenPhoneGate {
    let cache: SharedCache
    public let rate: Double
    public let burst: Double

    /// - Parameter burst: calls that may go out back to back; 1 spaces them evenly, so arrivals
    ///   jittered on the way never put more than `rate` in one second at OpenPhone.
    public init(cache: SharedCache, rate: Double, burst: Double = 1) {
        self.cache = cache
        self.rate = rate
        self.burst = burst
    }

    public func admit(maxWait: Duration) throws(OpenPhoneError) {
        guard cache.acquireRateToken(.openPhone, rate: rate, burst: burst, maxWait: max(0, maxWait.inSeconds)) else {
            throw .budgetUsedUp(rate: rate)
        }
    }

    public func holdOff(for duration: Duration) { cache.holdOffRate(.openPhone, for: duration.inSeconds) }

    public var holdOffRemaining: Duration { .seconds(cache.rateHoldOffRemaining(.openPhone)) }
}
