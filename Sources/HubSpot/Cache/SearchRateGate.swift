import SharedCache

/// Admits a HubSpot search only when the stack-wide token bucket (shared memory named after the
/// cache file, so it holds with or without the file) has a token:
/// every search of every worker of every responder passes here, so the whole stack stays under
/// `HUBSPOT_SEARCH_RATE` and never sends HubSpot a burst of 429s. A search that cannot get a
/// token within its time budget is refused as `rate_limited` (or served stale by the caller).
public struct SearchRateGate: RequestGate {
    let cache: SharedCache
    let rate: Double
    let burst: Double

    public init(cache: SharedCache, rate: Double, burst: Double) {
        self.cache = cache
        self.rate = rate
        self.burst = burst
    }

    public func admit(maxWait: Double) throws(HubSpotError) {
        guard cache.acquireRateToken(rate: rate, burst: burst, maxWait: maxWait) else {
            throw HubSpotError(kind: .rateLimited,
                               message: "the stack's HubSpot search budget (\(rate)/s) is used up; retry shortly",
                               retryAfter: 1, status: nil)
        }
        cache.increment(.upstreamCalls)
    }
}
