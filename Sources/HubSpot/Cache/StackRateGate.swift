import SharedCache

/// A request class's budget and hold-off for the whole stack, in shared memory named after the
/// cache file (so it holds with or without the file): every request of the class, from every
/// worker of every responder, passes here, so the stack stays under the class's rate
/// (`HUBSPOT_SEARCH_RATE`, `HUBSPOT_GENERAL_RATE`) and, once HubSpot answered 429, none of them
/// asks again before the wait is over. A request that cannot get a token within its time budget
/// is refused as `rate_limited` by the stack itself (``HubSpotError/isLocalRateLimit``), or
/// served stale by the caller.
public struct StackRateGate: RequestGate {
    let cache: SharedCache
    public let requestClass: RequestClass
    let rate: Double
    let burst: Double

    public init(cache: SharedCache, requestClass: RequestClass, rate: Double, burst: Double) {
        self.cache = cache
        self.requestClass = requestClass
        self.rate = rate
        self.burst = burst
    }

    var bucket: RateBucket {
        switch requestClass {
        case .search: .search
        case .general: .general
        }
    }

    public func admit(maxWait: Duration) throws(HubSpotError) {
        guard cache.acquireRateToken(bucket, rate: rate, burst: burst, maxWait: maxWait.inSeconds) else {
            throw HubSpotError(kind: .rateLimited,
                               message: "the stack's HubSpot \(requestClass.rawValue) budget (\(rate)/s) is used up; retry shortly",
                               retryAfter: 1, status: nil)
        }
        // The stats' upstream calls are what lookups cost: searches.
        if requestClass == .search { cache.increment(.upstreamCalls) }
    }

    public func holdOff(for seconds: Double) { cache.holdOffRate(bucket, for: seconds) }

    public var holdOffRemaining: Double { cache.rateHoldOffRemaining(bucket) }
}
