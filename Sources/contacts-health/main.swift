// contacts-health: `GET /api/contacts/health` — is this stack up, since when, and can it reach
// HubSpot. The HubSpot connection is checked at start-up and periodically by this responder.
import FastCGI
import HubSpot

Responder.main(name: "contacts-health") { context in
    let configuration = try HubSpotConfiguration(environment: .current())
    let monitor = ConnectionMonitor(client: HubSpotClient(configuration: configuration))
    monitor.startPeriodicChecks()
    let report = HealthReport(context: context, monitor: monitor)
    var router = Router()
    router.get("/api/contacts/health") { routed in
        report.response(recheck: routed.request.query["check"] == "hubspot")
    }
    return router
}
