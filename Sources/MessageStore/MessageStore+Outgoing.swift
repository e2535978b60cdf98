/// Messages sent from this inbox. A send is stored (as `sending`) before OpenPhone is asked,
/// so a crash between the two loses nothing and sends nothing twice: the message stays in the
/// thread, and ``failUnconfirmedSends(olderThan:now:)`` later shows it failed, for a person to
/// retry. An `Idempotency-Key` makes a repeated request (a double click, a client retry) answer
/// what the first one stored instead of sending again.
extension MessageStore {
    /// Stores a draft as `sending`, or says why it must not be sent.
    public func prepareSend(_ draft: OutgoingDraft, now: EpochMilliseconds = .now()) throws(MessageStoreError)
        -> SendPreparation
    {
        let fingerprint = switch draft.recipient {
        case .conversation(let id): "conversation \(id)\n\(draft.text)"
        case .number(let customer, let line): "number \(customer.rawValue) \(line.rawValue)\n\(draft.text)"
        }
        return try write { (db) throws(MessageStoreError) -> SendPreparation in
            if let earlier = try Self.earlierRequest(draft.idempotencyKey, sentBy: draft.sentBy, fingerprint, in: db) {
                return earlier
            }
            let target: (customer: E164Number, line: BusinessLine)
            switch draft.recipient {
            case .conversation(let id):
                guard let conversation = try Self.conversation(id, in: db) else { return .notFound }
                if conversation.optedOut { return .optedOut(conversation) }
                target = (conversation.customer, conversation.line)
            case .number(let customer, let line):
                if let conversation = try Self.conversation(customer: customer, line: line, in: db), conversation.optedOut {
                    return .optedOut(conversation)
                }
                target = (customer, line)
            }
            let localID = Self.localIDPrefix + Self.randomHex()
            let conversation = try Self.touchConversation(
                customer: target.customer, line: target.line, unread: 0,
                last: LastMessageRow(at: now, messageID: localID, text: draft.text, direction: .outgoing), now: now, in: db)
            let row = try db.statement("""
                INSERT INTO messages (message_id, event_id, conversation_id, direction, text, status,
                    created_at, received_at, status_updated_at, sent_by)
                VALUES (?, '', ?, 'outgoing', ?, ?, ?, ?, ?, ?) RETURNING id
                """).first([.text(localID), .integer(conversation.rawValue), .text(draft.text),
                            .text(MessageStatus.sending.rawValue), .integer(now.rawValue), .integer(now.rawValue),
                            .integer(now.rawValue), .text(draft.sentBy)]) { $0.integer(0) }
            guard let row else { throw MessageStoreError(kind: .statementFailed, message: "INSERT returned no id") }
            try db.statement("INSERT INTO outgoing_sends (message_row, state, updated_at) VALUES (?, 'pending', ?)")
                .run([.integer(row), .integer(now.rawValue)])
            try Self.rememberRequest(draft.idempotencyKey, sentBy: draft.sentBy, fingerprint, row: row, now: now, in: db)
            return try Self.preparation(SendPreparation.send, row: row, conversation: conversation, in: db)
        }
    }

    /// Sends a failed message from here again: back to `sending`, one more attempt.
    public func prepareRetry(_ id: MessageID, sentBy: String, idempotencyKey: String?, now: EpochMilliseconds = .now())
        throws(MessageStoreError) -> SendPreparation
    {
        try write { (db) throws(MessageStoreError) -> SendPreparation in
            let fingerprint = "retry \(id)"
            if let earlier = try Self.earlierRequest(idempotencyKey, sentBy: sentBy, fingerprint, in: db) { return earlier }
            guard let message = try Self.messages(where: "m.id = ?", [.integer(id.rawValue)], in: db).first,
                  message.status == .failed || message.status == .undelivered, message.sentBy != nil,
                  let conversation = try Self.conversation(message.conversationID, in: db)
            else { return .notFound }
            if conversation.optedOut { return .optedOut(conversation) }
            try db.statement("""
                UPDATE messages SET status = 'sending', failure_code = NULL, failure_message = NULL, status_updated_at = ?
                WHERE id = ?
                """).run([.integer(now.rawValue), .integer(id.rawValue)])
            try db.statement("""
                UPDATE outgoing_sends SET state = 'pending', attempts = attempts + 1, updated_at = ? WHERE message_row = ?
                """).run([.integer(now.rawValue), .integer(id.rawValue)])
            try Self.rememberRequest(idempotencyKey, sentBy: sentBy, fingerprint, row: id.rawValue, now: now, in: db)
            return try Self.preparation(SendPreparation.send, row: id.rawValue, conversation: conversation.id, in: db)
        }
    }

