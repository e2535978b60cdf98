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

    /// Where tokens come from: the class's bucket, or a share of its limit.
    let bucket: RateBucket

    public init(cache: SharedCache, requestClass: RequestClass, rate: Double, burst: Double) {
        self.init(cache: cache, requestClass: requestClass, bucket: requestClass == .search ? .search : .general,
                  rate: rate, burst: burst)
    }

    private init(cache: SharedCache, requestClass: RequestClass, bucket: RateBucket, rate: Double, burst: Double) {
        self.cache = cache
        self.requestClass = requestClass
        self.bucket = bucket
        self.rate = rate
        self.burst = burst
    }

    /// The communications outbox's share of HubSpot's non-search limit: tokens from a bucket of
    /// its own (`rate` per second, so a backlog never takes the lookups' share), and the
    /// non-search class's hold-off after a 429 (one limit at HubSpot, whoever was told).
    public static func outboxShare(cache: SharedCache, rate: Double) -> StackRateGate {
        StackRateGate(cache: cache, requestClass: .general, bucket: .hubspotOutbox, rate: rate, burst: 1)
    }

    /// The hold-off word: the class's, shared with any share of its limit.
    var holdOffBucket: RateBucket { requestClass == .search ? .search : .general }

    public func admit(maxWait: Duration) throws(HubSpotError) {
        guard cache.acquireRateToken(bucket, rate: rate, burst: burst, maxWait: maxWait.inSeconds) else {
            throw HubSpotError(kind: .rateLimited,
                               message: "the stack's HubSpot \(requestClass.rawValue) budget (\(rate)/s) is used up; retry shortly",
                               retryAfter: 1, status: nil, neverSent: true)
        }
        // The stats' upstream calls are what lookups cost: searches.
        if requestClass == .search { cache.increment(.upstreamCalls) }
    }

    public func holdOff(for seconds: Double) { cache.holdOffRate(holdOffBucket, for: seconds) }

    public var holdOffRemaining: Double { cache.rateHoldOffRemaining(holdOffBucket) }
}
