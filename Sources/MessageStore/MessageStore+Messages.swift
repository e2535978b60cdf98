extension MessageStore {
    /// A message by OpenPhone's id, as merged from every event about it; nil when unknown.
    public func message(_ messageID: String) throws(MessageStoreError) -> StoredMessage? {
        try withConnection { (db) throws(MessageStoreError) -> StoredMessage? in
            let stored = try db.statement("""
                SELECT id, conversation_id, direction, text, status, created_at, received_at
                FROM messages WHERE message_id = ?
                """).first([.text(messageID)]) { row in
                    (row: row.integer(0),
                     message: StoredMessage(
                        messageID: messageID, conversationID: ConversationID(rawValue: row.integer(1)),
                        direction: MessageDirection(rawValue: row.text(2)) ?? .incoming, text: row.text(3),
                        media: [], status: MessageStatus(rawValue: row.text(4)),
                        createdAt: EpochMilliseconds(row.integer(5)), receivedAt: EpochMilliseconds(row.integer(6))))
                }
            guard var result = stored?.message, let row = stored?.row else { return nil }
            result.media = try db.statement(
                "SELECT url, content_type FROM message_media WHERE message_id = ? ORDER BY position"
            ).all([.integer(row)]) { MediaAttachment(url: $0.text(0), contentType: $0.optionalText(1)) }
            return result
        }
    }
}
