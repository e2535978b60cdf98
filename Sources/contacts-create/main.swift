// contacts-create: `POST /api/contacts` — create a HubSpot contact for a customer (search first;
// 409 means it exists), cache it and name its conversations (see MessageEndpoints.CreateContactEndpoint).
import Base
import FastCGI
import MessageEndpoints
import Messages

Responder.main(name: "contacts-create") { _ in
    let services = try MessagesServices(environment: Environment.current())
    var router = Router()
    CreateContactEndpoint(services: services).register(in: &router)
    return router
}
