/// A message as the store holds it after merging every event about it.
public struct StoredMessage: Sendable, Hashable {
    /// OpenPhone's message id (`"AC…"`).
    public var messageID: String
    public var conversationID: ConversationID
    public var direction: MessageDirection
    public var text: String
    public var media: [MediaAttachment]
    /// The most advanced status seen (see ``MessageStatus/rank``).
    public var status: MessageStatus
    public var createdAt: EpochMilliseconds
    /// When the first event about it reached us.
    public var receivedAt: EpochMilliseconds
}
