/// A page of the conversation list, newest first.
public struct ConversationPage: Sendable, Hashable {
    public var conversations: [Conversation]
    /// Where to continue, or nil when this page reached the end.
    public var next: ConversationCursor?

    public init(conversations: [Conversation], next: ConversationCursor?) {
        self.conversations = conversations
        self.next = next
    }
}
