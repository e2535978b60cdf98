/// HubSpot's webhook events, kept from the moment they arrive until they are processed: the
/// webhook answers once they are stored, and a crash before processing loses nothing.
extension MessageStore {
    /// Stores events not seen before (by ``HubSpotEventRecord/dedupeKey``), in one transaction.
    /// - Returns: how many were new.
    @discardableResult
    public func storeHubSpotEvents(_ events: [HubSpotEventRecord], now: EpochMilliseconds = .now())
        throws(MessageStoreError) -> Int
    {
        try write { (db) throws(MessageStoreError) -> Int in
            var added = 0
            for event in events {
                try db.statement("""
                    INSERT INTO hubspot_events (dedupe_key, event_id, subscription_type, object_id,
                        occurred_at, received_at, next_attempt_at, event)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
                    """).run([.text(event.dedupeKey), .integer(event.eventID), .text(event.subscriptionType),
                              .integer(event.objectID), .integer(event.occurredAt.rawValue), .integer(now.rawValue),
                              .integer(now.rawValue), .blob(event.event)])
                added += db.changes
            }
            return added
        }
    }

    /// Takes up to `limit` events still to process and due now, oldest `occurredAt` first
    /// (HubSpot does not deliver in order), and keeps every other process off them for `hold`
    /// (a process that dies holding them only delays them).
    public func claimHubSpotEvents(limit: Int, hold: EpochMilliseconds.Interval, now: EpochMilliseconds = .now())
        throws(MessageStoreError) -> [HubSpotEventRecord]
    {
        try write { (db) throws(MessageStoreError) -> [HubSpotEventRecord] in
            let due = try db.statement("""
                SELECT dedupe_key, event_id, subscription_type, object_id, occurred_at, event, attempts
                FROM hubspot_events WHERE processed_at IS NULL AND next_attempt_at <= ?
                ORDER BY occurred_at, dedupe_key LIMIT ?
                """).all([.integer(now.rawValue), .integer(Int64(max(1, limit)))]) { row in
                    HubSpotEventRecord(dedupeKey: row.text(0), eventID: row.integer(1), subscriptionType: row.text(2),
                                       objectID: row.integer(3), occurredAt: EpochMilliseconds(row.integer(4)),
                                       event: row.blob(5), attempts: Int(row.integer(6)))
                }
            for event in due {
                try db.statement("UPDATE hubspot_events SET next_attempt_at = ? WHERE dedupe_key = ?")
                    .run([.integer((now + hold).rawValue), .text(event.dedupeKey)])
            }
            return due
        }
    }

    /// The event was applied.
    public func finishHubSpotEvent(_ dedupeKey: String, now: EpochMilliseconds = .now()) throws(MessageStoreError) {
        try write { (db) throws(MessageStoreError) in
            try db.statement("UPDATE hubspot_events SET processed_at = ?, last_error = NULL WHERE dedupe_key = ?")
                .run([.integer(now.rawValue), .text(dedupeKey)])
        }
    }

    /// Processing failed (HubSpot could not be asked, say): tried again at `retryAt`.
    public func retryHubSpotEvent(_ dedupeKey: String, error: String, at retryAt: EpochMilliseconds)
        throws(MessageStoreError)
    {
        try write { (db) throws(MessageStoreError) in
            try db.statement("""
                UPDATE hubspot_events SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE dedupe_key = ?
                """).run([.text(error), .integer(retryAt.rawValue), .text(dedupeKey)])
        }
    }

    /// How many events wait to be processed (for health).
    public func pendingHubSpotEventCount() throws(MessageStoreError) -> Int {
        try withConnection { (db) throws(MessageStoreError) in
            Int(try db.statement("SELECT count(*) FROM hubspot_events WHERE processed_at IS NULL")
                .first { $0.integer(0) } ?? 0)
        }
    }
}
