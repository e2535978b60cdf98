extension MessageStore {
    /// Records one message event in a single transaction, idempotently and in any order.
    ///
    /// - An event id seen before changes nothing: ``RecordOutcome/duplicate(_:)``.
    /// - The first event about a message id inserts it (creating the conversation if needed),
    ///   counts it unread if incoming, and makes it the conversation's last message if it is the
    ///   newest (by `createdAt`, ties broken by message id, so arrival order does not matter).
    /// - A later event about the same message id (`message.delivered` before or after
    ///   `message.received`) only advances its status by ``MessageStatus/rank``.
    ///
    /// Call it before anything slow, and answer the webhook with an error if it throws, so that
    /// OpenPhone delivers the event again.
    ///
    /// - Throws: ``MessageStoreError``; nothing of the event is stored then.
    @discardableResult
    public func record(_ message: InboundMessage) throws(MessageStoreError) -> RecordOutcome {
        try write { (db) throws(MessageStoreError) in try Self.record(message, in: db, queueForHubSpot: logsMessagesToHubSpot) }
    }

    /// ``record(_:)`` inside the caller's write transaction (re-processing a dead letter records
    /// and marks it in one).
    static func record(_ message: InboundMessage, in db: any DatabaseConnection, queueForHubSpot: Bool)
        throws(MessageStoreError) -> RecordOutcome
    {
        if let seen = try db.statement(RecordSQL.processedEvent)
            .first([.text(message.eventID)], { ConversationID(rawValue: $0.integer(0)) }) {
            return .duplicate(seen)
        }
        let conversation: ConversationID
        if let known = try Self.existingMessage(message, in: db) {
            conversation = known
        } else if let adopted = try Self.adoptUnconfirmedSend(message, in: db) {
            conversation = adopted
        } else {
            conversation = try Self.insertMessage(message, in: db, queueForHubSpot: queueForHubSpot)
        }
        if message.direction == .incoming, let keyword = ConsentKeyword(text: message.text) {
            try Self.applyConsent(keyword, at: message.createdAt, conversation: conversation, in: db)
        }
        if let name = message.contactName {
            try Self.applyName(name, company: nil, hubspotContactID: nil, source: .openphone,
                               where: "id = ?", .integer(conversation.rawValue), in: db)
        }
        try db.statement(RecordSQL.insertProcessedEvent).run([.text(message.eventID), .text(message.eventType), .text(message.messageID),
                      .integer(conversation.rawValue), .integer(message.receivedAt.rawValue)])
        return .stored(conversation)
    }

    /// Merges an event about a message already stored: advances its status, adds media it
    /// lacked. Nil when the message is new.
    private static func existingMessage(_ message: InboundMessage, in db: any DatabaseConnection)
        throws(MessageStoreError) -> ConversationID?
    {
        let stored = try db.statement(RecordSQL.storedMessage)
            .first([.text(message.messageID)]) { row in
                (row: row.integer(0), conversation: ConversationID(rawValue: row.integer(1)),
                 status: MessageStatus(rawValue: row.text(2)))
            }
        guard let stored else { return nil }
        if message.status.rank > stored.status.rank {
            try db.statement("UPDATE messages SET status = ?, status_updated_at = ? WHERE id = ?")
                .run([.text(message.status.rawValue), .integer(message.receivedAt.rawValue), .integer(stored.row)])
            try recordFailure(message, row: stored.row, in: db)
        }
        // Unread count and last message were settled when the message was first stored.
        try insertMedia(message.media, message: stored.row, in: db)
        return stored.conversation
    }

    /// Stores a message seen for the first time and updates (or creates) its conversation.
    private static func insertMessage(_ message: InboundMessage, in db: any DatabaseConnection, queueForHubSpot: Bool)
        throws(MessageStoreError) -> ConversationID
    {
        let conversation = try touchConversation(
            customer: message.customer, line: message.line, unread: message.direction == .incoming ? 1 : 0,
            last: LastMessageRow(at: message.createdAt, messageID: message.messageID, text: message.text,
                                 direction: message.direction),
            now: message.receivedAt, in: db)
        let row = try db.statement(RecordSQL.insertMessage).first([.text(message.messageID), .text(message.eventID), .integer(conversation.rawValue),
                        .text(message.direction.rawValue), .text(message.text), .text(message.status.rawValue),
                        .integer(message.createdAt.rawValue), .integer(message.receivedAt.rawValue),
                        .integer(message.receivedAt.rawValue)]) { $0.integer(0) }
        guard let row else { throw MessageStoreError(kind: .statementFailed, message: "INSERT returned no id") }
        try insertMedia(message.media, message: row, in: db)
        try recordFailure(message, row: row, in: db)
        if queueForHubSpot && message.status != .failed && message.status != .undelivered {
            try queueForLogging(row, now: message.receivedAt, in: db)
        }
        return conversation
    }

    /// A message OpenPhone reports `failed` or `undelivered` keeps why: OpenPhone's reason when
    /// the event carries one, else a sentence saying it was not delivered.
    static func recordFailure(_ message: InboundMessage, row: Int64, in db: any DatabaseConnection)
        throws(MessageStoreError)
    {
        guard message.status == .failed || message.status == .undelivered else { return }
        let failure = message.failure ?? .notDelivered
        try db.statement("UPDATE messages SET failure_code = ?, failure_message = ? WHERE id = ?")
            .run([.text(failure.code), .text(failure.message), .integer(row)])
    }

    /// A message's place in its conversation's `last_message_*` columns.
    struct LastMessageRow {
        var at: EpochMilliseconds
        var messageID: String
        var text: String
        var direction: MessageDirection

        var values: [SQLValue] { [.integer(at.rawValue), .text(messageID), .text(text), .text(direction.rawValue)] }
    }

    /// The conversation of `customer` on `line` after one more message: created with it as its
    /// last message, or updated — `unread` added, and the last message replaced when this one is
    /// newer (by time, then message id, so arrival order does not matter).
    static func touchConversation(customer: E164Number, line: BusinessLine, unread: Int64, last: LastMessageRow,
                                  now: EpochMilliseconds, in db: any DatabaseConnection) throws(MessageStoreError)
        -> ConversationID
    {
        if let existing = try db.statement(RecordSQL.conversationByNumber)
            .first([.text(customer.rawValue), .text(line.rawValue)], { ConversationID(rawValue: $0.integer(0)) }) {
            try db.statement(RecordSQL.addUnread)
                .run([.integer(unread), .integer(existing.rawValue)])
            try db.statement(RecordSQL.replaceLastMessage).run(last.values + [.integer(existing.rawValue)])
            return existing
        }
        let id = try db.statement(RecordSQL.insertConversation).first([.text(customer.rawValue), .text(line.rawValue), .integer(now.rawValue), .integer(unread)]
                       + last.values) { $0.integer(0) }
        guard let id else { throw MessageStoreError(kind: .statementFailed, message: "INSERT returned no id") }
        return ConversationID(rawValue: id)
    }

    /// Adds attachments by position; positions already stored are kept as they are.
    static func insertMedia(_ media: [MediaAttachment], message row: Int64, in db: any DatabaseConnection)
        throws(MessageStoreError)
    {
        for (position, item) in media.enumerated() {
            try db.statement("""
                INSERT INTO message_media (message_id, position, url, content_type) VALUES (?, ?, ?, ?)
                ON CONFLICT DO NOTHING
                """).run([.integer(row), .integer(position), .text(item.url), .text(item.contentType)])
        }
    }

    /// A stop or start word from the customer: the newest keyword message (by `createdAt`)
    /// decides, so STOP and START delivered out of order leave the right state.
    private static func applyConsent(_ keyword: ConsentKeyword, at createdAt: EpochMilliseconds,
                                     conversation: ConversationID, in db: any DatabaseConnection) throws(MessageStoreError)
    {
        try db.statement("""
            UPDATE conversations SET opted_out = ?, consent_changed_at = ?
            WHERE id = ? AND (consent_changed_at IS NULL OR consent_changed_at <= ?)
            """).run([.integer(keyword == .stop ? 1 : 0), .integer(createdAt.rawValue),
                      .integer(conversation.rawValue), .integer(createdAt.rawValue)])
    }
}

