/// How the stack's background services are doing (the outbox, say), for health: written by the
/// process that knows, read by the health responder.
extension MessageStore {
    public struct ServiceState: Sendable, Hashable {
        public var service: String
        /// `ok`, or why not: `missing_scopes`, `unavailable`, …
        public var state: String
        public var detail: String?
        public var updatedAt: EpochMilliseconds
    }

    /// Records `service`'s state; an unchanged state only refreshes its time.
    public func setServiceState(_ service: String, state: String, detail: String? = nil, now: EpochMilliseconds = .now())
        throws(MessageStoreError)
    {
        try write { (db) throws(MessageStoreError) in
            try db.statement("""
                INSERT INTO service_states (service, state, detail, updated_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (service) DO UPDATE SET state = excluded.state, detail = excluded.detail,
                    updated_at = excluded.updated_at
                """).run([.text(service), .text(state), .text(detail), .integer(now.rawValue)])
        }
    }

    public func serviceStates() throws(MessageStoreError) -> [ServiceState] {
        try withConnection { (db) throws(MessageStoreError) in
            try db.statement("SELECT service, state, detail, updated_at FROM service_states ORDER BY service").all { row in
                ServiceState(service: row.text(0), state: row.text(1), detail: row.optionalText(2),
                             updatedAt: EpochMilliseconds(row.integer(3)))
            }
        }
    }
}
