// contacts-admin: the cache endpoints behind nginx's admin realm —
// `GET /api/contacts/cache/stats` and `POST /api/contacts/cache/clear`.
import Base
import FastCGI
import ContactEndpoints
import HubSpot

Responder.main(name: "contacts-admin") { _ in
    let environment = Environment.current()
    let services = try HubSpotServices(environment: environment)
    let interval = try environment.number("HUBSPOT_CHECK_INTERVAL_SECONDS", default: 300, in: 1...86_400)
    let monitor = ConnectionMonitor(client: services.client, interval: interval, retryInterval: min(30, interval))
    monitor.startPeriodicChecks()
    var router = Router()
    CacheAdminEndpoint(services: services, monitor: monitor).register(in: &router)
    return router
}
