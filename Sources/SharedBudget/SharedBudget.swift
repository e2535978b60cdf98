import Base
import Redis
import SharedCache

/// One upstream limit's budget (a ``RateBucket``: HubSpot's searches, its other calls, the
/// outbox's share of those, OpenPhone's calls) as the whole deployment shares it: every process
/// of a host through the cache's shared memory and, in a cluster, every host through Redis.
///
/// ```swift
/// let searches = SharedBudget(cache: cache, bucket: .search, rate: 4, burst: 1, cluster: Cluster(settings))
/// switch searches.take(maxWait: .milliseconds(500)) { case .granted: send() … }
/// ```
///
/// In a cluster the tokens come from one bucket in Redis (``RedisRateBucket``), so the hosts
/// together stay under `rate`: HubSpot counts its limits per account, not per host. While Redis
/// cannot be reached, each host takes from its own shared-memory bucket at 1/`CLUSTER_HOSTS` of
/// the rate, so even every host alone cannot add up to more than the account allows; the
/// client logs `redis_unreachable` and health says `degraded`. A 429 (``holdOff(for:)``) holds
/// off the host at once and, through Redis, the other hosts at their next request.
public struct SharedBudget: Sendable {
    public let bucket: RateBucket
    /// Whose hold-off applies: the bucket's own, or for a share of another limit that limit's.
    public let holdOffBucket: RateBucket
    public let rate: Double
    public let burst: Double
    let cache: SharedCache
    let shared: (bucket: RedisRateBucket, hosts: Int)?

    /// - Parameter holdOffBucket: for a share of another bucket's limit (the outbox's of
    ///   HubSpot's non-search calls), that bucket: a 429 stops the whole limit's requests.
    public init(cache: SharedCache, bucket: RateBucket, holdOffBucket: RateBucket? = nil, rate: Double, burst: Double,
                cluster: Cluster?) {
        self.cache = cache
        self.bucket = bucket
        self.holdOffBucket = holdOffBucket ?? bucket
        self.rate = rate
        self.burst = burst
        shared = cluster.map {
            (RedisRateBucket(client: $0.redis, name: bucket.clusterName, holdOffName: (holdOffBucket ?? bucket).clusterName,
                             keyPrefix: $0.settings.keyPrefix), $0.settings.hosts)
        }
    }

    /// What the budget decided about one request.
    public enum Decision: Sendable, Equatable {
        /// Send it (any wait for the token is over).
        case granted
        /// No token within the wait allowed: the deployment's own limit, the upstream was not asked.
        case refused
        /// The upstream's 429, told to another host, holds this long yet.
        case heldOff(remaining: Duration)
    }

    /// Takes a token, waiting at most `maxWait` for it.
    public func take(maxWait: Duration) -> Decision {
        if let shared {
            do throws(RedisError) {
                switch try shared.bucket.take(rate: rate, burst: burst, maxWait: maxWait.inSeconds) {
                case .granted(let wait):
                    if wait > .zero { sleepSeconds(wait.inSeconds) }
                    return .granted
                case .refused:
                    return .refused
                case .heldOff(let remaining):
                    // Told once through Redis, known to every process here without asking again.
                    cache.holdOffRate(holdOffBucket, for: remaining.inSeconds)
                    return .heldOff(remaining: remaining)
                }
            } catch {
                let share = rate / Double(shared.hosts)
                return cache.acquireRateToken(bucket, rate: share, burst: max(1, burst / Double(shared.hosts)),
                                              maxWait: maxWait.inSeconds) ? .granted : .refused
            }
        }
        return cache.acquireRateToken(bucket, rate: rate, burst: burst, maxWait: maxWait.inSeconds) ? .granted : .refused
    }

    /// The upstream answered 429: nothing goes out for `seconds`, from this host at once and, in
    /// a cluster, from the others (unless Redis is down: then they learn by their own 429).
    public func holdOff(for seconds: Double) {
        cache.holdOffRate(holdOffBucket, for: seconds)
        try? shared?.bucket.holdOff(for: seconds)
    }

    /// Seconds left of the hold-off this host knows of; 0 when there is none.
    public var holdOffRemaining: Double { cache.rateHoldOffRemaining(holdOffBucket) }
}

extension RateBucket {
    /// The bucket's name in Redis keys.
    var clusterName: String {
        switch self {
        case .search: "hubspot-search"
        case .general: "hubspot-general"
        case .openPhone: "openphone"
        case .hubspotOutbox: "hubspot-outbox"
        }
    }
}
