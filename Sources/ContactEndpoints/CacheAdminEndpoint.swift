import Base
import FastCGI
import HubSpot
import JSON
import SharedCache

/// The admin endpoints (nginx's admin realm):
/// - `GET /api/contacts/cache/stats` → JSON, or Prometheus text with `Accept: text/plain` or
///   `?format=prometheus`: entries, capacity, file size, ratios, every shared counter, generation,
///   oldest entry age, the HubSpot connection.
/// - `POST /api/contacts/cache/clear` → drops every entry for every process at once; audited.
public struct CacheAdminEndpoint: Sendable {
    public let services: HubSpotServices
    public let monitor: ConnectionMonitor

    /// - Parameter monitor: the HubSpot connection the stats show; by default one of this
    ///   endpoint's own, which ``startCheckingHubSpot()`` starts.
    public init(services: HubSpotServices, monitor: ConnectionMonitor? = nil) {
        self.services = services
        self.monitor = monitor ?? ConnectionMonitor(client: services.client)
    }

    /// Checks HubSpot now and then periodically, on a thread of its own.
    public func startCheckingHubSpot() {
        monitor.startPeriodicChecks()
    }

    public func register(in router: inout Router) {
        router.get("/api/contacts/cache/stats") { routed in stats(routed.request) }
        router.post("/api/contacts/cache/clear", maxBodyBytes: 1024) { routed in clear(routed) }
    }

    func stats(_ request: Request) -> Response {
        let stats = services.cache.file.stats()
        let wantsText = request.query["format"] == "prometheus"
            || (request.headers["accept"]?.hasPrefix("text/plain") ?? false)
        if wantsText {
            let headers = HTTPHeaders([("Content-Type", "text/plain; version=0.0.4; charset=utf-8"),
                                       ("Cache-Control", "no-store")])
            return Response(headers: headers, body: Array(PrometheusText.render(stats, monitor: monitor.current).utf8))
        }
        return Response(headers: .noStore, json: Self.json(stats, hubspot: monitor.json))
    }

    static func json(_ stats: CacheStats, hubspot: JSONValue) -> JSONValue {
        var counters = JSONObject()
        for counter in stats.namedCounters { counters[counter.name] = .int(Int64(counter.value)) }
        return [
            "path": .string(stats.path),
            "entries": .int(Int64(stats.entries)),
            "freshEntries": .int(Int64(stats.freshEntries)),
            "capacity": .int(Int64(stats.capacity)),
            "fileSizeBytes": .int(Int64(stats.fileSize)),
            "fillRatio": .double(stats.fillRatio),
            "hitRatio": .double(stats.hitRatio),
            "generation": .int(Int64(stats.generation)),
            "createdAt": .string(Timestamp(milliseconds: stats.createdAt).iso8601),
            "oldestEntryAgeSeconds": stats.oldestEntryAge.map { .double($0) } ?? .null,
            "counters": .object(counters),
            "hubspot": hubspot,
        ]
    }

    func clear(_ routed: RoutedRequest) -> Response {
        let started = MonotonicTime.now()
        let dropped = services.cache.clear()
        let generation = services.cache.file.stats().generation
        services.audit.record(.init(endpoint: "cache_clear", user: routed.request.remoteUser,
                                    requestID: routed.request.requestID,
                                    subject: ["entriesDropped": .int(Int64(dropped))], result: "cleared",
                                    latencyMilliseconds: MonotonicTime.now().seconds(since: started) * 1000))
        Log.info("cache_cleared", ["user": routed.request.remoteUser ?? "-", "entries": String(dropped)])
        return Response(headers: .noStore,
                        json: ["cleared": true, "entriesDropped": .int(Int64(dropped)),
                               "generation": .int(Int64(generation))])
    }
}
