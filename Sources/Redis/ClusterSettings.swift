import Base

/// Whether this host is one of several sharing a HubSpot account, read from the environment.
/// Without `REDIS_URL` it is not (``redis`` is nil) and nothing here changes a thing.
///
/// | variable | default | meaning |
/// |---|---|---|
/// | `REDIS_URL` | unset | the Redis every host shares: `redis://[[user]:password@]host[:port][/db]` or `unix:///path/redis.sock[?db=N]` |
/// | `REDIS_TIMEOUT_MS` | 250 | connecting to Redis and each command; then the host goes on alone |
/// | `REDIS_KEY_PREFIX` | `hubspot-fcgi:` | the start of every key: hosts of one account share it, other deployments on the same Redis must not |
/// | `CLUSTER_HOSTS` | 2 | the most hosts that run at once: while Redis is unreachable each sends at most 1/`CLUSTER_HOSTS` of each rate, so together they stay under the account's limit |
public struct ClusterSettings: Sendable {
    public var redis: RedisURL?
    public var timeout: Duration
    public var keyPrefix: String
    public var hosts: Int

    public init(redis: RedisURL? = nil, timeout: Duration = .milliseconds(250), keyPrefix: String = "hubspot-fcgi:", hosts: Int = 2) {
        self.redis = redis
        self.timeout = timeout
        self.keyPrefix = keyPrefix
        self.hosts = hosts
    }

    public init(environment: Environment) throws(ConfigurationError) {
        redis = try environment["REDIS_URL"].map { (text) throws(ConfigurationError) in try RedisURL(parsing: text) }
        timeout = .milliseconds(Int64(try environment.number("REDIS_TIMEOUT_MS", default: 250, in: 10...10_000)))
        keyPrefix = environment["REDIS_KEY_PREFIX"] ?? "hubspot-fcgi:"
        guard keyPrefix.utf8.count <= 100, !keyPrefix.contains(where: { $0.isWhitespace }) else {
            throw ConfigurationError("REDIS_KEY_PREFIX must be at most 100 characters without spaces")
        }
        let hosts = try environment.number("CLUSTER_HOSTS", default: 2, in: 1...64)
        guard hosts == hosts.rounded() else { throw ConfigurationError("CLUSTER_HOSTS must be a whole number of hosts") }
        self.hosts = Int(hosts)
    }

    /// This host's share of an account-wide `rate` while Redis cannot be asked.
    public func localShare(of rate: Double) -> Double { rate / Double(hosts) }
}
