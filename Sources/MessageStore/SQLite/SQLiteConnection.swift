import CSQLite

/// One SQLite connection (`sqlite3*`) opened with `SQLITE_OPEN_NOMUTEX`, plus its cache of
/// prepared statements.
///
/// Not thread-safe by itself: SQLite's own mutexes are off, so exactly one thread may use a
/// connection at a time. ``ConnectionPool`` guarantees that by checking connections out; that
/// is why the type can be `@unchecked Sendable` (it moves between threads, never shared).
final class SQLiteConnection: DatabaseConnection, @unchecked Sendable {
    var dialect: SQLDialect { .sqlite }
    let handle: OpaquePointer
    private var statements: [String: SQLiteStatement] = [:]

    /// Opens (creating if needed) the file at `path` and configures the connection:
    /// busy timeout, WAL, `synchronous=NORMAL`, foreign keys.
    init(path: String, busyTimeoutMilliseconds: Int32) throws(MessageStoreError) {
        var db: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let code = sqlite3_open_v2(path, &db, flags, nil)
        guard code == SQLITE_OK, let db else {
            let error = MessageStoreError(.cannotOpen, code: code, db: db, context: "open \(path)")
            sqlite3_close_v2(db)  // SQLite allocates a handle even when opening fails
            throw error
        }
        handle = db
        do {
            sqlite3_extended_result_codes(db, 1)
            // First: every later statement, including switching to WAL, waits this long for a lock.
            sqlite3_busy_timeout(db, busyTimeoutMilliseconds)
            try enableWAL()
            // NORMAL in WAL mode: a commit is durable once the WAL is synced at checkpoint; a power
            // loss can drop the last commits but never corrupts the file. OpenPhone retries what
            // it did not get a 2xx for, and a lost-then-retried event is just stored again.
            try execute("PRAGMA synchronous = NORMAL")
            try execute("PRAGMA foreign_keys = ON")
        } catch {
            throw MessageStoreError(kind: error.kind == .busy ? .busy : .cannotOpen,
                                    resultCode: error.resultCode, message: error.message)
        }
    }

    deinit {
        statements.removeAll()  // finalize every statement before closing
        sqlite3_close_v2(handle)
    }

    /// Runs SQL without parameters (pragmas, DDL, BEGIN/COMMIT). Never used with user data.
    func execute(_ sql: String) throws(MessageStoreError) {
        let code = sqlite3_exec(handle, sql, nil, nil, nil)
        guard code == SQLITE_OK else { throw error(.statementFailed, code: code, context: sql) }
    }

    /// The cached prepared statement for `sql`, preparing it on first use.
    func statement(_ sql: String) throws(MessageStoreError) -> any PreparedStatement {
        try sqliteStatement(sql)
    }

    func sqliteStatement(_ sql: String) throws(MessageStoreError) -> SQLiteStatement {
        if let cached = statements[sql] { return cached }
        var raw: OpaquePointer?
        let code = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &raw, nil)
        guard code == SQLITE_OK, let raw else { throw error(.statementFailed, code: code, context: "prepare") }
        let prepared = SQLiteStatement(handle: raw, sql: sql, connection: self)
        statements[sql] = prepared
        return prepared
    }

    /// Starts a write transaction with `BEGIN IMMEDIATE`.
    ///
    /// IMMEDIATE takes the write lock up front, where SQLite's busy timeout waits for it. A
    /// deferred transaction that reads first and then writes can instead fail at once with
    /// `SQLITE_BUSY_SNAPSHOT` when another connection committed in between: the busy handler
    /// cannot help there, because waiting would not make its snapshot current.
    func beginWrite() throws(MessageStoreError) {
        try execute("BEGIN IMMEDIATE")
    }

    /// Rolls back the open transaction, if SQLite has not already done so itself (it does after
    /// some errors, such as a full disk).
    func rollBack() {
        if isInTransaction { sqlite3_exec(handle, "ROLLBACK", nil, nil, nil) }
    }

    /// The error for a failed call on this connection.
    func error(_ kind: MessageStoreError.Kind, code: Int32, context: String) -> MessageStoreError {
        MessageStoreError(kind, code: code, db: handle, context: context)
    }

    /// Switches the file to WAL, which lets readers run alongside the one writer. The mode is
    /// stored in the file, so only the first connection to a new file really changes it.
    private func enableWAL() throws(MessageStoreError) {
        let mode = try sqliteStatement("PRAGMA journal_mode = WAL").first { $0.text(0) }
        guard mode?.lowercased() == "wal" else {
            throw MessageStoreError(kind: .cannotOpen, message: "journal_mode is \(mode ?? "?"), not wal")
        }
        statements.removeValue(forKey: "PRAGMA journal_mode = WAL")
    }
}

extension SQLiteConnection {
    /// Rows changed by the last INSERT, UPDATE or DELETE (`sqlite3_changes64`).
    var changes: Int { Int(sqlite3_changes64(handle)) }

    /// A file connection stays usable.
    var isUsable: Bool { true }
    func startedLending() {}
    var failedOnFirstStatement: Bool { false }

    /// Whether a transaction is open (`sqlite3_get_autocommit` is 0).
    var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }
}
