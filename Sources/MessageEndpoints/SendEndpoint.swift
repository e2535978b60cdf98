import Base
import FastCGI
import HubSpot
import JSON
import MessageStore
import Messages
import OpenPhoneAPI
import PhoneNumbers

/// `POST /api/messages` (operator realm): sends a text through OpenPhone.
///
/// Body: `{"conversationId": 7, "text": "…"}`, `{"to": "+1…", "text": "…"}` (a new conversation, or
/// the number's conversation on the sending line) or `{"retryOf": "m_42"}` (a failed message
/// sent again). An `Idempotency-Key` header makes a repeated request — a double click, a client
/// retrying after a lost answer — store and send once: the repeat answers what the first stored.
///
/// → 202 `{"message":{…},"conversation":{…}}`: the message was stored before OpenPhone was asked,
/// and its `status` says what OpenPhone answered — `queued` (accepted; webhooks move it on),
/// `failed` with `failure` (refused or unreachable; nothing is lost, retry with `retryOf`), or
/// `sending` (the answer was lost after the request went out; a webhook or, after two minutes
/// without one, the unconfirmed-send check settles it). Refusals: 400 for the body, 404
/// `conversation_not_found` / `message_not_found`, 409 `opted_out` (the customer texted a stop
/// word), 409 `idempotency_key_reused`, 503 `openphone_not_configured`, 503 `openphone_unavailable`
/// (no line to start a conversation from), 503 `store_unavailable` (nothing stored or sent).
public struct SendEndpoint: Sendable {
    public static let path = "/api/messages"
    /// 1,600 characters of up to 4 UTF-8 bytes, JSON-escaped, with room for the other fields.
    public static let maxBodyBytes = 16 * 1024
    static let maxKeyLength = 200

    let sender: TextSender?
    let audit: AuditLog
    let portalID: String?
    let region: PhoneRegion

    public init(services: SendingServices) {
        sender = services.sender
        let hubspot = services.messages.hubspot
        audit = hubspot.audit
        portalID = hubspot.configuration.portalID
        region = hubspot.configuration.defaultRegion
    }

    public func register(in router: inout Router) {
        router.post(Self.path, maxBodyBytes: Self.maxBodyBytes) { routed in try handle(routed.request) }
    }

    func handle(_ request: Request) throws(HTTPError) -> Response {
        let started = MonotonicTime.now()
        let input: OutgoingText
        do {
            input = try OutgoingText(json: request.body, region: region)
        } catch {
            record(request, [:], result: "bad_request", since: started)
            throw error
        }
        let key = try Self.idempotencyKey(request)
        guard let sender else {
            record(request, [:], result: "openphone_not_configured", since: started)
            throw HTTPError(.serviceUnavailable, code: "openphone_not_configured",
                            message: "OPENPHONE_API_KEY is not configured on this server; messages cannot be sent.")
        }
        let user = request.remoteUser ?? "unknown"
        let outcome = try storeCall("send_store_failed") { () throws(MessageStoreError) in
            try sender.send(to: input.recipient, text: input.text, sentBy: user, idempotencyKey: key)
        }
        switch outcome {
        case .stored(let message, let conversation, let repeated):
            record(request, ["conversation": .int(conversation.id.rawValue), "message": .string(message.id.description),
                             "repeated": .bool(repeated)], result: message.status.rawValue, since: started)
            return Response(status: .accepted, headers: .noStore,
                            json: ["message": message.json, "conversation": conversation.json(portalID: portalID)])
        case .keyReused:
            record(request, [:], result: "idempotency_key_reused", since: started)
            throw HTTPError(.conflict, code: "idempotency_key_reused",
                            message: "This Idempotency-Key was already used for a different message; use a new key.")
        case .optedOut(let conversation):
            record(request, ["conversation": .int(conversation.id.rawValue)], result: "opted_out", since: started)
            throw HTTPError(.conflict, code: "opted_out",
                            message: "This customer texted STOP and has opted out; they must text START before you can message them.",
                            details: ["conversation": conversation.json(portalID: portalID)])
        case .notFound:
            record(request, [:], result: "not_found", since: started)
            if case .retry(let id) = input.recipient {
                throw HTTPError(.notFound, code: "message_not_found",
                                message: "There is no failed message \(id) sent from this inbox to retry.")
            }
            throw HTTPError(.notFound, code: "conversation_not_found", message: "There is no such conversation.")
        case .noLine(let reason):
            record(request, [:], result: "openphone_unavailable", since: started)
            throw HTTPError(.serviceUnavailable, code: "openphone_unavailable",
                            message: "No OpenPhone line to start the conversation from: \(reason)",
                            headers: HTTPHeaders([("Retry-After", "5")]))
        }
    }

    /// The client's key: printable ASCII, at most 200 characters (a UUID is 36).
    static func idempotencyKey(_ request: Request) throws(HTTPError) -> String? {
        guard let key = request.headers["idempotency-key"] else { return nil }
        guard !key.isEmpty, key.utf8.count <= maxKeyLength, key.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw HTTPError(.badRequest, code: "invalid_idempotency_key",
                            message: "Idempotency-Key must be 1–\(maxKeyLength) printable ASCII characters without spaces.")
        }
        return key
    }

    private func record(_ request: Request, _ subject: JSONObject, result: String, since started: MonotonicTime) {
        audit.record(.init(endpoint: "send", user: request.remoteUser, requestID: request.requestID, subject: subject,
                           result: result, latencyMilliseconds: MonotonicTime.now().seconds(since: started) * 1000))
    }
}
