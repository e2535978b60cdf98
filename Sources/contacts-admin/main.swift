// contacts-admin: the cache endpoints behind nginx's admin realm —
// `GET /api/contacts/cache/stats` and `POST /api/contacts/cache/clear`.
import Base
import ContactEndpoints
import FastCGI
import HubSpot

Responder.main(name: "contacts-admin") { _ in
    let admin = CacheAdminEndpoint(services: try HubSpotServices(environment: Environment.current()))
    admin.startCheckingHubSpot()
    var router = Router()
    admin.register(in: &router)
    return router
}
