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
        // One row more than asked says whether a next page exists.
        var rows = try withConnection { (db) throws(MessageStoreError) in
            let query = ConversationListQuery(limit: limit, before: before, search: search,
                                              plan: try Self.listPlan(for: search, in: db), dialect: db.dialect)
            return try db.statement(query.sql).all(query.values, Self.conversation)
        }
        let more = rows.count > limit
        if more { rows.removeLast() }
        let next = more ? rows.last.map { ConversationCursor(at: $0.lastMessage.at, id: $0.id) } : nil
        return ConversationPage(conversations: rows, next: next)
    }

    /// How to find a search's rows (``ConversationListQuery``): through the search index when it
    /// has fewer than ``ConversationListQuery/walkFromMatches`` matches, else down the list.
    static func listPlan(for search: ConversationSearch?, in db: any DatabaseConnection)
        throws(MessageStoreError) -> ConversationListQuery.Plan
    {
        guard db.dialect == .sqlite, let match = search?.indexQuery else { return .walk }
        let matches = try db.statement(ConversationListQuery.countMatchesSQL).first([.text(match)]) { $0.integer(0) } ?? 0
        return matches < ConversationListQuery.walkFromMatches ? .searchIndex : .walk
    }

    /// One conversation, or nil when there is no such id.
    public func conversation(_ id: ConversationID) throws(MessageStoreError) -> Conversation? {
        try withConnection { (db) throws(MessageStoreError) in try Self.conversation(id, in: db) }
    }

    /// The conversation with `customer` on `line`, or nil when they have not texted.
    public func conversation(customer: E164Number, line: BusinessLine) throws(MessageStoreError) -> Conversation? {
        try withConnection { (db) throws(MessageStoreError) in try Self.conversation(customer: customer, line: line, in: db) }
    }

    static func conversation(_ id: ConversationID, in db: any DatabaseConnection) throws(MessageStoreError) -> Conversation? {
        try db.statement("SELECT \(conversationColumns) FROM conversations WHERE id = ?")
            .first([.integer(id.rawValue)], conversation)
    }

    static func conversation(customer: E164Number, line: BusinessLine, in db: any DatabaseConnection)
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
    static func conversation(_ row: Row) -> Conversation {
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
