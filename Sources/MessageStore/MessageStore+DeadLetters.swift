/// Dead letters: verified webhook bodies this version could not read, kept (and acknowledged)
/// rather than refused, and read again by `messages-dead-letters replay` after an upgrade.
///
/// ```swift
/// let receipt = try store.keepDeadLetter(unreadable)          // webhook: then answer 202
/// for letter in try store.deadLetters(pendingOnly: true) {    // after an upgrade
///     if let message = read(letter.body) {
///         try store.resolveDeadLetter(letter.id, recording: message)   // or ignoreDeadLetter
///     } else {
///         try store.deadLetterStillUnreadable(letter.id, reason: why)
///     }
/// }
/// ```
extension MessageStore {
    /// Keeps an unreadable delivery, once per event id (or per body, when it names no event): a
    /// retry of the same event only counts one more delivery.
    /// - Throws: ``MessageStoreError``; nothing is kept then, so the caller must not acknowledge.
    @discardableResult
    public func keepDeadLetter(_ letter: UnreadableDelivery) throws(MessageStoreError) -> DeadLetterReceipt {
        try write { (db) throws(MessageStoreError) in
            let row = try db.statement("""
                INSERT INTO dead_letters (dedupe_key, event_id, event_type, received_at, error_code, error_message,
                    error_field, body)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (dedupe_key) DO UPDATE SET deliveries = dead_letters.deliveries + 1
                RETURNING id, deliveries
                """).first([.text(letter.dedupeKey), .text(letter.eventID), .text(letter.eventType),
                            .integer(letter.receivedAt.rawValue), .text(letter.reason.code),
                            .text(letter.reason.message), .text(letter.reason.field), .blob(letter.body)]) {
                    DeadLetterReceipt(id: DeadLetterID(rawValue: $0.integer(0)), firstDelivery: $0.integer(1) == 1)
                }
            guard let row else { throw MessageStoreError(kind: .statementFailed, message: "INSERT returned no id") }
            return row
        }
    }

    /// Dead letters oldest first: every one, only the pending ones, or the one with `id`.
    public func deadLetters(pendingOnly: Bool = false, id: DeadLetterID? = nil)
        throws(MessageStoreError) -> [DeadLetter]
    {
        try withConnection { (db) throws(MessageStoreError) in
            try db.statement("""
                SELECT id, event_id, event_type, received_at, deliveries, error_code, error_message, error_field,
                    body, attempted_at, reprocessed_at, outcome, conversation_id
                FROM dead_letters
                WHERE (?1 = 0 OR reprocessed_at IS NULL) AND (CAST(?2 AS BIGINT) IS NULL OR id = ?2)
                ORDER BY id
                """).all([.integer(pendingOnly ? 1 : 0), .integer(id?.rawValue)], Self.deadLetter)
        }
    }

    /// One row of the SELECT above.
    private static func deadLetter(_ row: Row) -> DeadLetter {
        let reason = DeadLetterReason(code: row.text(5), message: row.text(6), field: row.optionalText(7))
        let attempted: EpochMilliseconds? = row.optionalInteger(9).map { EpochMilliseconds($0) }
        let reprocessed: EpochMilliseconds? = row.optionalInteger(10).map { EpochMilliseconds($0) }
        let outcome: DeadLetter.Outcome? = row.optionalText(11).flatMap { DeadLetter.Outcome(rawValue: $0) }
        let conversation: ConversationID? = row.optionalInteger(12).map { ConversationID(rawValue: $0) }
        return DeadLetter(id: DeadLetterID(rawValue: row.integer(0)), eventID: row.optionalText(1),
                          eventType: row.optionalText(2), receivedAt: EpochMilliseconds(row.integer(3)),
                          deliveries: Int(row.integer(4)), reason: reason, body: row.blob(8), attemptedAt: attempted,
                          reprocessedAt: reprocessed, outcome: outcome, conversationID: conversation)
    }

    /// Records the message a dead letter turned out to hold and marks the letter re-processed,
    /// in one transaction. The message goes through exactly the webhook's ``record(_:)``, so a
    /// message that arrived meanwhile by another event is merged, not doubled.
    @discardableResult
    public func resolveDeadLetter(_ id: DeadLetterID, recording message: InboundMessage,
                                  at now: EpochMilliseconds = .now()) throws(MessageStoreError) -> RecordOutcome
    {
        try write { (db) throws(MessageStoreError) in
            let recorded = try Self.record(message, in: db, queueForHubSpot: logsMessagesToHubSpot)
            let outcome: DeadLetter.Outcome = if case .duplicate = recorded { .duplicate } else { .stored }
            try Self.markReprocessed(id, outcome: outcome, conversation: recorded.conversationID, at: now, in: db)
            return recorded
        }
    }

    /// Marks a dead letter re-processed as an event that carries no message.
    public func ignoreDeadLetter(_ id: DeadLetterID, at now: EpochMilliseconds = .now()) throws(MessageStoreError) {
        try write { (db) throws(MessageStoreError) in
            try Self.markReprocessed(id, outcome: .ignored, conversation: nil, at: now, in: db)
        }
    }

    /// Only a pending letter is marked: of two replays racing over one letter, the first one's
    /// outcome (`stored`) stands, not the second's (`duplicate`).
    private static func markReprocessed(_ id: DeadLetterID, outcome: DeadLetter.Outcome, conversation: ConversationID?,
                                        at now: EpochMilliseconds, in db: any DatabaseConnection) throws(MessageStoreError)
    {
        try db.statement("""
            UPDATE dead_letters SET reprocessed_at = ?1, attempted_at = ?1, outcome = ?2, conversation_id = ?3
            WHERE id = ?4 AND reprocessed_at IS NULL
            """).run([.integer(now.rawValue), .text(outcome.rawValue), .integer(conversation?.rawValue),
                      .integer(id.rawValue)])
    }

    /// Notes that a re-processing attempt still could not read a dead letter, and why now.
    public func deadLetterStillUnreadable(_ id: DeadLetterID, reason: DeadLetterReason,
                                          at now: EpochMilliseconds = .now()) throws(MessageStoreError)
    {
        try write { (db) throws(MessageStoreError) in
            try db.statement("""
                UPDATE dead_letters SET attempted_at = ?, error_code = ?, error_message = ?, error_field = ?
                WHERE id = ?
                """).run([.integer(now.rawValue), .text(reason.code), .text(reason.message), .text(reason.field),
                          .integer(id.rawValue)])
        }
    }

    /// How many dead letters wait, for health. Reads no bodies (they are the rows' last column).
    public func deadLetterSummary() throws(MessageStoreError) -> DeadLetterSummary {
        try withConnection { (db) throws(MessageStoreError) in
            let summary = try db.statement("""
                SELECT COUNT(*) FILTER (WHERE reprocessed_at IS NULL), COUNT(*) FILTER (WHERE reprocessed_at IS NOT NULL),
                    MIN(received_at) FILTER (WHERE reprocessed_at IS NULL)
                FROM dead_letters
                """).first { row in
                    DeadLetterSummary(pending: Int(row.integer(0)), reprocessed: Int(row.integer(1)),
                                      oldestPendingAt: row.optionalInteger(2).map { EpochMilliseconds($0) })
                }
            return summary ?? DeadLetterSummary(pending: 0, reprocessed: 0, oldestPendingAt: nil)
        }
    }
}
