/// Where a page ended, to ask for the next one: the time and id of the page's last row (the
/// conversation list's oldest last message, a thread's oldest message).
///
/// Pass ``encoded`` to the client and back: it reads `"<ms>_<id>"`, for example
/// `"1732550000000_42"`. Paging by this position rather than by an offset neither skips nor
/// repeats rows when new messages arrive between two pages.
public struct PageCursor<ID: RawRepresentable & Sendable & Hashable>: Sendable, Hashable, CustomStringConvertible
    where ID.RawValue == Int64
{
    /// The row's time: a conversation's last message, or a message's `createdAt`.
    public let at: EpochMilliseconds
    /// The row's id (breaks ties between equal times).
    public let id: ID

    public init(at: EpochMilliseconds, id: ID) {
        self.at = at
        self.id = id
    }

    /// Reads a cursor from ``encoded`` text.
    /// - Throws: ``MessageStoreError/Kind/invalidCursor`` for anything else.
    public init(parsing text: String) throws(MessageStoreError) {
        let parts = text.split(separator: "_", omittingEmptySubsequences: false)
        guard parts.count == 2, let time = Self.number(parts[0]), let number = Self.number(parts[1]),
              let id = ID(rawValue: number) else {
            throw MessageStoreError(kind: .invalidCursor, message: "not a page cursor")
        }
        self.init(at: EpochMilliseconds(time), id: id)
    }

    /// The text form, for example `"1732550000000_42"`.
    public var encoded: String { "\(at.rawValue)_\(id.rawValue)" }

    public var description: String { encoded }

    /// A non-negative decimal of at most 18 digits (no sign, no spaces), so it fits Int64.
    private static func number(_ text: Substring) -> Int64? {
        guard (1...18).contains(text.utf8.count),
              text.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) })
        else { return nil }
        return Int64(text)
    }
}

/// A page of the conversation list ended at this conversation.
public typealias ConversationCursor = PageCursor<ConversationID>
/// A page of a thread began at this message (the next page holds older ones).
public typealias MessageCursor = PageCursor<MessageID>
