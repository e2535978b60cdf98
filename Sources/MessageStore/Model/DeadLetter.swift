/// A dead letter as the store holds it: the unreadable delivery, how often it arrived, and what
/// re-processing made of it.
public struct DeadLetter: Sendable, Hashable {
    /// What re-processing did with a dead letter that could be read at last.
    public enum Outcome: String, Sendable, Hashable {
        /// Recorded as a message (or as news about one).
        case stored
        /// Its event had been recorded already.
        case duplicate
        /// It turned out to be an event that carries no message.
        case ignored
    }

    public var id: DeadLetterID
    public var eventID: String?
    public var eventType: String?
    /// The first delivery.
    public var receivedAt: EpochMilliseconds
    /// How many times OpenPhone delivered it (each one was acknowledged).
    public var deliveries: Int
    /// Why the latest attempt could not read it.
    public var reason: DeadLetterReason
    public var body: [UInt8]
    /// The latest re-processing attempt, if any.
    public var attemptedAt: EpochMilliseconds?
    /// Set once re-processing read it; nil while it is pending.
    public var reprocessedAt: EpochMilliseconds?
    public var outcome: Outcome?
    public var conversationID: ConversationID?

    public var isPending: Bool { reprocessedAt == nil }
}
