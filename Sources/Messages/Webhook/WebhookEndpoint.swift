import FastCGI
import JSON
import MessageStore
import OpenPhone
import PhoneNumbers

/// `POST /api/webhooks/openphone`: OpenPhone's deliveries, public in nginx, authenticated here.
///
/// Order matters: verify the signature over the raw body (401 when missing, malformed, forged or
/// outside the 5-minute window), parse (400), **store** (503 on failure, so OpenPhone retries),
/// and only then spend at most `WEBHOOK_ENRICH_BUDGET_MS` naming the conversation from the cache
/// or one HubSpot lookup. HubSpot slow or down never delays the answer beyond that budget and
/// never loses the message; the background sync names it later. A redelivered event is stored
/// once and answered 200. Event types that carry no message are acknowledged (200) and logged.
///
/// ```json
/// {"received":true,"eventId":"EV1","type":"message.received","stored":true,"duplicate":false,
///  "conversationId":12,"name":"Ada Lovelace","nameSource":"hubspot","naming":"hubspot"}
/// ```
public struct WebhookEndpoint: Sendable {
    public static let path = "/api/webhooks/openphone"
    /// OpenPhone's payloads are a few KiB; nginx caps the body too.
    public static let maxBodyBytes = 256 * 1024

    let settings: MessagesSettings
    let store: MessageStore
    let namer: CustomerNamer
    let region: PhoneRegion
    let verifier: WebhookVerifier?

    public init(settings: MessagesSettings, store: MessageStore, namer: CustomerNamer, region: PhoneRegion) {
        self.settings = settings
        self.store = store
        self.namer = namer
        self.region = region
        verifier = settings.webhookSecret.map { WebhookVerifier(secret: $0) }
        if verifier == nil {
            if settings.allowUnsigned {
                Log.warning("webhook_unsigned_accepted",
                            ["detail": "OPENPHONE_WEBHOOK_ALLOW_UNSIGNED=1: deliveries are NOT authenticated (development only)"])
            } else {
                Log.warning("webhook_not_configured",
                            ["detail": "OPENPHONE_WEBHOOK_SECRET is not set: every delivery is refused with 503"])
            }
        }
    }

    public func register(in router: inout Router) {
        // Authenticated by OpenPhone's signature over the body, never by browser credentials.
        router.post(Self.path, maxBodyBytes: Self.maxBodyBytes, crossSite: .authenticatedByBody) { routed in
            try handle(routed.request)
        }
    }

    func handle(_ request: Request) throws -> Response {
        try authenticate(request)
        let event: WebhookEvent
        do {
            event = try WebhookEvent(parsing: request.body)
        } catch {
            throw HTTPError(.badRequest, code: error.code, message: error.message,
                            details: error.field.map { ["field": .string($0)] } ?? [:])
        }
        var answer: JSONObject = ["received": true, "eventId": .string(event.id), "type": .string(event.type.rawValue)]
        guard let message = event.message else {
            Log.info("webhook_ignored", ["event": event.id, "type": event.type.rawValue])
            answer["stored"] = false
            return Response(json: .object(answer))
        }
        let inbound: InboundMessage
        do {
            inbound = try InboundMessage(event: event, message: message, defaultRegion: region)
        } catch {
            throw HTTPError(.badRequest, code: error.code, message: error.message)
        }
        let outcome: RecordOutcome
        do {
            outcome = try store.record(inbound)
        } catch {
            Log.error("webhook_store_failed", ["event": event.id, "error": error.description])
            throw HTTPError(.serviceUnavailable, code: "store_unavailable",
                            message: "The message could not be stored; OpenPhone will retry the delivery.",
                            headers: HTTPHeaders([("Retry-After", "5")]))
        }
        answer["stored"] = true
        answer["conversationId"] = .int(outcome.conversationID.rawValue)
        if case .duplicate = outcome {
            answer["duplicate"] = true
            return Response(json: .object(answer))
        }
        answer["duplicate"] = false
        var conversation = try? store.conversation(outcome.conversationID)
        var naming = CustomerNamer.Source.alreadyNamed
        if let current = conversation, current.nameSource.needsLookup {
            // Naming: at most the enrichment budget; what it learned is read back for the answer.
            naming = namer.name([inbound.customer], budget: settings.enrichBudget, maxRequests: 1)
                .sources[inbound.customer] ?? .pending
            conversation = (try? store.conversation(outcome.conversationID)) ?? current
        }
        answer["naming"] = .string(naming.rawValue)
        if let conversation {
            answer["name"] = conversation.name.map { .string($0.rawValue) } ?? .null
            answer["nameSource"] = conversation.nameSource == .none ? .null : .string(conversation.nameSource.rawValue)
        }
        return Response(json: .object(answer))
    }

    private func authenticate(_ request: Request) throws(HTTPError) {
        guard let verifier else {
            if settings.allowUnsigned { return }
            throw HTTPError(.serviceUnavailable, code: "webhook_not_configured",
                            message: "OPENPHONE_WEBHOOK_SECRET is not configured on this server; deliveries are refused.")
        }
        do {
            _ = try verifier.verify(headers: { request.headers[$0] }, rawBody: request.body,
                                    now: Timestamp.now().seconds)
        } catch {
            Log.warning("webhook_rejected", ["reason": error.code, "request_id": request.requestID ?? "-"])
            if error.kind == .cryptoUnavailable { throw HTTPError.internalError }
            throw HTTPError(.unauthorized, code: error.code, message: error.message)
        }
    }
}
