// contacts-search: `GET /api/contacts/search?q=` — contacts by name, number or partial number.
import FastCGI
import HubSpot

Responder.main(name: "contacts-search") { _ in
    var router = Router()
    SearchEndpoint(services: try HubSpotServices(environment: .current())).register(in: &router)
    return router
}
