@testable import MessageStore
import Synchronization
import Testing

@Suite struct ConcurrencyTests {
    /// Event `index` of thread `thread`: 20 customers, two events (received, delivered) per message.
    static func concurrentEvent(thread: Int, index: Int) -> InboundMessage {
        let message = index / 2
        return event("EV-\(thread)-\(index)", message: "AC-\(thread)-\(message)",
                     type: index % 2 == 0 ? "message.received" : "message.delivered",
                     customer: customer((thread * 7 + message) % 20), status: index % 2 == 0 ? .received : .delivered,
                     at: at(Int64(message)))
    }

    /// Records 200 events on each of `threads` threads spread over `stores`, every event twice
    /// (an OpenPhone retry), and checks the exact totals.
    func hammer(stores: [MessageStore], threads: Int, directory: TemporaryDirectory) throws {
        let (failures, duplicates) = Self.record(stores: stores, threads: threads)
        #expect(failures == [])
        #expect(duplicates == threads * 200)
        Self.expectTotals(threads: threads, database: directory.database)
    }

    /// Threads `firstThread..<firstThread + threads` each record their 200 events twice; returns
    /// the errors and how many second deliveries were reported as duplicates.
    static func record(stores: [MessageStore], threads: Int, firstThread: Int = 0) -> (failures: [String], duplicates: Int) {
        let failures = Mutex<[String]>([])
        let duplicates = Atomic<Int>(0)
        onThreads(threads) { index in
            let thread = firstThread + index
            let store = stores[index % stores.count]
            for index in 0..<200 {
                let message = concurrentEvent(thread: thread, index: index)
                do {
                    try store.record(message)
                    if case .duplicate = try store.record(message) { duplicates.add(1, ordering: .relaxed) }
                    if index % 25 == 0 { _ = try store.conversations(limit: 20, matching: "555") }
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
            }
        }
        return (failures.withLock { $0 }, duplicates.load(ordering: .relaxed))
    }

    /// The exact counts after `threads` × 200 events of ``concurrentEvent(thread:index:)``.
    static func expectTotals(threads: Int, database: String) {
        RawDatabase.with(database) { raw in
            #expect(raw.count("processed_events") == threads * 200)
            #expect(raw.count("messages") == threads * 100)
            #expect(raw.count("conversations") == 20)
            #expect(raw.integer("SELECT SUM(unread_count) FROM conversations") == Int64(threads * 100))
            #expect(raw.integer("SELECT COUNT(*) FROM messages WHERE status <> 'received'") == 0)  // first final stays
        }
    }

    @Test func eightThreadsOnOneStore() throws {
        try TemporaryDirectory.with { directory in
            let store = try openStore(directory, maxConnections: 4)
            try hammer(stores: [store], threads: 8, directory: directory)
        }
    }

    @Test func twoStoresOnOneFileLikeTwoProcesses() throws {
        try TemporaryDirectory.with { directory in
            // Separate instances share nothing in memory: only SQLite's file locks coordinate them.
            let stores = [try openStore(directory, maxConnections: 2), try openStore(directory, maxConnections: 2)]
            try hammer(stores: stores, threads: 8, directory: directory)
        }
    }

    @Test func manyStoresOpeningANewFileAtOnceMigrateItOnce() {
        TemporaryDirectory.with { directory in
            let applied = Mutex<[[Int]]>([])
            let failures = Mutex<[String]>([])
            onThreads(6) { _ in
                do {
                    let store = try MessageStore(location: storeLocation(directory))
                    applied.withLock { $0.append(store.appliedMigrations) }
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
            }
            #expect(failures.withLock { $0 } == [])
            // Each migration is its own transaction: openers may share the work, but each migration
            // runs exactly once, in order within each opener.
            let all = applied.withLock { $0 }
            #expect(all.flatMap { $0 }.sorted() == Array(1...Migration.all.count))
            #expect(all.allSatisfy { $0 == $0.sorted() })
            #expect(RawDatabase(directory.database).integer("SELECT version FROM schema_version") == Int64(Migration.all.count))
        }
    }

    @Test func moreThreadsThanConnectionsWaitTheirTurn() throws {
        try TemporaryDirectory.with { directory in
            let store = try openStore(directory, maxConnections: 1)
            try hammer(stores: [store], threads: 4, directory: directory)
        }
    }

    @Test func aConnectionReturnedInsideATransactionIsRolledBackNotLentOutLocked() throws {
        try TemporaryDirectory.with { directory in
            let store = try openStore(directory, maxConnections: 1)
            let begin = storeTestsOnPostgres ? "BEGIN" : "BEGIN IMMEDIATE"
            try store.withConnection { (db) throws(MessageStoreError) in
                try db.execute(begin)
                try db.statement("UPDATE schema_version SET version = version").run()
            }
            // The write lock is free for another process, and the pooled connection can begin again.
            RawDatabase(directory.database).execute(storeTestsOnPostgres
                ? "BEGIN; UPDATE schema_version SET version = version; COMMIT" : "BEGIN IMMEDIATE; COMMIT")
            #expect(try store.record(event("EV1")) == .stored(ConversationID(rawValue: 1)))
        }
    }
}
