// hubspot-webhook: `POST /api/webhooks/hubspot` — HubSpot's change events (a contact renamed,
// merged, deleted; a company renamed), verified, stored, then applied to the inbox and the shared
// cache by the worker's change queue (see MessageEndpoints.HubSpotWebhookEndpoint).
import Base
import FastCGI
import MessageEndpoints
import Messages

Responder.main(name: "hubspot-webhook") { _ in
    let services = try HubSpotChangeServices(environment: Environment.current())
    // Events a previous worker stored but did not apply are taken up at once.
    services.queue.notify()
    var router = Router()
    HubSpotWebhookEndpoint(services: services).register(in: &router)
    return router
}
