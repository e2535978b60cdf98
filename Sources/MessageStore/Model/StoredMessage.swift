/// A message as the store holds it after merging every event about it (and, for a message sent
/// from here, what became of the send).
public struct StoredMessage: Sendable, Hashable {
    /// The store's id, stable from the moment the message is stored.
    public var id: MessageID
    /// OpenPhone's message id (`"AC…"`); nil for a message sent from here that OpenPhone has
    /// not accepted (yet).
    public var openPhoneID: String?
    public var conversationID: ConversationID
    public var direction: MessageDirection
    public var text: String
    public var media: [MediaAttachment]
    /// The most advanced status seen (see ``MessageStatus/rank``).
    public var status: MessageStatus
    public var createdAt: EpochMilliseconds
    /// When the first event about it reached us, or when it was sent from here.
    public var receivedAt: EpochMilliseconds
    /// The staff user who sent it from this inbox; nil for every other message.
    public var sentBy: String?
    /// Why it was not sent, when ``status`` is `failed`.
    public var failure: SendFailure?
}

/// Why a message did not go out: a stable code for programs and a sentence for people.
public struct SendFailure: Sendable, Hashable {
    public var code: String
    public var message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }
}
