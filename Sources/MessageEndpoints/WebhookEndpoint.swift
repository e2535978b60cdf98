import Base
import ContactEndpoints
import FastCGI
import HubSpot
import JSON
import MessageStore
import Messages
import OpenPhone
import PhoneNumbers

/// `POST /api/webhooks/openphone`: OpenPhone's deliveries, public in nginx, authenticated here.
///
/// Order matters: verify the signature over the raw body (401 when missing, malformed, forged or
/// outside the 5-minute window; nothing is stored), read it (``DeliveryReader``), **store** (503
/// with `Retry-After` on failure, so OpenPhone retries), and only then wait at most
/// `WEBHOOK_ENRICH_BUDGET_MS` for the conversation's name: from the cache at once, else from the
/// responder's naming thread (``BackgroundNaming``), which finishes its HubSpot lookup even when
/// the answer has gone without it. HubSpot slow or down never delays the answer beyond that
/// budget and never loses the message. A redelivered event is stored once and answered 200.
/// Event types that carry no message are acknowledged (200) and logged.
///
/// A verified body this version cannot read (not JSON, an unknown shape, a field it cannot use)
/// is kept as a dead letter and acknowledged 202, because a 4xx would make OpenPhone drop it
/// after its retries; `messages-dead-letters replay` reads it again after an upgrade. Only with
/// `OPENPHONE_WEBHOOK_ALLOW_UNSIGNED=1` (development), where nothing is verified, is such a body
/// a 400 instead: unauthenticated bytes are never kept.
///
/// ```json
/// {"received":true,"eventId":"EV1","type":"message.received","stored":true,"duplicate":false,
///  "conversationId":12,"name":"Ada Lovelace","nameSource":"hubspot","naming":"hubspot"}
/// {"received":true,"eventId":"EV2","type":"message.received","stored":false,"deadLetter":true,
///  "duplicate":false,"reason":"missing_field"}
/// ```
public struct WebhookEndpoint: Sendable {
    public static let path = "/api/webhooks/openphone"
    /// OpenPhone's payloads are a few KiB; nginx caps the body too.
    public static let maxBodyBytes = 256 * 1024

    let settings: MessagesSettings
    let store: MessageStore
    let naming: BackgroundNaming
    let reader: DeliveryReader
    let verifier: WebhookVerifier?

    public init(services: MessagesServices) {
        self.init(settings: services.settings, store: services.store, naming: services.naming,
                  region: services.hubspot.configuration.defaultRegion)
    }

    /// The endpoint over its parts (tests substitute a HubSpot of their own).
    init(settings: MessagesSettings, store: MessageStore, naming: BackgroundNaming, region: PhoneRegion) {
        self.settings = settings
        self.store = store
        self.naming = naming
        reader = DeliveryReader(region: region)
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
        let verified = try authenticate(request)
        switch reader.read(request.body) {
        case .message(let event, let inbound):
            return try record(inbound, of: event)
        case .noMessage(let event):
            Log.info("webhook_ignored", ["event": event.id, "type": event.type.rawValue])
            return Response(json: ["received": true, "eventId": .string(event.id), "type": .string(event.type.rawValue),
                                   "stored": false])
        case .unreadable(let reason):
            guard verified else {
                throw HTTPError(.badRequest, code: reason.code, message: reason.message,
                                details: reason.field.map { ["field": .string($0)] } ?? [:])
            }
            return try keepDeadLetter(request.body, reason: reason)
        }
    }

    /// Stores a message event, then names its conversation within the budget.
    private func record(_ inbound: InboundMessage, of event: WebhookEvent) throws -> Response {
        var answer: JSONObject = ["received": true, "eventId": .string(event.id), "type": .string(event.type.rawValue)]
        let outcome: RecordOutcome
        do {
            outcome = try store.record(inbound)
        } catch {
            Log.error("webhook_store_failed", ["event": event.id, "error": error.description])
            throw Self.storeUnavailable
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
            // Naming waits at most the enrichment budget; a lookup still running then finishes in
            // the background. What it learned in time is read back for the answer.
            naming = self.naming.name([inbound.customer], wait: settings.enrichBudget)
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

    /// Keeps a verified body this version cannot read, and acknowledges it (202).
    private func keepDeadLetter(_ body: [UInt8], reason: DeadLetterReason) throws -> Response {
        guard let letter = reader.deadLetter(body, reason: reason) else { throw Self.storeUnavailable }
        let receipt: DeadLetterReceipt
        do {
            receipt = try store.keepDeadLetter(letter)
        } catch {
            Log.error("webhook_dead_letter_failed", ["event": letter.eventID ?? "-", "reason": reason.code,
                                                      "error": error.description])
            throw Self.storeUnavailable
        }
        Log.warning("webhook_dead_letter", ["event": letter.eventID ?? "-", "type": letter.eventType ?? "-",
                                            "reason": reason.code, "field": reason.field ?? "-",
                                            "dead_letter": receipt.id.description,
                                            "first_delivery": receipt.firstDelivery ? "1" : "0"])
        var answer: JSONObject = ["received": true, "stored": false, "deadLetter": true,
                                  "duplicate": .bool(!receipt.firstDelivery), "reason": .string(reason.code)]
        if let id = letter.eventID { answer["eventId"] = .string(id) }
        if let type = letter.eventType { answer["type"] = .string(type) }
        return Response(status: .accepted, json: .object(answer))
    }

    /// Nothing was kept: OpenPhone must deliver the event again.
    static let storeUnavailable = HTTPError(.serviceUnavailable, code: "store_unavailable",
                                            message: "The delivery could not be stored; OpenPhone will retry it.",
                                            headers: HTTPHeaders([("Retry-After", "5")]))

    /// Whether the body's signature was verified: true, or false when unsigned deliveries are
    /// allowed (development); throws when the delivery must be refused.
    private func authenticate(_ request: Request) throws(HTTPError) -> Bool {
        guard let verifier else {
            if settings.allowUnsigned { return false }
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
        return true
    }
}
