// contacts-lookup: `GET /api/contacts/lookup/{phone}` — one phone number to its HubSpot contact.
import Base
import FastCGI
import ContactEndpoints
import HubSpot

Responder.main(name: "contacts-lookup") { _ in
    var router = Router()
    LookupEndpoint(services: try HubSpotServices(environment: .current())).register(in: &router)
    return router
}
