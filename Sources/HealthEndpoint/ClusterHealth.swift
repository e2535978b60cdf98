import Base
import JSON
import Redis
import Synchronization

/// What health shows of the cluster this host is part of (`REDIS_URL`): `{"redis":"ok","hosts":2}`,
/// or `{"redis":"unreachable","hosts":2,"budgets":"local_share"}` while every rate budget is
/// this host's 1/`CLUSTER_HOSTS` share — the stack is then degraded: it works, more slowly.
/// Public, so no address. Redis is asked (`PING`) at most once per ``checkSpacing``: health is
/// polled often.
final class ClusterHealth: Sendable {
    static let checkSpacing = 1.0
    private let cluster: Cluster
    private let last = Mutex<(reachable: Bool, at: MonotonicTime?)>((true, nil))

    /// Nil on a single host.
    init?(environment: Environment) throws(ConfigurationError) {
        guard let cluster = Cluster(try ClusterSettings(environment: environment)) else { return nil }
        self.cluster = cluster
    }

    var isReachable: Bool {
        last.withLock { state in
            let now = MonotonicTime.now()
            if let at = state.at, now.seconds(since: at) < Self.checkSpacing { return state.reachable }
            state = ((try? cluster.redis.command(["PING"])) == .status("PONG"), now)
            return state.reachable
        }
    }

    var json: JSONValue {
        var body: JSONObject = ["hosts": .int(Int64(cluster.settings.hosts))]
        if isReachable {
            body["redis"] = "ok"
        } else {
            body["redis"] = "unreachable"
            body["budgets"] = "local_share"
        }
        return .object(body)
    }
}
