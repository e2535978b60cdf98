/// The Redis every host of a cluster shares, and this process's client for it: made once per
/// process, from ``ClusterSettings``, and handed to whatever shares something across hosts.
public struct Cluster: Sendable {
    public let settings: ClusterSettings
    public let redis: RedisClient

    /// Nil on a single host (no `REDIS_URL`).
    public init?(_ settings: ClusterSettings) {
        guard let url = settings.redis else { return nil }
        self.settings = settings
        redis = RedisClient(url: url, timeout: settings.timeout)
    }
}