    /// OpenPhone accepted the send as `openPhoneID`. Its webhooks may have come first and stored
    /// the message under that id: they are merged into ours (the more advanced status stays), so
    /// the thread shows one message.
    @discardableResult
    public func sendAccepted(_ id: MessageID, openPhoneID: String, status: MessageStatus,
                             now: EpochMilliseconds = .now()) throws(MessageStoreError) -> StoredMessage? {
        try write { (db) throws(MessageStoreError) -> StoredMessage? in
            guard let ours = try Self.messages(where: "m.id = ?", [.integer(id.rawValue)], in: db).first else { return nil }
            var best = ours.status.rank > status.rank ? ours.status : status
            var failure: SendFailure? = nil
            if let early = try Self.messages(where: "m.message_id = ? AND m.id <> ?",
                                             [.text(openPhoneID), .integer(id.rawValue)], in: db).first {
                if early.status.rank > best.rank { best = early.status }
                // Media at a position ours already has stays behind (and goes with the early row).
                try db.statement("""
                    UPDATE message_media SET message_id = ?1 WHERE message_id = ?2
                      AND position NOT IN (SELECT position FROM message_media WHERE message_id = ?1)
                    """).run([.integer(id.rawValue), .integer(early.id.rawValue)])
                // Its place in the HubSpot outbox (perhaps already logged) and its failure reason are ours now.
                try db.statement("""
                    UPDATE communications_outbox SET message_row = ?1 WHERE message_row = ?2
                      AND NOT EXISTS (SELECT 1 FROM communications_outbox WHERE message_row = ?1)
                    """).run([.integer(id.rawValue), .integer(early.id.rawValue)])
                failure = early.failure
                try db.statement("DELETE FROM messages WHERE id = ?").run([.integer(early.id.rawValue)])
            }
            let localID = try db.statement("SELECT message_id FROM messages WHERE id = ?")
                .first([.integer(id.rawValue)]) { $0.text(0) } ?? ""
            try db.statement("""
                UPDATE messages SET message_id = ?, status = ?, failure_code = ?, failure_message = ?,
                    status_updated_at = ? WHERE id = ?
                """).run([.text(openPhoneID), .text(best.rawValue), .text(failure?.code), .text(failure?.message),
                          .integer(now.rawValue), .integer(id.rawValue)])
            try db.statement("UPDATE conversations SET last_message_id = ? WHERE id = ? AND last_message_id = ?")
                .run([.text(openPhoneID), .integer(ours.conversationID.rawValue), .text(localID)])
            try db.statement("""
                UPDATE outgoing_sends SET state = 'accepted', openphone_id = ?, updated_at = ? WHERE message_row = ?
                """).run([.text(openPhoneID), .integer(now.rawValue), .integer(id.rawValue)])
            if logsMessagesToHubSpot && best != .failed && best != .undelivered {
                try Self.queueForLogging(id.rawValue, now: now, in: db)
            }
            return try Self.messages(where: "m.id = ?", [.integer(id.rawValue)], in: db).first
        }
    }

    /// Our send still waiting for OpenPhone's id that an outgoing webhook is about: same
    /// customer, line and text, sent in the last minutes. Four values: customer, line, text, since.
    static let unconfirmedSendSQL = """
        SELECT m.id, m.conversation_id, m.message_id FROM messages m
        JOIN conversations c ON c.id = m.conversation_id
        JOIN outgoing_sends s ON s.message_row = m.id
        WHERE c.customer = ? AND c.line = ? AND m.direction = 'outgoing' AND m.text = ?
            AND s.openphone_id IS NULL AND m.message_id LIKE 'local:%' AND m.created_at >= ?
        ORDER BY m.created_at LIMIT 1
        """

    /// A webhook about an outgoing message OpenPhone knows by an id we never learned (its answer
    /// to our send was lost, or could not be recorded): when a send of ours to the same
    /// conversation, with the same text, from the last 10 minutes still waits for its id, it is
    /// that send — the webhook settles it instead of adding a copy. Nil when there is none.
    static func adoptUnconfirmedSend(_ message: InboundMessage, in db: any DatabaseConnection) throws(MessageStoreError)
        -> ConversationID?
    {
        guard message.direction == .outgoing else { return nil }
        guard let ours = try db.statement(unconfirmedSendSQL).first(
            [.text(message.customer.rawValue), .text(message.line.rawValue), .text(message.text),
             .integer((message.receivedAt - .minutes(10)).rawValue)], {
                (row: $0.integer(0), conversation: ConversationID(rawValue: $0.integer(1)), localID: $0.text(2))
            })
        else { return nil }
        try db.statement("""
            UPDATE messages SET message_id = ?, status = ?, failure_code = NULL, failure_message = NULL,
                status_updated_at = ? WHERE id = ?
            """).run([.text(message.messageID), .text(message.status.rawValue), .integer(message.receivedAt.rawValue),
                      .integer(ours.row)])
        try db.statement("UPDATE conversations SET last_message_id = ? WHERE id = ? AND last_message_id = ?")
            .run([.text(message.messageID), .integer(ours.conversation.rawValue), .text(ours.localID)])
        try db.statement("""
            UPDATE outgoing_sends SET state = 'accepted', openphone_id = ?, updated_at = ? WHERE message_row = ?
            """).run([.text(message.messageID), .integer(message.receivedAt.rawValue), .integer(ours.row)])
        try recordFailure(message, row: ours.row, in: db)
        return ours.conversation
    }

