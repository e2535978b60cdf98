import Base
import FastCGI
import JSON
import MessageStore
import Messages
import PhoneNumbers

/// A valid `POST /api/messages` body: `{"conversationId": 7, "text": "…"}`, `{"to": "+1…",
/// "text": "…"}`, or `{"retryOf": "m_42"}` (a failed message sent again as it was). Every
/// problem is a 400 naming its field.
struct OutgoingText: Sendable, Equatable {
    let recipient: SendTarget
    /// Empty for a retry.
    let text: String

    static let fields: Set<String> = ["conversationId", "to", "text", "retryOf"]

    init(json body: [UInt8], region: PhoneRegion) throws(HTTPError) {
        guard let value = try? JSONValue(parsing: body), let object = value.objectValue else {
            throw HTTPError(.badRequest, code: "invalid_json", message: "The body must be a JSON object.")
        }
        for (key, _) in object where !Self.fields.contains(key) {
            throw NewContact.invalid(key, "is not a field of a message (conversationId, to, text, retryOf).")
        }
        let given = ["conversationId", "to", "retryOf"].filter { object[$0] != nil && object[$0] != .null }
        guard given.count == 1, let field = given.first else {
            throw HTTPError(.badRequest, code: "invalid_recipient",
                            message: "Give exactly one of conversationId, to and retryOf.")
        }
        switch field {
        case "conversationId":
            guard let id = object[field]?.intValue, id > 0 else {
                throw NewContact.invalid(field, "must be a conversation id (a positive integer).")
            }
            recipient = .conversation(ConversationID(rawValue: id))
        case "to":
            guard let text = object[field]?.stringValue, text.count <= 40 else {
                throw NewContact.invalid(field, "must be a phone number.")
            }
            let number: PhoneNumber
            do {
                number = try PhoneNumberMemo.shared.parse(text, defaultRegion: region)
            } catch {
                throw HTTPError.invalidPhone(error, input: text)
            }
            guard let e164 = E164Number(number.e164) else { throw NewContact.invalid(field, "must be a phone number.") }
            recipient = .number(e164)
        default:
            guard let text = object[field]?.stringValue, let id = MessageID(text) else {
                throw NewContact.invalid(field, "must be the id of a failed message (m_…).")
            }
            recipient = .retry(id)
        }
        if case .retry = recipient {
            guard object["text"] == nil || object["text"] == .null else {
                throw NewContact.invalid("text", "cannot be given with retryOf: the failed message is sent as it was.")
            }
            text = ""
            return
        }
        guard let text = object["text"]?.stringValue else { throw NewContact.invalid("text", "is required.") }
        guard !text.trimmingWhitespace().isEmpty else {
            throw HTTPError(.badRequest, code: "invalid_text", message: "text must not be empty.", details: ["field": "text"])
        }
        guard text.count <= OutgoingDraft.maxTextLength else {
            throw HTTPError(.badRequest, code: "invalid_text",
                            message: "text may hold at most \(OutgoingDraft.maxTextLength) characters (it holds \(text.count)).",
                            details: ["field": "text"])
        }
        self.text = text
    }
}
