import Redis
import SharedBudget
import SharedCache

/// A request class's budget and hold-off for the whole deployment (a ``SharedBudget``): every
/// request of the class, from every worker of every responder and, in a cluster, of every host,
/// passes here, so the deployment stays under the class's rate (`HUBSPOT_SEARCH_RATE`,
/// `HUBSPOT_GENERAL_RATE`) and, once HubSpot answered 429, none of them asks again before the
/// wait is over. A request that cannot get a token within its time budget is refused as
/// `rate_limited` by the stack itself (``HubSpotError/isLocalRateLimit``), or served stale by
/// the caller.
public struct StackRateGate: RequestGate {
    let cache: SharedCache
    public let requestClass: RequestClass
    let budget: SharedBudget

    public init(cache: SharedCache, requestClass: RequestClass, rate: Double, burst: Double, cluster: Cluster? = nil) {
        self.init(cache: cache, requestClass: requestClass,
                  budget: SharedBudget(cache: cache, bucket: requestClass == .search ? .search : .general,
                                       rate: rate, burst: burst, cluster: cluster))
    }

    private init(cache: SharedCache, requestClass: RequestClass, budget: SharedBudget) {
        self.cache = cache
        self.requestClass = requestClass
        self.budget = budget
    }

    /// The communications outbox's share of HubSpot's non-search limit: tokens from a bucket of
    /// its own (`rate` per second, so a backlog never takes the lookups' share), and the
    /// non-search class's hold-off after a 429 (one limit at HubSpot, whoever was told).
    public static func outboxShare(cache: SharedCache, rate: Double, cluster: Cluster? = nil) -> StackRateGate {
        StackRateGate(cache: cache, requestClass: .general,
                      budget: SharedBudget(cache: cache, bucket: .hubspotOutbox, holdOffBucket: .general,
                                           rate: rate, burst: 1, cluster: cluster))
    }

    public func admit(maxWait: Duration) throws(HubSpotError) {
        switch budget.take(maxWait: maxWait) {
        case .granted:
            // The stats' upstream calls are what lookups cost: searches.
            if requestClass == .search { cache.increment(.upstreamCalls) }
        case .refused:
            throw HubSpotError(kind: .rateLimited,
                               message: "the stack's HubSpot \(requestClass.rawValue) budget (\(budget.rate)/s) is used up; retry shortly",
                               retryAfter: 1, status: nil, neverSent: true)
        case .heldOff(let remaining):
            throw .rateLimited(retryAfter: remaining.inSeconds)
        }
    }

    public func holdOff(for seconds: Double) { budget.holdOff(for: seconds) }

    public var holdOffRemaining: Double { budget.holdOffRemaining }
}
