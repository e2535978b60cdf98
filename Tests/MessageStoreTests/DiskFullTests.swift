import CSQLite
@testable import MessageStore
import Testing

/// A full disk, played by `PRAGMA max_page_count` on the store's only connection: SQLite answers
/// `SQLITE_FULL` exactly where it would when the file cannot grow.
@Suite(.enabled(if: !storeTestsOnPostgres, "a SQLite file's")) struct DiskFullTests {
    /// A store with one connection, capped at the pages it has now.
    func fullStore(_ directory: TemporaryDirectory) throws -> MessageStore {
        let store = try openStore(directory, maxConnections: 1)
        try store.withConnection { (db) throws(MessageStoreError) in
            let pages = try db.statement("PRAGMA page_count").first { $0.integer(0) } ?? 0
            try db.execute("PRAGMA max_page_count = \(pages)")
        }
        return store
    }

    func makeRoom(_ store: MessageStore) throws {
        try store.withConnection { (db) throws(MessageStoreError) in try db.execute("PRAGMA max_page_count = 1000000") }
    }

    @Test func aMessageThatDoesNotFitFailsAsFullAndLeavesNothing() throws {
        try TemporaryDirectory.with { directory in
            let store = try fullStore(directory)
            let big = event("EV1", text: String(repeating: "x", count: 100_000))
            #expect {
                try store.record(big)
            } throws: { error in
                let error = error as? MessageStoreError
                return error?.kind == .statementFailed && error.map { $0.resultCode! & 0xff } == SQLITE_FULL
            }
            RawDatabase.with(directory.database) { raw in
                #expect(raw.count("conversations") == 0 && raw.count("messages") == 0)
                #expect(raw.count("processed_events") == 0)
            }
            // Space again: the redelivery is stored, once.
            try makeRoom(store)
            guard case .stored = try store.record(big) else { Issue.record("not stored after space returned"); return }
            #expect(try store.record(big) == .duplicate(try #require(try store.conversations(limit: 1).conversations.first?.id)))
            #expect(RawDatabase(directory.database).count("messages") == 1)
        }
    }

    @Test func aDeadLetterThatDoesNotFitFailsAndIsNotHalfKept() throws {
        try TemporaryDirectory.with { directory in
            let store = try fullStore(directory)
            let letter = UnreadableDelivery(body: Array(repeating: 0x41, count: 100_000), bodyDigest: "d",
                                            eventID: "EV1", eventType: nil,
                                            reason: DeadLetterReason(code: "invalid_json", message: "m"))
            #expect(throws: MessageStoreError.self) { try store.keepDeadLetter(letter) }
            #expect(RawDatabase(directory.database).count("dead_letters") == 0)
            try makeRoom(store)
            #expect(try store.keepDeadLetter(letter).firstDelivery)
        }
    }
}