    /// OpenPhone refused the send, or could not be reached before it was sent: the message is
    /// kept as `failed` with the reason, for a person to retry.
    @discardableResult
    public func sendFailed(_ id: MessageID, _ failure: SendFailure, now: EpochMilliseconds = .now())
        throws(MessageStoreError) -> StoredMessage?
    {
        try write { (db) throws(MessageStoreError) -> StoredMessage? in
            try Self.markFailed(where: "id = ?", [.integer(id.rawValue)], failure, now: now, in: db)
            return try Self.messages(where: "m.id = ?", [.integer(id.rawValue)], in: db).first
        }
    }

    /// Sends still `sending` since before `cutoff` — the process died between storing and
    /// OpenPhone's answer, or OpenPhone's answer was lost and no webhook came either — become
    /// `failed`, saying that OpenPhone did not confirm them. Returns their ids.
    @discardableResult
    public func failUnconfirmedSends(olderThan cutoff: EpochMilliseconds, now: EpochMilliseconds = .now())
        throws(MessageStoreError) -> [MessageID]
    {
        try write { (db) throws(MessageStoreError) -> [MessageID] in
            let stuck = try db.statement("""
                SELECT s.message_row FROM outgoing_sends s JOIN messages m ON m.id = s.message_row
                WHERE s.state = 'pending' AND s.updated_at < ? AND m.status = 'sending'
                """).all([.integer(cutoff.rawValue)]) { MessageID(rawValue: $0.integer(0)) }
            for id in stuck {
                try Self.markFailed(where: "id = ?", [.integer(id.rawValue)], .unconfirmed, now: now, in: db)
            }
            return stuck
        }
    }

    private static func markFailed(where condition: String, _ values: [SQLValue], _ failure: SendFailure,
                                   now: EpochMilliseconds, in db: any DatabaseConnection) throws(MessageStoreError) {
        // Only a message still being sent: a webhook that already said `delivered` wins.
        try db.statement("""
            UPDATE messages SET status = 'failed', failure_code = ?, failure_message = ?, status_updated_at = ?
            WHERE \(condition) AND status = 'sending'
            """).run([.text(failure.code), .text(failure.message), .integer(now.rawValue)] + values)
        try db.statement("""
            UPDATE outgoing_sends SET state = 'failed', updated_at = ?
            WHERE message_row IN (SELECT id FROM messages WHERE \(condition)) AND state = 'pending'
            """).run([.integer(now.rawValue)] + values)
    }

    /// What an idempotency key already stands for, if it was used before.
    private static func earlierRequest(_ key: String?, sentBy: String, _ fingerprint: String,
                                       in db: any DatabaseConnection) throws(MessageStoreError) -> SendPreparation? {
        guard let key else { return nil }
        guard let earlier = try db.statement("SELECT fingerprint, message_row FROM send_requests WHERE idempotency_key = ?")
            .first([.text(scopedKey(key, sentBy: sentBy))], { (fingerprint: $0.text(0), row: $0.integer(1)) })
        else { return nil }
        guard earlier.fingerprint == fingerprint,
              let message = try messages(where: "m.id = ?", [.integer(earlier.row)], in: db).first
        else { return .keyReused }
        return try preparation(SendPreparation.repeated, row: earlier.row, conversation: message.conversationID, in: db)
    }

    private static func rememberRequest(_ key: String?, sentBy: String, _ fingerprint: String, row: Int64,
                                        now: EpochMilliseconds, in db: any DatabaseConnection) throws(MessageStoreError) {
        guard let key else { return }
        try db.statement("""
            INSERT INTO send_requests (idempotency_key, fingerprint, message_row, created_at) VALUES (?, ?, ?, ?)
            """).run([.text(scopedKey(key, sentBy: sentBy)), .text(fingerprint), .integer(row), .integer(now.rawValue)])
    }

    /// Keys are the client's, so they are kept per user: two people cannot collide.
    private static func scopedKey(_ key: String, sentBy: String) -> String { sentBy + "\u{0}" + key }

    private static func preparation(_ make: (StoredMessage, Conversation) -> SendPreparation, row: Int64,
                                    conversation: ConversationID, in db: any DatabaseConnection) throws(MessageStoreError)
        -> SendPreparation
    {
        guard let message = try messages(where: "m.id = ?", [.integer(row)], in: db).first,
              let conversation = try Self.conversation(conversation, in: db)
        else { throw MessageStoreError(kind: .statementFailed, message: "a stored send could not be read back") }
        return make(message, conversation)
    }

    static func randomHex() -> String {
        (0..<2).map { _ in
            let text = String(UInt64.random(in: .min ... .max), radix: 16)
            return String(repeating: "0", count: 16 - text.count) + text
        }.joined()
    }
}

extension SendFailure {
    /// OpenPhone reported the message failed or undelivered without saying why.
    public static let notDelivered = SendFailure(
        code: "not_delivered", message: "OpenPhone reported that the message was not delivered.")

    /// Nothing confirmed the send in time: it may or may not have gone out.
    public static let unconfirmed = SendFailure(
        code: "send_unconfirmed",
        message: "OpenPhone did not confirm this message; it may not have been sent. Check before retrying.")
}
