extension MessageStore {
    /// A message by OpenPhone's id, as merged from every event about it; nil when unknown.
    public func message(openPhoneID: String) throws(MessageStoreError) -> StoredMessage? {
        try withConnection { (db) throws(MessageStoreError) in
            try Self.messages(where: "m.message_id = ?", [.text(openPhoneID)], in: db).first
        }
    }

    /// A message by the store's id; nil when unknown.
    public func message(_ id: MessageID) throws(MessageStoreError) -> StoredMessage? {
        try withConnection { (db) throws(MessageStoreError) in
            try Self.messages(where: "m.id = ?", [.integer(id.rawValue)], in: db).first
        }
    }

    /// A page of a conversation's messages, oldest first: the newest `limit` messages, or the
    /// `limit` messages just older than `before`. Nil when there is no such conversation.
    ///
    /// ```swift
    /// let latest = try store.thread(conversation, limit: 50)
    /// let older = try store.thread(conversation, limit: 50, before: latest?.before)
    /// ```
    /// - Parameter limit: messages per page, clamped to 1…500.
    public func thread(_ conversation: ConversationID, limit: Int, before: MessageCursor? = nil)
        throws(MessageStoreError) -> MessagePage?
    {
        let limit = min(max(limit, 1), 500)
        return try withConnection { (db) throws(MessageStoreError) -> MessagePage? in
            guard try db.statement(Self.conversationExistsSQL)
                .first([.integer(conversation.rawValue)], { _ in true }) != nil else { return nil }
            let page = ThreadPageQuery(conversation: conversation, before: before)
            // Newest first to take the page, one more than asked to know whether older ones exist.
            var newestFirst = try Self.messages(where: page.condition, page.values, order: ThreadPageQuery.order,
                                                limit: limit + 1, in: db)
            let more = newestFirst.count > limit
            if more { newestFirst.removeLast() }
            let oldest = newestFirst.last
            return MessagePage(messages: newestFirst.reversed(),
                               before: more ? oldest.map { MessageCursor(at: $0.createdAt, id: $0.id) } : nil)
        }
    }

    static let localIDPrefix = "local:"

    /// Messages matching `condition` (over `messages m`), with their media.
    static func messages(where condition: String, _ values: [SQLValue], order: String = "m.id",
                         limit: Int = 1, in db: any DatabaseConnection) throws(MessageStoreError) -> [StoredMessage] {
        var messages = try db.statement(messagesSQL(where: condition, order: order))
            .all(values + [.integer(Int64(limit))]) { row in
                let openPhoneID = row.text(1)
                let failure = row.optionalText(9).map { SendFailure(code: $0, message: row.optionalText(10) ?? "") }
                return StoredMessage(
                    id: MessageID(rawValue: row.integer(0)),
                    openPhoneID: openPhoneID.hasPrefix(localIDPrefix) ? nil : openPhoneID,
                    conversationID: ConversationID(rawValue: row.integer(2)),
                    direction: MessageDirection(rawValue: row.text(3)) ?? .incoming, text: row.text(4),
                    media: [], status: MessageStatus(rawValue: row.text(5)),
                    createdAt: EpochMilliseconds(row.integer(6)), receivedAt: EpochMilliseconds(row.integer(7)),
                    sentBy: row.optionalText(8), failure: failure)
            }
        guard !messages.isEmpty else { return messages }
        // Every message's attachments in one query: a page is one round trip for its media, not
        // one a message (which PostgreSQL, over the network, makes a thread page pay 50 times).
        var media: [Int64: [MediaAttachment]] = [:]
        try db.statement(mediaSQL(messages: messages.count)).query(messages.map { .integer($0.id.rawValue) }) { row in
            media[row.integer(0), default: []].append(MediaAttachment(url: row.text(1), contentType: row.optionalText(2)))
        }
        for index in messages.indices { messages[index].media = media[messages[index].id.rawValue] ?? [] }
        return messages
    }

    /// The message query behind ``messages(where:_:order:limit:in:)``; one more value, the limit.
    static func messagesSQL(where condition: String, order: String) -> String {
        // The SQL is assembled from the callers' fixed fragments only; every value is bound.
        """
        SELECT m.id, m.message_id, m.conversation_id, m.direction, m.text, m.status, m.created_at,
               m.received_at, m.sent_by, m.failure_code, m.failure_message
        FROM messages m WHERE \(condition) ORDER BY \(order) LIMIT ?
        """
    }

    /// The attachments of `count` messages in order; `count` values, the messages' row ids.
    static func mediaSQL(messages count: Int) -> String {
        let marks = Array(repeating: "?", count: max(1, count)).joined(separator: ", ")
        return "SELECT message_id, url, content_type FROM message_media WHERE message_id IN (\(marks)) ORDER BY message_id, position"
    }
    /// Whether a conversation exists; one value, its id.
    static let conversationExistsSQL = "SELECT 1 FROM conversations WHERE id = ?"
}

/// Which messages a thread page takes (over `messages m`): a conversation's, newest first, older
/// than the cursor when there is one. The cursor is a row value, so `messages_by_conversation`
/// (conversation, time, then row id) starts the page where the cursor points: a page deep in a
/// long thread costs what the first one does.
struct ThreadPageQuery {
    let condition: String
    let values: [SQLValue]
    static let order = "m.created_at DESC, m.id DESC"

    init(conversation: ConversationID, before: MessageCursor?) {
        if let before {
            condition = "m.conversation_id = ? AND (m.created_at, m.id) < (?, ?)"
            values = [.integer(conversation.rawValue), .integer(before.at.rawValue), .integer(before.id.rawValue)]
        } else {
            condition = "m.conversation_id = ?"
            values = [.integer(conversation.rawValue)]
        }
    }
}
