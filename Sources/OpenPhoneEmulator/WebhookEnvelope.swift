import Base
import JSON

/// The body of a legacy OpenPhone webhook delivery:
/// `{"id":"EV…","object":"event","apiVersion":"v4","createdAt","type","data":{"object":{…}}}`.
///
/// ```swift
/// let body = WebhookEnvelope(id: ResourceID.make(.event), type: "message.delivered",
///                            createdAt: .now(), object: message.webhookJSON).encoded()
/// ```
///
/// Rendered once per event: retries resend the same bytes (and the same event id), only the
/// signature's timestamp is new.
struct WebhookEnvelope: Sendable {
    var id: String
    var type: String
    var createdAt: Timestamp
    var object: JSONValue

    func encoded() -> [UInt8] {
        let envelope: JSONValue = ["id": .string(id), "object": "event", "apiVersion": "v4",
                                   "createdAt": .string(createdAt.iso8601), "type": .string(type),
                                   "data": ["object": object]]
        return envelope.encoded()
    }
}
