import CSQLite

/// Why a message-store operation failed: what kind of failure, SQLite's result code and message.
///
/// ```swift
/// do { outcome = try store.record(message) }
/// catch { return .serviceUnavailable(error.description) }   // so OpenPhone retries
/// ```
///
/// Nothing is half-written when one is thrown: every write runs in one transaction that is
/// rolled back on failure. ``Kind`` is a struct so kinds can be added without breaking callers.
public struct MessageStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The class of failure, stable for logs and metrics.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        let name: String

        /// The database could not be opened or configured (`sqlite3_open_v2`, a pragma), or the
        /// PostgreSQL server cannot be reached.
        public static let cannotOpen = Kind(name: "cannot_open")
        /// The file is still locked by another writer after the busy timeout (`SQLITE_BUSY`,
        /// `SQLITE_LOCKED`): retrying later should work.
        public static let busy = Kind(name: "busy")
        /// A statement failed (`sqlite3_prepare_v3`, `sqlite3_step`): I/O error, disk full,
        /// read-only file, constraint, corruption.
        public static let statementFailed = Kind(name: "statement_failed")
        /// The file was written by a newer version of this program; it is not touched.
        public static let newerSchema = Kind(name: "newer_schema")
        /// A paging cursor that this store did not produce.
        public static let invalidCursor = Kind(name: "invalid_cursor")

        public var description: String { name }
    }

    public let kind: Kind
    /// SQLite's extended result code (`SQLITE_BUSY`, `SQLITE_IOERR_WRITE`, …), or nil for failures
    /// that are not SQLite's (``Kind/newerSchema``, ``Kind/invalidCursor``).
    public let resultCode: Int32?
    /// PostgreSQL's SQLSTATE (`40001`, `23505`, …), with the store in PostgreSQL.
    public let sqlState: String?
    /// What went wrong, from `sqlite3_errmsg`, libpq or this library. Never contains bound
    /// values or the database URL.
    public let message: String

    public init(kind: Kind, resultCode: Int32? = nil, sqlState: String? = nil, message: String) {
        self.kind = kind
        self.resultCode = resultCode
        self.sqlState = sqlState
        self.message = message
    }

    /// `statement_failed (SQLite 1555): step: UNIQUE constraint failed: …`.
    public var description: String {
        if let resultCode { return "\(kind) (SQLite \(resultCode)): \(message)" }
        if let sqlState { return "\(kind) (PostgreSQL \(sqlState)): \(message)" }
        return "\(kind): \(message)"
    }

    /// A PostgreSQL transaction lost to a concurrent one (a serialization failure, a deadlock, or
    /// a unique key the other inserted first): run again, it sees the other's work.
    var isConflict: Bool { sqlState == "40001" || sqlState == "40P01" || sqlState == "23505" }
}

extension MessageStoreError {
    /// The error for a failed SQLite call on `db`; `kind` is used unless the code says busy.
    init(_ kind: Kind, code: Int32, db: OpaquePointer?, context: String) {
        let extended = db.map { sqlite3_extended_errcode($0) } ?? code
        let text = db.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
            ?? String(cString: sqlite3_errstr(code))
        let primary = code & 0xff
        let busy = primary == SQLITE_BUSY || primary == SQLITE_LOCKED
        self.init(kind: busy ? .busy : kind, resultCode: extended == 0 ? code : extended,
                  message: "\(context): \(text)")
    }
}
