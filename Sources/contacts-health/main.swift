// contacts-health: `GET /api/contacts/health` — is this stack up, since when, and can it reach
// HubSpot. The HubSpot connection is checked at start-up and periodically by this responder.
import FastCGI
import HubSpot

Responder.main(name: "contacts-health") { context in
    let environment = Environment.current()
    let configuration = try HubSpotConfiguration(environment: environment)
    let interval = try environment.number("HUBSPOT_CHECK_INTERVAL_SECONDS", default: 300, in: 1...86_400)
    let monitor = ConnectionMonitor(client: HubSpotClient(configuration: configuration), interval: interval,
                                    retryInterval: min(30, interval))
    monitor.startPeriodicChecks()
    let report = HealthReport(context: context, monitor: monitor, recheckSpacing: min(10, interval))
    var router = Router()
    router.get("/api/contacts/health") { routed in
        report.response(recheck: routed.request.query["check"] == "hubspot")
    }
    return router
}
