import MessageStore

/// Who a text from the inbox goes to.
public enum SendTarget: Sendable, Hashable {
    /// A conversation the inbox shows.
    case conversation(ConversationID)
    /// A number: a new conversation, or the number's existing one on the line sends go from.
    case number(E164Number)
    /// A failed message sent from here, sent again as it was.
    case retry(MessageID)
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
