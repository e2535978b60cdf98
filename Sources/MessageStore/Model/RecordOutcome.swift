/// What ``MessageStore/record(_:)`` did with an event.
public enum RecordOutcome: Sendable, Hashable {
    /// The event was new and is now stored (a new message, or news about a known one).
    case stored(ConversationID)
    /// The event id was recorded before (an OpenPhone retry); nothing changed.
    case duplicate(ConversationID)

    /// The conversation the event belongs to, either way.
    public var conversationID: ConversationID {
        switch self {
        case .stored(let id), .duplicate(let id): id
        }
    }
}
