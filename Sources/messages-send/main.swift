// messages-send: `POST /api/messages` — a text from the inbox, stored before it goes to
// OpenPhone, sent once per idempotency key (see MessageEndpoints.SendEndpoint). Its own
// responder: sends wait on OpenPhone, and must never hold up the list or the webhook.
import Base
import FastCGI
import MessageEndpoints
import Messages
import OpenPhoneAPI

Responder.main(name: "messages-send") { _ in
    let environment = Environment.current()
    let services = try MessagesServices(environment: environment)
    let configuration = try OpenPhoneConfiguration(environment: environment)
    var sender: TextSender? = nil
    if configuration.apiKey != nil {
        let client = OpenPhoneClient(configuration: configuration,
                                     gate: OpenPhoneRateGate(cache: services.hubspot.cache.file, rate: configuration.rate))
        sender = TextSender(store: services.store, client: client, sweep: UnconfirmedSendSweep(store: services.store))
    } else {
        Log.warning("openphone_not_configured", ["detail": "OPENPHONE_API_KEY is not set; sends answer 503"])
    }
    var router = Router()
    SendEndpoint(services: services, sender: sender).register(in: &router)
    return router
}
