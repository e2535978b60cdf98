/// The outbox of messages to log as HubSpot communications. A message is queued in the same
/// transaction that stores it; a batch is marked `sent` *before* it goes to HubSpot, so a batch
/// whose answer was lost (a timeout, a crash) is never simply sent again: it is checked against
/// what HubSpot has first (``unconfirmedOutbox(now:)``). Messages whose conversation has no HubSpot
/// contact wait, and go as soon as it has one.
extension MessageStore {
    /// Queues one stored message (inside the transaction that stored it).
    static func queueForLogging(_ row: Int64, now: EpochMilliseconds, in db: any DatabaseConnection) throws(MessageStoreError) {
        try db.statement("""
            INSERT INTO communications_outbox (message_row, state, next_attempt_at) VALUES (?, 'pending', ?)
            ON CONFLICT DO NOTHING
            """).run([.integer(row), .integer(now.rawValue)])
    }

    /// Takes up to `limit` due messages that have a HubSpot contact, oldest first, and marks them
    /// `sent` until `answerBy`: past then, a batch nobody confirmed is checked, not re-sent.
    public func claimOutboxBatch(limit: Int, answerBy: EpochMilliseconds, now: EpochMilliseconds = .now())
        throws(MessageStoreError) -> [OutboxItem]
    {
        try write { (db) throws(MessageStoreError) -> [OutboxItem] in
            let items = try Self.outboxItems(where: "o.state = 'pending' AND o.next_attempt_at <= ?",
                                             [.integer(now.rawValue)], limit: limit, in: db)
            for item in items {
                try db.statement("""
                    UPDATE communications_outbox SET state = 'sent', attempts = attempts + 1, contact_id = ?,
                        sent_at = ?, next_attempt_at = ? WHERE message_row = ?
                    """).run([.text(item.contactID), .integer(now.rawValue), .integer(answerBy.rawValue),
                              .integer(item.message.rawValue)])
            }
            return items
        }
    }

    /// Batches whose answer never came by their time (lost, or the process died): what must be
    /// looked for in HubSpot before anything is sent again. They stay `sent` until the caller says.
    public func unconfirmedOutbox(limit: Int = 100, now: EpochMilliseconds = .now()) throws(MessageStoreError)
        -> [OutboxItem]
    {
        try withConnection { (db) throws(MessageStoreError) in
            try Self.outboxItems(where: "o.state = 'sent' AND o.next_attempt_at <= ?", [.integer(now.rawValue)],
                                 limit: limit, in: db, contactFromOutbox: true)
        }
    }

    /// Logged: HubSpot's communication ids by message.
    public func outboxLogged(_ logged: [MessageID: String], now: EpochMilliseconds = .now()) throws(MessageStoreError) {
        try write { (db) throws(MessageStoreError) in
            for (message, communication) in logged {
                try db.statement("""
                    UPDATE communications_outbox SET state = 'logged', communication_id = ?, last_error = NULL,
                        next_attempt_at = ? WHERE message_row = ?
                    """).run([.text(communication), .integer(now.rawValue), .integer(message.rawValue)])
            }
        }
    }

    /// Not logged, certainly (HubSpot refused, or was never reached): due again at `retryAt`.
    public func outboxRetry(_ messages: [MessageID], error: String, at retryAt: EpochMilliseconds)
        throws(MessageStoreError)
    {
        try write { (db) throws(MessageStoreError) in
            for message in messages {
                try db.statement("""
                    UPDATE communications_outbox SET state = 'pending', last_error = ?, next_attempt_at = ?
                    WHERE message_row = ? AND state <> 'logged'
                    """).run([.text(error), .integer(retryAt.rawValue), .integer(message.rawValue)])
            }
        }
    }

    /// A lost answer could not be checked now (HubSpot failed the search): checked again at
    /// `retryAt`, still without sending.
    public func outboxRetryCheck(_ message: MessageID, at retryAt: EpochMilliseconds) throws(MessageStoreError) {
        try write { (db) throws(MessageStoreError) in
            try db.statement("UPDATE communications_outbox SET next_attempt_at = ? WHERE message_row = ? AND state = 'sent'")
                .run([.integer(retryAt.rawValue), .integer(message.rawValue)])
        }
    }

    /// HubSpot answers again after failing: every message waiting out a back-off is due now.
    /// - Returns: how many.
    @discardableResult
    public func outboxEndBackoff(now: EpochMilliseconds = .now()) throws(MessageStoreError) -> Int {
        try write { (db) throws(MessageStoreError) -> Int in
            try db.statement("""
                UPDATE communications_outbox SET next_attempt_at = ?
                WHERE state = 'pending' AND next_attempt_at > ? AND last_error IS NOT NULL
                """).run([.integer(now.rawValue), .integer(now.rawValue)])
            return db.changes
        }
    }

