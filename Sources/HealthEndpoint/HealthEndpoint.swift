import Base
import FastCGI
import HubSpot

/// `GET /api/contacts/health` (public): is this stack up, since when, can it reach HubSpot, is the
/// shared cache file usable, is any responder's supervisor backing off, and how many deliveries
/// wait as dead letters (``HealthReport``). `?check=hubspot` re-checks HubSpot now (at most every
/// few seconds). The HubSpot connection is also checked at start-up and every
/// `HUBSPOT_CHECK_INTERVAL_SECONDS` (default 300; every 30 s at most while it fails).
///
/// ```swift
/// let health = try HealthEndpoint(context: context, environment: .current())
/// health.startCheckingHubSpot()
/// health.register(in: &router)
/// ```
public struct HealthEndpoint: Sendable {
    public static let path = "/api/contacts/health"

    let report: HealthReport

    public init(context: ResponderContext, environment: Environment) throws(ConfigurationError) {
        let configuration = try HubSpotConfiguration(environment: environment)
        let monitor = ConnectionMonitor(client: HubSpotClient(configuration: configuration))
        report = HealthReport(context: context, monitor: monitor,
                              cache: CacheHealth(settings: try CacheSettings(environment: environment)),
                              responders: ResponderStatusBoard(environment: environment),
                              messages: MessageStoreHealth(environment: environment),
                              cluster: try ClusterHealth(environment: environment),
                              recheckSpacing: min(10, configuration.checkInterval))
    }

    /// Checks HubSpot now and then periodically, on a thread of its own.
    public func startCheckingHubSpot() {
        report.monitor.startPeriodicChecks()
    }

    public func register(in router: inout Router) {
        router.get(Self.path) { routed in
            report.response(recheck: routed.request.query["check"] == "hubspot")
        }
    }
}
