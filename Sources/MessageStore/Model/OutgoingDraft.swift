/// A message staff want to send, as the store takes it before anything goes to OpenPhone.
public struct OutgoingDraft: Sendable, Hashable {
    /// Where it goes: a conversation the store has, or a number (the conversation is made).
    public enum Recipient: Sendable, Hashable {
        case conversation(ConversationID)
        case number(E164Number, line: BusinessLine)
    }

    public var recipient: Recipient
    public var text: String
    /// The staff user sending it (`REMOTE_USER`).
    public var sentBy: String
    /// The client's `Idempotency-Key`: the same key from the same user stores and sends once.
    public var idempotencyKey: String?

    /// OpenPhone's limit for one message's content, in characters.
    public static let maxTextLength = 1600

    public init(recipient: Recipient, text: String, sentBy: String, idempotencyKey: String?) {
        self.recipient = recipient
        self.text = text
        self.sentBy = sentBy
        self.idempotencyKey = idempotencyKey
    }
}

/// What the store decided about a send, before OpenPhone is asked.
public enum SendPreparation: Sendable, Hashable {
    /// Stored as `sending`: now ask OpenPhone, then report the outcome to the store.
    case send(StoredMessage, Conversation)
    /// The same request came with this key before: this is what it stored; do not send again.
    case repeated(StoredMessage, Conversation)
    /// The key was used before for a different request.
    case keyReused
    /// The customer texted a stop word; nothing is stored.
    case optedOut(Conversation)
    /// No such conversation (or, for a retry, no such failed message sent from here).
    case notFound
}
