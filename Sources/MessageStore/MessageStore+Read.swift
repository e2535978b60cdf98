extension MessageStore {
    /// Marks a conversation read: its unread count becomes 0. Returns the conversation as it is
    /// now, or nil when there is no such id.
    @discardableResult
    public func markRead(_ conversation: ConversationID) throws(MessageStoreError) -> Conversation? {
        try write { (db) throws(MessageStoreError) -> Conversation? in
            try db.statement("UPDATE conversations SET unread_count = 0 WHERE id = ?")
                .run([.integer(conversation.rawValue)])
            return try Self.conversation(conversation, in: db)
        }
    }
}
