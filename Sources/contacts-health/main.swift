// contacts-health: `GET /api/contacts/health` — is this stack up, and since when.
import FastCGI
import JSON

Responder.main(name: "contacts-health") { context in
    var router = Router()
    router.get("/api/contacts/health") { _ in
        HealthReport(context: context).response()
    }
    return router
}
