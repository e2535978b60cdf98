/// Where a page of a conversation's messages began, to ask for the older page before it.
///
/// Its text form is `"<createdAt ms>_<message id>"`, as ``ConversationCursor``'s. Paging by
/// position, not offset, neither skips nor repeats messages when new ones arrive between pages.
public struct MessageCursor: Sendable, Hashable, CustomStringConvertible {
    /// The oldest message on the page: its `createdAt` and its store id (breaks ties).
    public let createdAt: EpochMilliseconds
    public let id: MessageID

    public init(createdAt: EpochMilliseconds, id: MessageID) {
        self.createdAt = createdAt
        self.id = id
    }

    /// - Throws: ``MessageStoreError/Kind/invalidCursor`` for text that is not a cursor.
    public init(parsing text: String) throws(MessageStoreError) {
        guard let (time, id) = CursorText.parse(text) else {
            throw MessageStoreError(kind: .invalidCursor, message: "not a message cursor")
        }
        self.init(createdAt: EpochMilliseconds(time), id: MessageID(rawValue: id))
    }

    public var encoded: String { "\(createdAt.rawValue)_\(id.rawValue)" }

    public var description: String { encoded }
}
