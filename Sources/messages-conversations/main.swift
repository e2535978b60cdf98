// messages-conversations: `GET /api/messages/conversations` — the inbox list, named from the
// store, the shared cache and at most one batched HubSpot search (see Messages.ConversationsEndpoint).
import FastCGI
import Messages

Responder.main(name: "messages-conversations") { _ in
    let services = try MessagesServices(environment: Environment.current())
    var router = Router()
    ConversationsEndpoint(store: services.store, naming: services.naming,
                          budget: services.settings.conversationsLookupBudget, audit: services.hubspot.audit,
                          portalID: services.hubspot.configuration.portalID).register(in: &router)
    return router
}
