extension MessageStore {
    /// A page of conversations, newest last message first (ties by id, so the order is total).
    ///
    /// ```swift
    /// let first = try store.conversations(limit: 50)
    /// let second = try store.conversations(limit: 50, before: first.next)
    /// ```
    ///
    /// - Parameters:
    ///   - limit: Rows per page, clamped to 1…500.
    ///   - before: Where the previous page ended (``ConversationPage/next``); nil for the first page.
    ///   - query: Keeps conversations whose name or company contains it, ignoring case; and, when
    ///     it holds 3 or more digits, those whose number contains those digits (`"555-12"`
    ///     matches `+19025551234`). Every character matches literally (`%` and `_` included).
    ///     Nil or blank lists everything.
    public func conversations(limit: Int, before: ConversationCursor? = nil, matching query: String? = nil)
        throws(MessageStoreError) -> ConversationPage
    {
        let limit = min(max(limit, 1), 500)
        let search = query.flatMap(ConversationSearch.init)
        var conditions: [String] = []
        var values: [SQLiteValue] = []
        if let before {
            conditions.append("(last_message_at < ? OR (last_message_at = ? AND id < ?))")
            values += [.integer(before.at.rawValue), .integer(before.at.rawValue),
                       .integer(before.id.rawValue)]
        }
        if let search {
            // instr(), not LIKE: a plain substring test has no wildcards, so nothing the user
            // types needs escaping. Both sides are lowercased by Swift (Unicode-aware; SQLite's
            // LIKE folds ASCII only).
            var matches = ["instr(name_key, ?) > 0", "instr(company_key, ?) > 0"]
            values += [.text(search.lowercased), .text(search.lowercased)]
            if let digits = search.digits {
                matches.append("instr(customer, ?) > 0")
                values.append(.text(digits))
            }
            conditions.append("(" + matches.joined(separator: " OR ") + ")")
        }
        // The SQL is assembled from the fixed fragments above only; every value is bound.
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let sql = "SELECT \(Self.conversationColumns) FROM conversations \(filter) "
            + "ORDER BY last_message_at DESC, id DESC LIMIT ?"
        // One row more than asked says whether a next page exists.
        var rows = try withConnection { (db) throws(MessageStoreError) in
            try db.statement(sql).all(values + [.integer(limit + 1)], Self.conversation)
        }
        let more = rows.count > limit
        if more { rows.removeLast() }
        let next = more ? rows.last.map { ConversationCursor(at: $0.lastMessage.at, id: $0.id) } : nil
        return ConversationPage(conversations: rows, next: next)
    }

    /// One conversation, or nil when there is no such id.
    public func conversation(_ id: ConversationID) throws(MessageStoreError) -> Conversation? {
        try withConnection { (db) throws(MessageStoreError) in try Self.conversation(id, in: db) }
    }

    /// The conversation with `customer` on `line`, or nil when they have not texted.
    public func conversation(customer: E164Number, line: BusinessLine) throws(MessageStoreError) -> Conversation? {
        try withConnection { (db) throws(MessageStoreError) in try Self.conversation(customer: customer, line: line, in: db) }
    }

    static func conversation(_ id: ConversationID, in db: SQLiteConnection) throws(MessageStoreError) -> Conversation? {
        try db.statement("SELECT \(conversationColumns) FROM conversations WHERE id = ?")
            .first([.integer(id.rawValue)], conversation)
    }

    static func conversation(customer: E164Number, line: BusinessLine, in db: SQLiteConnection)
        throws(MessageStoreError) -> Conversation?
    {
        try db.statement("SELECT \(conversationColumns) FROM conversations WHERE customer = ? AND line = ?")
            .first([.text(customer.rawValue), .text(line.rawValue)], conversation)
    }

    static let conversationColumns = """
        id, customer, line, name, name_source, company, hubspot_contact_id,
        last_message_text, last_message_at, last_message_direction, unread_count, opted_out
        """

    /// Maps a row of ``conversationColumns``.
    static func conversation(_ row: SQLiteRow) -> Conversation {
        Conversation(
            id: ConversationID(rawValue: row.integer(0)),
            customer: E164Number(stored: row.text(1)),
            line: BusinessLine(stored: row.text(2)),
            name: row.optionalText(3).map(PersonName.init(stored:)),
            nameSource: NameSource(stored: row.optionalText(4)),
            company: row.optionalText(5),
            hubspotContactID: row.optionalText(6),
            lastMessage: Conversation.LastMessage(
                text: row.text(7), at: EpochMilliseconds(row.integer(8)),
                direction: MessageDirection(rawValue: row.text(9)) ?? .incoming),
            unreadCount: Int(row.integer(10)),
            optedOut: row.integer(11) == 1)
    }
}

/// A conversation-list query, prepared once: lowercased text, and its digits when it has enough
/// of them to search numbers by.
struct ConversationSearch {
    let lowercased: String
    /// The ASCII digits of the query (any script's digits converted), when there are at least 3.
    let digits: String?

    /// Nil for a blank query (list everything).
    init?(_ query: String) {
        let trimmed = TextCleaning.trimmed(query)
        guard !trimmed.isEmpty else { return nil }
        lowercased = trimmed.lowercased()
        let digits = trimmed.compactMap { $0.wholeNumberValue.flatMap { (0...9).contains($0) ? String($0) : nil } }
            .joined()
        self.digits = digits.count >= 3 ? digits : nil
    }
}