    /// HubSpot refused it as invalid: counted (``OutboxItem/refusals``) and due again at `retryAt`.
    public func outboxRefused(_ message: MessageID, error: String, at retryAt: EpochMilliseconds)
        throws(MessageStoreError)
    {
        try write { (db) throws(MessageStoreError) in
            try db.statement("""
                UPDATE communications_outbox SET state = 'pending', refusals = refusals + 1, last_error = ?,
                    next_attempt_at = ? WHERE message_row = ? AND state <> 'logged'
                """).run([.text(error), .integer(retryAt.rawValue), .integer(message.rawValue)])
        }
    }

    /// Given up: HubSpot refuses these as invalid, again and again.
    public func outboxFailed(_ messages: [MessageID], error: String) throws(MessageStoreError) {
        try write { (db) throws(MessageStoreError) in
            for message in messages {
                try db.statement("UPDATE communications_outbox SET state = 'failed', last_error = ? WHERE message_row = ?")
                    .run([.text(error), .integer(message.rawValue)])
            }
        }
    }

    /// Customers whose messages wait in the outbox for a contact HubSpot confirmed it does not
    /// have (a lookup answered "not found"): the ones an outbox that creates contacts creates.
    public func customersWaitingForContact(limit: Int) throws(MessageStoreError) -> [E164Number] {
        try withConnection { (db) throws(MessageStoreError) in
            try db.statement("""
                SELECT DISTINCT c.customer FROM communications_outbox o JOIN messages m ON m.id = o.message_row
                JOIN conversations c ON c.id = m.conversation_id
                WHERE o.state = 'pending' AND c.hubspot_contact_id IS NULL AND c.lookup_outcome = 'notFound'
                LIMIT ?
                """).all([.integer(Int64(max(1, limit)))]) { E164Number(stored: $0.text(0)) }
        }
    }

    /// Counts by state.
    public func outboxSummary(now: EpochMilliseconds = .now()) throws(MessageStoreError) -> OutboxSummary {
        try withConnection { (db) throws(MessageStoreError) in
            let row = try db.statement("""
                SELECT
                    COUNT(*) FILTER (WHERE o.state = 'pending' AND c.hubspot_contact_id IS NOT NULL),
                    COUNT(*) FILTER (WHERE o.state = 'pending' AND c.hubspot_contact_id IS NULL),
                    COUNT(*) FILTER (WHERE o.state = 'sent'), COUNT(*) FILTER (WHERE o.state = 'logged'),
                    COUNT(*) FILTER (WHERE o.state = 'failed'),
                    min(CASE WHEN o.state = 'pending' THEN m.received_at END)
                FROM communications_outbox o JOIN messages m ON m.id = o.message_row
                JOIN conversations c ON c.id = m.conversation_id
                """).first { row in
                    (Int(row.optionalInteger(0) ?? 0), Int(row.optionalInteger(1) ?? 0), Int(row.optionalInteger(2) ?? 0),
                     Int(row.optionalInteger(3) ?? 0), Int(row.optionalInteger(4) ?? 0), row.optionalInteger(5))
                }
            guard let row else { return OutboxSummary(pending: 0, waitingForContact: 0, unconfirmed: 0, logged: 0, failed: 0) }
            return OutboxSummary(pending: row.0, waitingForContact: row.1, unconfirmed: row.2, logged: row.3,
                                 failed: row.4, oldestPendingSeconds: row.5.map { max(0, (now.rawValue - $0) / 1000) })
        }
    }

    /// Outbox rows matching `condition` (over `communications_outbox o`) with their message;
    /// pending ones only when their conversation has a contact (the contact id is then the
    /// conversation's), sent ones with the contact they went to.
    private static func outboxItems(where condition: String, _ values: [SQLValue], limit: Int,
                                    in db: any DatabaseConnection, contactFromOutbox: Bool = false)
        throws(MessageStoreError) -> [OutboxItem]
    {
        let contact = contactFromOutbox ? "o.contact_id" : "c.hubspot_contact_id"
        // The SQL is assembled from the callers' fixed fragments only; every value is bound.
        return try db.statement("""
            SELECT o.message_row, m.direction, m.text, m.created_at, \(contact), m.sent_by, c.customer, c.line, o.attempts,
                o.refusals
            FROM communications_outbox o JOIN messages m ON m.id = o.message_row
            JOIN conversations c ON c.id = m.conversation_id
            WHERE \(condition) AND \(contact) IS NOT NULL
            ORDER BY o.next_attempt_at, o.message_row LIMIT ?
            """).all(values + [.integer(Int64(max(1, limit)))]) { row in
                OutboxItem(message: MessageID(rawValue: row.integer(0)),
                           direction: MessageDirection(rawValue: row.text(1)) ?? .incoming, text: row.text(2),
                           createdAt: EpochMilliseconds(row.integer(3)), contactID: row.text(4),
                           sentBy: row.optionalText(5), customer: E164Number(stored: row.text(6)),
                           line: BusinessLine(stored: row.text(7)), attempts: Int(row.integer(8)),
                           refusals: Int(row.integer(9)))
            }
    }
}
