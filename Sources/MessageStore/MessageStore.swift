import Base
import Glibc
import Synchronization
/// The SMS inbox's memory: conversations, messages, and which customer names are still to be
/// found, in one SQLite file shared by every worker of every responder — or, for a cluster of
/// hosts, in one PostgreSQL database they all share (``StoreLocation``).
///
/// ```swift
/// let store = try MessageStore(path: messagesDB)         // MESSAGES_DB
/// switch try store.record(message) {          // before anything slow; throws → answer 5xx
/// case .stored(let conversation): enrich(conversation)
/// case .duplicate: break                      // an OpenPhone retry
/// }
/// let page = try store.conversations(limit: 50, before: cursor, matching: "ada")
/// ```
///
/// Thread-safe: each call checks a connection out of a small pool, so up to
/// ``Options/maxConnections`` threads work at once and the rest wait their turn. Process-safe
/// through SQLite's file locks: the file is in WAL mode (readers never wait for the writer), and
/// every write is one `BEGIN IMMEDIATE` transaction that waits up to ``Options/busyTimeout``
/// for the write lock. A failed write throws ``MessageStoreError`` and leaves nothing behind.
public final class MessageStore: Sendable {
    /// How the store uses its file.
    public struct Options: Sendable {
        /// Connections this store opens at most; more threads than this wait for one.
        public var maxConnections: Int
        /// How long a write waits for another connection's write lock before failing with
        /// ``MessageStoreError/Kind/busy`` (`PRAGMA busy_timeout`).
        public var busyTimeout: EpochMilliseconds.Interval
        /// Every message stored from now on is also queued, in the same transaction, to be logged
        /// as a HubSpot communication (`HUBSPOT_LOG_MESSAGES`): incoming ones when recorded,
        /// ours once OpenPhone accepted them.
        public var logsMessagesToHubSpot: Bool

        public init(maxConnections: Int = 4, busyTimeout: EpochMilliseconds.Interval = .seconds(5),
                    logsMessagesToHubSpot: Bool = false) {
            self.maxConnections = maxConnections
            self.busyTimeout = busyTimeout
            self.logsMessagesToHubSpot = logsMessagesToHubSpot
        }
    }

    /// Where the store keeps its data.
    public let location: StoreLocation
    let pool: ConnectionPool
    let logsMessagesToHubSpot: Bool
    /// The migrations this open applied, oldest first; empty when the database was up to date.
    let appliedMigrations: [Int]

    /// Opens the store at `path`, creating the file and its schema or upgrading an older one.
    /// The file and its `-wal`/`-shm` are private (0640; see ``DatabaseFileMode``).
    /// - Throws: ``MessageStoreError`` when the file cannot be opened (``MessageStoreError/Kind/cannotOpen``),
    ///   was written by a newer version (``MessageStoreError/Kind/newerSchema``), or a migration failed.
    public convenience init(path: String, options: Options = Options()) throws(MessageStoreError) {
        try self.init(location: .file(path), options: options)
    }

    /// Opens the store at `location`: a SQLite file, or a PostgreSQL database whose schema is
    /// created or upgraded the same way (every host of a cluster opening it at once included).
    public convenience init(location: StoreLocation, options: Options = Options()) throws(MessageStoreError) {
        try self.init(location: location, options: options, migrations: Migration.all)
    }

    /// A file opened with a chosen list of migrations (tests).
    convenience init(path: String, options: Options, migrations: [Migration]) throws(MessageStoreError) {
        try self.init(location: .file(path), options: options, migrations: migrations)
    }

