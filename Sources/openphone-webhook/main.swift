// openphone-webhook: `POST /api/webhooks/openphone` — verify, store, then name the conversation
// within a small budget (see MessageEndpoints.WebhookEndpoint).
import Base
import FastCGI
import MessageEndpoints
import Messages

Responder.main(name: "openphone-webhook") { _ in
    let services = try MessagesServices(environment: Environment.current())
    var router = Router()
    WebhookEndpoint(services: services).register(in: &router)
    return router
}
