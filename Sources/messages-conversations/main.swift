// messages-conversations: `GET /api/messages/conversations` — the inbox list, named from the
// store and the shared cache, HubSpot's answers waited for within a budget
// (see MessageEndpoints.ConversationsEndpoint) — and one conversation's thread and read mark
// (MessageEndpoints.ThreadEndpoint).
import Base
import FastCGI
import MessageEndpoints
import Messages

Responder.main(name: "messages-conversations") { _ in
    let services = try MessagesServices(environment: Environment.current())
    var router = Router()
    ConversationsEndpoint(services: services).register(in: &router)
    ThreadEndpoint(services: services).register(in: &router)
    return router
}
