/// A page of a conversation's messages, oldest first.
public struct MessagePage: Sendable, Hashable {
    public var messages: [StoredMessage]
    /// Where the older messages continue, or nil when this page reached the first message.
    public var before: MessageCursor?

    public init(messages: [StoredMessage], before: MessageCursor?) {
        self.messages = messages
        self.before = before
    }
}
