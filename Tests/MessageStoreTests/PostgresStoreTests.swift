import Base
import Synchronization
import Testing
import TestSupport
@testable import MessageStore

/// The store in PostgreSQL as a cluster's hosts use it (in every run, not only the PostgreSQL
/// pass): hosts opening a new database at once migrate it once, the same event delivered to two
/// hosts at the same moment is stored once, a server that is down is an error to retry — never a
/// failure to start — and the store carries on when it is back, and the URL's password never
/// shows.
@Suite("The message store in PostgreSQL")
struct PostgresStoreTests {
    func location(_ url: String) -> StoreLocation { .postgres(Secret(url)) }

    @Test func hostsOpeningANewDatabaseAtOnceMigrateItOnce() throws {
        let url = PostgresServer.shared.newDatabase()
        let applied = Mutex<[[Int]]>([])
        let failures = Mutex<[String]>([])
        onThreads(6) { _ in
            do {
                let store = try MessageStore(location: location(url))
                applied.withLock { $0.append(store.appliedMigrations) }
            } catch {
                failures.withLock { $0.append("\(error)") }
            }
        }
        #expect(failures.withLock { $0 } == [])
        #expect(applied.withLock { $0 }.flatMap { $0 }.sorted() == Array(1...Migration.all.count))
        #expect(try MessageStore(location: location(url)).appliedMigrations == [])
    }

    @Test func theSameEventsDeliveredToTwoHostsAtOnceAreStoredOnce() throws {
        let url = PostgresServer.shared.newDatabase()
        let hosts = [try MessageStore(location: location(url)), try MessageStore(location: location(url))]
        let outcomes = Mutex<(stored: Int, duplicates: Int, failures: [String])>((0, 0, []))
        // Each event reaches both hosts, from two threads each, at the same moment (OpenPhone
        // retrying while the first delivery is still being stored).
        onThreads(4) { thread in
            let store = hosts[thread % 2]
            for index in 0..<150 {
                let message = event("EV-\(index)", message: "AC-\(index)", customer: customer(index % 10), at: at(Int64(index)))
                do {
                    switch try store.record(message) {
                    case .stored: outcomes.withLock { $0.stored += 1 }
                    case .duplicate: outcomes.withLock { $0.duplicates += 1 }
                    }
                } catch {
                    outcomes.withLock { $0.failures.append("\(error)") }
                }
            }
        }
        let result = outcomes.withLock { $0 }
        #expect(result.failures == [])
        #expect(result.stored == 150 && result.duplicates == 450)
        let page = try hosts[1].conversations(limit: 50)
        #expect(page.conversations.count == 10)
        #expect(page.conversations.map(\.unreadCount).reduce(0, +) == 150)
    }

