/// Where a page of the conversation list ended, to ask for the next one.
///
/// Pass ``encoded`` to the client and back: it reads `"<last message ms>_<id>"`, for example
/// `"1732550000000_42"`. Paging by this position rather than by an offset neither skips nor
/// repeats rows when new messages move conversations to the top between two pages.
public struct ConversationCursor: Sendable, Hashable, CustomStringConvertible {
    /// The last message time of the last row on the page.
    public let lastMessageAt: EpochMilliseconds
    /// The id of the last row on the page (breaks ties between equal times).
    public let id: ConversationID

    public init(lastMessageAt: EpochMilliseconds, id: ConversationID) {
        self.lastMessageAt = lastMessageAt
        self.id = id
    }

    /// Reads a cursor from ``encoded`` text.
    /// - Throws: ``MessageStoreError/Kind/invalidCursor`` for anything else.
    public init(parsing text: String) throws(MessageStoreError) {
        guard let (time, id) = CursorText.parse(text) else {
            throw MessageStoreError(kind: .invalidCursor, message: "not a conversation cursor")
        }
        self.init(lastMessageAt: EpochMilliseconds(time), id: ConversationID(rawValue: id))
    }

    /// The text form, for example `"1732550000000_42"`.
    public var encoded: String { "\(lastMessageAt.rawValue)_\(id.rawValue)" }

    public var description: String { encoded }
}

/// The text form of a (time, id) paging position: `"<ms>_<id>"`.
enum CursorText {
    static func parse(_ text: String) -> (Int64, Int64)? {
        let parts = text.split(separator: "_", omittingEmptySubsequences: false)
        guard parts.count == 2, let time = number(parts[0]), let id = number(parts[1]) else { return nil }
        return (time, id)
    }

    /// A non-negative decimal of at most 18 digits (no sign, no spaces), so it fits Int64.
    private static func number(_ text: Substring) -> Int64? {
        guard (1...18).contains(text.utf8.count),
              text.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) })
        else { return nil }
        return Int64(text)
    }
}
