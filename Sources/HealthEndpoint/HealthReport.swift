import Base
import FastCGI
import HubSpot
import JSON
import Synchronization

/// The health answer: the responder is up (`status` is `ok`, or `degraded` while HubSpot cannot
/// be reached, the cache file is unavailable, a responder's supervisor is backing off, a
/// cluster's Redis is unreachable or the message store cannot be read — lookups still serve what
/// they can), since when, the HubSpot
/// connection, the shared cache file, every responder's state, the cluster and the webhook's
/// dead letters. Public: no pid, version, path or error text.
///
/// The parts fixed for the life of a worker are rendered once: health is polled often and should
/// cost next to nothing.
final class HealthReport: Sendable {
    let context: ResponderContext
    let monitor: ConnectionMonitor
    let cache: CacheHealth
    let responders: ResponderStatusBoard
    /// Nil when the stack has no message store (`MESSAGES_DB` unset).
    let messages: MessageStoreHealth?
    /// Nil on a single host (`REDIS_URL` unset).
    let cluster: ClusterHealth?
    private let fixed: JSONObject
    /// On-demand re-checks (`?check=hubspot`) are public: at most one per this many seconds.
    private let recheckSpacing: Double
    private let lastRecheck = Mutex<MonotonicTime?>(nil)
    /// The last rendered body, reused while the uptime second and the HubSpot state are the same
    /// (so the cache figures are at most a second old).
    private let rendered = ReadMostly<(second: Int64, hubspot: JSONValue, body: [UInt8])>((-1, .null, []))

    init(context: ResponderContext, monitor: ConnectionMonitor, cache: CacheHealth,
         responders: ResponderStatusBoard, messages: MessageStoreHealth?, cluster: ClusterHealth? = nil,
         recheckSpacing: Double) {
        self.context = context
        self.monitor = monitor
        self.cache = cache
        self.responders = responders
        self.messages = messages
        self.cluster = cluster
        self.recheckSpacing = recheckSpacing
        fixed = [
            "service": .string(BuildInfo.product),
            "startedAt": .string(context.startedAt.iso8601),
            "workers": .int(Int64(context.workers)),
            "threadsPerWorker": .int(Int64(context.threadsPerWorker)),
        ]
    }

    func response(recheck: Bool) -> Response {
        if recheck && recheckAllowed() { monitor.check() }
        let hubspot = Self.publicView(monitor.json)
        let second = Timestamp.now().seconds
        let cached = rendered.read()
        let body: [UInt8]
        if cached.second == second && cached.hubspot == hubspot {
            body = cached.body
        } else {
            body = render(second: second, hubspot: hubspot)
            rendered.replace(with: (second, hubspot, body))
        }
        return Response(headers: .noStore, jsonBytes: body)
    }

    /// Health is public: it says whether and why (the error code) HubSpot fails, not the detail
    /// (transport messages may name internal hosts); admins see the detail in the cache stats.
    static func publicView(_ hubspot: JSONValue) -> JSONValue {
        guard var object = hubspot.objectValue else { return hubspot }
        object["message"] = nil
        return .object(object)
    }

    private func render(second: Int64, hubspot: JSONValue) -> [UInt8] {
        let cacheState = cache.json
        let processes = responders.view()
        let clusterState = cluster?.json
        let deadLetters = messages?.deadLetters
        // The store that cannot be read (a cluster's PostgreSQL down): deliveries and lists answer
        // 503 meanwhile.
        let degraded = hubspot["state"] == "failed" || cacheState["state"] != "ok" || processes.degraded
            || clusterState?["redis"] == "unreachable" || deadLetters?["state"] == "unavailable"
        var body: JSONObject = ["status": degraded ? "degraded" : "ok"]
        for (key, value) in fixed { body[key] = value }
        body["uptimeSeconds"] = .int(max(0, second - context.startedAt.seconds))
        body["hubspot"] = hubspot
        body["cache"] = cacheState
        body["responders"] = processes.json
        if let clusterState { body["cluster"] = clusterState }
        if let messages, let deadLetters {
            body["deadLetters"] = deadLetters
            body["hubspotSync"] = messages.hubspotSync
        }
        return JSONValue.object(body).encoded()
    }

    private func recheckAllowed() -> Bool {
        let now = MonotonicTime.now()
        return lastRecheck.withLock { last in
            if let last, now.seconds(since: last) < recheckSpacing { return false }
            last = now
            return true
        }
    }
}
