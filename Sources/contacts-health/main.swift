// contacts-health: `GET /api/contacts/health` — is this stack up, and is everything it depends
// on usable (see HealthEndpoint).
import Base
import FastCGI
import HealthEndpoint

Responder.main(name: "contacts-health") { context in
    let health = try HealthEndpoint(context: context, environment: Environment.current())
    health.startCheckingHubSpot()
    var router = Router()
    health.register(in: &router)
    return router
}