    @Test func aServerThatIsDownIsAnErrorToRetryAndTheStoreCarriesOnWhenItIsBack() throws {
        let server = PostgresServer()
        defer { server.remove() }
        let url = server.newDatabase()
        server.stop()
        // Opening does not fail: a host starts while its database is down.
        let store = try MessageStore(location: location(url), options: .init(maxConnections: 2))
        #expect {
            try store.record(event("EV1"))
        } throws: { error in
            (error as? MessageStoreError)?.kind == .cannotOpen
        }
        server.start()
        // Migrated by the first connection that gets through, then stored.
        #expect(try store.record(event("EV1")) == .stored(ConversationID(rawValue: 1)))
        // Down again under a pooled connection: an error, then back without reopening anything.
        server.stop()
        #expect(throws: MessageStoreError.self) { try store.record(event("EV2", message: "AC2")) }
        server.start()
        var recovered: RecordOutcome? = nil
        for _ in 0..<3 where recovered == nil { recovered = try? store.record(event("EV2", message: "AC2")) }
        #expect(recovered != nil)
        #expect(try store.conversations(limit: 10).conversations.first?.unreadCount == 2)
    }

    @Test func oneHostLeadsAJobAndAnotherTakesOverWhenItGoesAway() throws {
        let url = PostgresServer.shared.newDatabase()
        let hosts = [try MessageStore(location: location(url)), try MessageStore(location: location(url))]
        let sync = hosts.map { $0.leadership(.nameSync) }
        let outbox = hosts.map { $0.leadership(.communicationsOutbox) }
        #expect(sync[0].isLeader())
        #expect(!sync[1].isLeader(), "one host at a time")
        #expect(sync[0].isLeader(), "and it stays the leader")
        #expect(outbox[1].isLeader(), "each job has its own leader")
        sync[0].resign()  // the first host's process stops
        #expect(sync[1].isLeader())
        #expect(!sync[0].isLeader())
    }

    @Test func onOneHostWithAFileEveryProcessLeads() throws {
        try TemporaryDirectory.with { directory in
            let first = try MessageStore(path: directory.database), second = try MessageStore(path: directory.database)
            #expect(first.leadership(.nameSync).isLeader() && second.leadership(.nameSync).isLeader())
        }
    }

    @Test func aRestartWhileTheStoreIsIdleCostsNoRequest() throws {
        let server = PostgresServer()
        defer { server.remove() }
        let store = try MessageStore(location: location(server.newDatabase()), options: .init(maxConnections: 1))
        #expect(try store.record(event("EV1")) == .stored(ConversationID(rawValue: 1)))
        // The one pooled connection now leads to a server that is gone.
        server.stop()
        server.start()
        #expect(try store.record(event("EV2", message: "AC2")) == .stored(ConversationID(rawValue: 1)))
        #expect(try store.conversations(limit: 10).conversations.first?.unreadCount == 2)
    }

    @Test func aDatabaseOfANewerProgramIsRefusedAndAFailedMigrationLeavesNoTrace() throws {
        let url = PostgresServer.shared.newDatabase()
        _ = try MessageStore(location: location(url))
        #expect {
            _ = try MessageStore(location: location(url), options: .init(), migrations: [Migration.initialSchema])
        } throws: { error in
            (error as? MessageStoreError)?.kind == .newerSchema
        }
        let broken = Migration(version: Migration.all.count + 1,
                               statements: ["CREATE TABLE half_done (x INTEGER)", "ALTER TABLE no_such_table ADD COLUMN y INTEGER"])
        #expect(throws: MessageStoreError.self) {
            _ = try MessageStore(location: location(url), options: .init(), migrations: Migration.all + [broken])
        }
        let store = try MessageStore(location: location(url))
        let (version, halfDone) = try store.withConnection { (db) throws(MessageStoreError) in
            (try db.statement("SELECT version FROM schema_version").first([]) { $0.integer(0) },
             try db.statement("SELECT COUNT(*) FROM pg_tables WHERE tablename = 'half_done'").first([]) { $0.integer(0) })
        }
        #expect(version == Int64(Migration.all.count) && halfDone == 0)
    }

    @Test func aURLLibpqCannotReadIsRefusedWithoutAWordOfIt() throws {
        let malformed = "postgres://inbox:very%zzsecret-password@db.internal/inbox"
        #expect {
            _ = try StoreLocation(environment: Environment(["MESSAGES_DATABASE_URL": malformed]))
        } throws: { error in
            !"\(error)".contains("very") && "\(error)".contains("MESSAGES_DATABASE_URL")
        }
        #expect {
            _ = try MessageStore(location: location(malformed)).record(event("EV1"))
        } throws: { error in
            !"\(error)".contains("very")
        }
    }

    @Test func theURLsPasswordNeverShows() throws {
        let url = "postgresql://inbox:very-secret-password@127.0.0.1:1/inbox?connect_timeout=1"
        #expect("\(location(url))" == "PostgreSQL")
        #expect {
            _ = try MessageStore(location: location(url)).record(event("EV1"))
        } throws: { error in
            let text = "\(error)"
            return (error as? MessageStoreError)?.kind == .cannotOpen && !text.contains("very-secret")
        }
        #expect(throws: ConfigurationError.self) {
            _ = try StoreLocation(environment: Environment(["MESSAGES_DATABASE_URL": "mysql://x:very-secret-password@h/db"]))
        }
    }
}
