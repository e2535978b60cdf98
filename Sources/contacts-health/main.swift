// contacts-health: `GET /api/contacts/health` — is this stack up, since when, can it reach
// HubSpot, is the shared cache file usable, and is any responder's supervisor backing off, and how many deliveries wait as dead letters. The
// HubSpot connection is checked at start-up and periodically by this responder.
import FastCGI
import HubSpot

Responder.main(name: "contacts-health") { context in
    let environment = Environment.current()
    let configuration = try HubSpotConfiguration(environment: environment)
    let interval = try environment.number("HUBSPOT_CHECK_INTERVAL_SECONDS", default: 300, in: 1...86_400)
    let monitor = ConnectionMonitor(client: HubSpotClient(configuration: configuration), interval: interval,
                                    retryInterval: min(30, interval))
    monitor.startPeriodicChecks()
    let cache = CacheHealth(settings: try CacheSettings(environment: environment))
    let report = HealthReport(context: context, monitor: monitor, cache: cache,
                              responders: ResponderStatusBoard(environment: environment),
                              deadLetters: DeadLetterHealth(environment: environment),
                              recheckSpacing: min(10, interval))
    var router = Router()
    router.get("/api/contacts/health") { routed in
        report.response(recheck: routed.request.query["check"] == "hubspot")
    }
    return router
}
