import Base
import JSON
import MessageStore

extension StoredMessage {
    /// The message as the thread and the send answer show it: `id` is the store's (`m_…`),
    /// stable from the moment it was stored; `sentBy` only for messages sent from this inbox;
    /// `failure` only when it failed.
    public var json: JSONValue {
        [
            "id": .string(id.description),
            "direction": .string(direction.rawValue),
            "text": .string(text),
            "media": .array(media.map { ["url": .string($0.url), "contentType": $0.contentType.map { .string($0) } ?? .null] }),
            "status": .string(status.rawValue),
            "failure": failure.map { ["code": .string($0.code), "message": .string($0.message)] } ?? .null,
            "createdAt": .string(Timestamp(milliseconds: createdAt.rawValue).iso8601),
            "sentBy": sentBy.map { .string($0) } ?? .null,
        ]
    }
}