    /// Opens with a chosen list of migrations, so tests can play an older or newer program.
    init(location: StoreLocation, options: Options, migrations: [Migration]) throws(MessageStoreError) {
        let timeout = Int32(clamping: options.busyTimeout.milliseconds)
        let migrator = Migrator(migrations)
        self.location = location
        logsMessagesToHubSpot = options.logsMessagesToHubSpot
        switch location {
        case .file(let path):
            try DatabaseFileMode.prepare(path)
            let open: @Sendable () throws(MessageStoreError) -> any DatabaseConnection = { () throws(MessageStoreError) in
                try SQLiteConnection(path: path, busyTimeoutMilliseconds: timeout)
            }
            let (first, applied) = try Self.openAndMigrate(open, migrator)
            appliedMigrations = applied
            pool = ConnectionPool(capacity: max(1, options.maxConnections), open: open)
            pool.adopt(first)
        case .postgres(let url):
            // A server that is down now is not a reason to stop: every operation answers
            // unavailable meanwhile, and the first connection that succeeds migrates.
            let migration = PendingMigration(migrator)
            let connect: @Sendable () throws(MessageStoreError) -> any DatabaseConnection = { () throws(MessageStoreError) in
                try PostgresConnection(url: url.reveal(), connectTimeoutSeconds: Int(max(1, timeout / 1000)),
                                       statementTimeoutMilliseconds: Int(timeout))
            }
            let open: @Sendable () throws(MessageStoreError) -> any DatabaseConnection = { () throws(MessageStoreError) in
                let connection = try connect()
                try migration.ensure(on: connection)
                return connection
            }
            pool = ConnectionPool(capacity: max(1, options.maxConnections), open: open)
            do {
                let (first, applied) = try Self.openAndMigrate(connect, migrator)
                migration.done()
                appliedMigrations = applied
                pool.adopt(first)
            } catch where error.kind == .cannotOpen {
                Log.warning("message_store_unavailable", ["store": location.description, "detail": error.message])
                appliedMigrations = []
            }
        }
    }

    /// The first connection, with the database migrated. Several processes opening a new file at
    /// the same moment (a stack starting) can make SQLite answer busy once the busy timeout is
    /// spent on the first-open race (seen once in the test suite); opening is tried 3 times
    /// before that busy is an error.
    private static func openAndMigrate(_ open: () throws(MessageStoreError) -> any DatabaseConnection, _ migrator: Migrator)
        throws(MessageStoreError) -> (any DatabaseConnection, [Int])
    {
        var attempt = 0
        while true {
            attempt += 1
            do {
                let connection = try open()
                return (connection, try migrator.migrate(connection))
            } catch where (error.kind == .busy || error.isConflict) && attempt < 3 {
                usleep(useconds_t(50_000 * attempt))
            }
        }
    }

    /// Runs `body` with a connection of the pool.
    func withConnection<T>(_ body: (any DatabaseConnection) throws(MessageStoreError) -> T) throws(MessageStoreError) -> T {
        try pool.withConnection(body)
    }

    /// Runs `body` in one write transaction (SQLite: `BEGIN IMMEDIATE` … `COMMIT`; PostgreSQL:
    /// the writers' advisory lock first, ``PostgresConnection``), rolled back on throw. A
    /// PostgreSQL transaction that lost to a concurrent one anyway (a deadlock with an outside
    /// session, ``MessageStoreError/isConflict``) is run again, a few times.
    func write<T>(_ body: (any DatabaseConnection) throws(MessageStoreError) -> T) throws(MessageStoreError) -> T {
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try pool.withConnection { (connection) throws(MessageStoreError) in
                    try connection.writeTransaction { () throws(MessageStoreError) in try body(connection) }
                }
            } catch where error.isConflict && attempt < Self.conflictAttempts {
                // Apart, so that two hosts retrying the same conflict do not meet again.
                usleep(useconds_t.random(in: 1_000...(5_000 * useconds_t(attempt))))
            }
        }
    }

    static let conflictAttempts = 8
}

/// The PostgreSQL schema's migration, when the server could not be reached at open: run once, by
/// the first connection that succeeds.
final class PendingMigration: Sendable {
    private let migrator: Migrator
    private let migrated = Mutex(false)

    init(_ migrator: Migrator) { self.migrator = migrator }

    func done() { migrated.withLock { $0 = true } }

    func ensure(on connection: any DatabaseConnection) throws(MessageStoreError) {
        try migrated.withLock { (migrated: inout Bool) throws(MessageStoreError) in
            guard !migrated else { return }
            _ = try migrator.migrate(connection)
            migrated = true
        }
    }
}
