import MessageStore

/// Reads pending dead letters again with this version's ``DeliveryReader``, after an upgrade
/// taught it a shape it did not know: what reads now is recorded exactly as the webhook would
/// have recorded it on arrival and marked re-processed; what still does not read stays pending,
/// with the reason this version gives.
///
/// ```swift
/// for entry in try DeadLetterReplay(store: store, reader: DeliveryReader(region: .us)).run() {
///     print(entry.id, entry.result)   // .stored(conversation), .stillUnreadable(reason), …
/// }
/// ```
///
/// Safe to run while the webhook takes deliveries and to run twice: recording is idempotent by
/// event id, and each letter is recorded and marked in one transaction.
public struct DeadLetterReplay: Sendable {
    /// What re-processing made of one dead letter.
    public enum Result: Sendable, Hashable {
        /// Recorded as a message, in this conversation.
        case stored(ConversationID)
        /// Its event had been recorded already (a redelivery got through meanwhile).
        case duplicate(ConversationID)
        /// An event that carries no message.
        case ignored
        /// Still unreadable, with this version's reason; it stays pending.
        case stillUnreadable(DeadLetterReason)
    }

    /// One letter's result.
    public struct Entry: Sendable, Hashable {
        public let id: DeadLetterID
        public let eventID: String?
        public let result: Result
    }

    let store: MessageStore
    let reader: DeliveryReader

    public init(store: MessageStore, reader: DeliveryReader) {
        self.store = store
        self.reader = reader
    }

    /// Re-processes every pending dead letter, or only the one with `id`, oldest first.
    /// - Throws: ``MessageStoreError`` when the store fails; letters handled before stay handled.
    public func run(only id: DeadLetterID? = nil) throws(MessageStoreError) -> [Entry] {
        var entries: [Entry] = []
        for letter in try store.deadLetters(pendingOnly: true, id: id) {
            let result: Result
            switch reader.read(letter.body, receivedAt: letter.receivedAt) {
            case .message(_, let message):
                result = switch try store.resolveDeadLetter(letter.id, recording: message) {
                case .stored(let conversation): .stored(conversation)
                case .duplicate(let conversation): .duplicate(conversation)
                }
            case .noMessage:
                try store.ignoreDeadLetter(letter.id)
                result = .ignored
            case .unreadable(let reason):
                try store.deadLetterStillUnreadable(letter.id, reason: reason)
                result = .stillUnreadable(reason)
            }
            entries.append(Entry(id: letter.id, eventID: letter.eventID, result: result))
        }
        return entries
    }
}