/// The SQL ``MessageStore/record(_:)`` runs for each webhook event, in one place for the
/// query-plan test: every lookup is by a unique key or the primary key.
enum RecordSQL {
    /// The dedupe: was this event id processed? One value, the event id.
    static let processedEvent = "SELECT conversation_id FROM processed_events WHERE event_id = ?"
    static let insertProcessedEvent = """
        INSERT INTO processed_events (event_id, event_type, message_id, conversation_id, processed_at)
        VALUES (?, ?, ?, ?, ?)
        """
    /// A message already stored under OpenPhone's id. One value, the id.
    static let storedMessage = "SELECT id, conversation_id, status FROM messages WHERE message_id = ?"
    static let insertMessage = """
        INSERT INTO messages (message_id, event_id, conversation_id, direction, text, status,
            created_at, received_at, status_updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
        """
    /// The conversation of a customer on a line. Two values.
    static let conversationByNumber = "SELECT id FROM conversations WHERE customer = ? AND line = ?"
    static let addUnread = "UPDATE conversations SET unread_count = unread_count + ? WHERE id = ?"
    static let replaceLastMessage = """
        UPDATE conversations
        SET last_message_at = ?1, last_message_id = ?2, last_message_text = ?3, last_message_direction = ?4
        WHERE id = ?5 AND (last_message_at < ?1 OR (last_message_at = ?1 AND last_message_id < ?2))
        """
    static let insertConversation = """
        INSERT INTO conversations (customer, line, created_at, unread_count,
            last_message_at, last_message_id, last_message_text, last_message_direction)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
        """
}
