import CSQLite

/// A plain SQLite connection for looking at (or tampering with) a store's file behind its back.
final class RawDatabase {
    let handle: OpaquePointer

    init(_ path: String) {
        var db: OpaquePointer?
        precondition(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, nil) == SQLITE_OK, "open \(path)")
        handle = db!
        sqlite3_busy_timeout(handle, 5000)
    }

    deinit { sqlite3_close_v2(handle) }

    /// Runs fixed test SQL; fails the precondition on error.
    func execute(_ sql: String) {
        var message: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, sql, nil, nil, &message)
        precondition(code == SQLITE_OK, "\(sql): \(message.map { String(cString: $0) } ?? "\(code)")")
    }

    /// The first column of the first row as an integer (for COUNT(*) and such).
    func integer(_ sql: String) -> Int64 {
        var statement: OpaquePointer?
        precondition(sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK, sql)
        defer { sqlite3_finalize(statement) }
        precondition(sqlite3_step(statement) == SQLITE_ROW, sql)
        return sqlite3_column_int64(statement, 0)
    }

    /// The first column of the first row as text, nil for NULL.
    func text(_ sql: String) -> String? {
        var statement: OpaquePointer?
        precondition(sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK, sql)
        defer { sqlite3_finalize(statement) }
        precondition(sqlite3_step(statement) == SQLITE_ROW, sql)
        return sqlite3_column_text(statement, 0).map { String(cString: $0) }
    }

    /// `SELECT COUNT(*) FROM table`.
    func count(_ table: String) -> Int { Int(integer("SELECT COUNT(*) FROM \(table)")) }

    static func with<T>(_ path: String, _ body: (RawDatabase) throws -> T) rethrows -> T {
        try body(RawDatabase(path))
    }
}
