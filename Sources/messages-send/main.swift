// messages-send: `POST /api/messages` — a text from the inbox, stored before it goes to
// OpenPhone, sent once per idempotency key (see MessageEndpoints.SendEndpoint). Its own
// responder: sends wait on OpenPhone, and must never hold up the list or the webhook.
import Base
import FastCGI
import MessageEndpoints
import Messages

Responder.main(name: "messages-send") { _ in
    var router = Router()
    SendEndpoint(services: try SendingServices(environment: Environment.current())).register(in: &router)
    return router
}
