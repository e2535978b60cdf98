// contacts-search: `GET /api/contacts/search?q=` — contacts by name, number or partial number.
import Base
import FastCGI
import ContactEndpoints
import HubSpot

Responder.main(name: "contacts-search") { _ in
    var router = Router()
    SearchEndpoint(services: try HubSpotServices(environment: .current())).register(in: &router)
    return router
}
