import MessageStore

/// A text staff asked to send, as the send endpoint read it.
public struct SendRequest: Sendable, Hashable {
    /// Who gets it: a conversation the inbox shows, or a number (a new conversation, or the
    /// number's existing one on the line sends go from).
    public enum Recipient: Sendable, Hashable {
        case conversation(ConversationID)
        case number(E164Number)
        /// A failed message sent from here, sent again as it was.
        case retry(MessageID)
    }

    public var recipient: Recipient
    /// Empty only for a retry (the stored text is sent).
    public var text: String
    public var sentBy: String
    public var idempotencyKey: String?

    public init(recipient: Recipient, text: String, sentBy: String, idempotencyKey: String?) {
        self.recipient = recipient
        self.text = text
        self.sentBy = sentBy
        self.idempotencyKey = idempotencyKey
    }

    /// OpenPhone's limit for one message's content.
    public static let maxTextLength = 1600
}

/// What became of a send request.
public enum SendOutcome: Sendable {
    /// Stored and handed to OpenPhone: the message as it is now (`queued` when OpenPhone
    /// accepted it; `failed` with the reason when it refused or could not be reached; still
    /// `sending` when OpenPhone's answer was lost after the request went out — a webhook or the
    /// unconfirmed-send sweep settles it). `repeated`: an earlier request with the same key
    /// stored it, and nothing was sent now.
    case stored(StoredMessage, Conversation, repeated: Bool)
    case keyReused
    case optedOut(Conversation)
    case notFound
    /// No line to send a new conversation from could be learned from OpenPhone; nothing stored.
    case noLine(reason: String)
}
