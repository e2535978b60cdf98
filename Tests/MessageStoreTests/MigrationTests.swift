import CSQLite
import Glibc
@testable import MessageStore
import Testing

@Suite(.enabled(if: !storeTestsOnPostgres, "a SQLite file's; PostgresStoreTests migrate PostgreSQL")) struct MigrationTests {
    @Test func anEmptyFileGetsEveryMigrationAndIsConfigured() throws {
        try TemporaryDirectory.with { directory in
            let store = try openStore(directory)
            #expect(store.appliedMigrations == Array(1...Migration.all.count))
            RawDatabase.with(directory.database) { raw in
                #expect(raw.integer("SELECT version FROM schema_version") == Int64(Migration.all.count))
                #expect(raw.text("PRAGMA journal_mode") == "wal")
                for table in ["conversations", "messages", "message_media", "processed_events", "dead_letters"] {
                    #expect(raw.integer("SELECT COUNT(*) FROM sqlite_schema WHERE name = '\(table)'") == 1)
                }
            }
            // Per-connection settings, seen from a connection of the store's own pool.
            try store.withConnection { (db) throws(MessageStoreError) in
                #expect(try db.statement("PRAGMA foreign_keys").first { $0.integer(0) } == 1)
                #expect(try db.statement("PRAGMA synchronous").first { $0.integer(0) } == 1)  // NORMAL
                #expect(try db.statement("PRAGMA busy_timeout").first { $0.integer(0) } == 5000)
            }
        }
    }

    @Test func reopeningAnUpToDateFileAppliesNothingAndKeepsTheData() throws {
        try TemporaryDirectory.with { directory in
            try openStore(directory).record(event("EV1"))
            let again = try openStore(directory)
            #expect(again.appliedMigrations.isEmpty)
            #expect(try again.message(openPhoneID: "AC1")?.text == "Hello")
        }
    }

    @Test func aVersion1FileGainsDeadLettersAndTheInboxAndKeepsItsMessages() throws {
        try TemporaryDirectory.with { directory in
            try MessageStore(path: directory.database, options: .init(), migrations: [Migration.initialSchema])
                .record(event("EV1"))
            let upgraded = try openStore(directory)
            #expect(upgraded.appliedMigrations == Array(2...Migration.all.count))
            #expect(try upgraded.message(openPhoneID: "AC1")?.text == "Hello")
            #expect(try upgraded.deadLetterSummary().pending == 0)
            let conversation = try #require(try upgraded.conversations(limit: 1).conversations.first)
            #expect(!conversation.optedOut)
            #expect(try upgraded.thread(conversation.id, limit: 5)?.messages.map(\.sentBy) == [nil])
        }
    }

    @Test func aFileFromANewerVersionIsRefusedAndLeftAlone() throws {
        try TemporaryDirectory.with { directory in
            _ = try openStore(directory)
            RawDatabase(directory.database).execute("UPDATE schema_version SET version = 99")
            #expect {
                try openStore(directory)
            } throws: { error in
                (error as? MessageStoreError)?.kind == .newerSchema
            }
            #expect(RawDatabase(directory.database).integer("SELECT version FROM schema_version") == 99)
        }
    }

    @Test func anOlderFileGetsOnlyTheMissingMigrations() throws {
        let next = Migration(version: Migration.all.count + 1,
                             statements: ["ALTER TABLE conversations ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0"])
        try TemporaryDirectory.with { directory in
            let old = try MessageStore(path: directory.database, options: .init(), migrations: Migration.all)
            #expect(old.appliedMigrations == Array(1...Migration.all.count))
            try old.record(event("EV1"))

            let new = try MessageStore(path: directory.database, options: .init(), migrations: Migration.all + [next])
            #expect(new.appliedMigrations == [next.version])
            #expect(try new.conversations(limit: 10).conversations.count == 1)
            RawDatabase.with(directory.database) { raw in
                #expect(raw.integer("SELECT version FROM schema_version") == Int64(next.version))
                #expect(raw.integer("SELECT pinned FROM conversations") == 0)
            }
            // And the old program now refuses the file.
            #expect(throws: MessageStoreError.self) {
                try MessageStore(path: directory.database, options: .init(), migrations: [Migration.initialSchema])
            }
        }
    }

    @Test func aFailingMigrationLeavesTheFileAtThePreviousVersion() throws {
        // The first statement succeeds, the second fails: the transaction must undo the first.
        let broken = Migration(version: 2, statements: [
            "CREATE TABLE half_done (x INTEGER)",
            "ALTER TABLE no_such_table ADD COLUMN y INTEGER",
        ])
        try TemporaryDirectory.with { directory in
            _ = try MessageStore(path: directory.database, options: .init(), migrations: [Migration.initialSchema])
            #expect(throws: MessageStoreError.self) {
                try MessageStore(path: directory.database, options: .init(), migrations: [Migration.initialSchema, broken])
            }
            RawDatabase.with(directory.database) { raw in
                #expect(raw.integer("SELECT version FROM schema_version") == 1)
                #expect(raw.integer("SELECT COUNT(*) FROM sqlite_schema WHERE name = 'half_done'") == 0)
            }
        }
    }

    @Test func aFileThatIsNotADatabaseIsReportedNotOverwritten() {
        TemporaryDirectory.with { directory in
            let fd = open(directory.database, O_WRONLY | O_CREAT, 0o644)
            let junk = Array("this is not an SQLite database, just text that is long enough".utf8)
            _ = junk.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            close(fd)
            #expect {
                try openStore(directory)
            } throws: { error in
                (error as? MessageStoreError)?.resultCode == SQLITE_NOTADB
            }
        }
    }
}
