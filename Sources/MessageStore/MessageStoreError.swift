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

        /// The database file could not be opened or configured (`sqlite3_open_v2`, a pragma).
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
    /// What went wrong, from `sqlite3_errmsg` or this library. Never contains bound values.
    public let message: String

    public init(kind: Kind, resultCode: Int32? = nil, message: String) {
        self.kind = kind
        self.resultCode = resultCode
        self.message = message
    }

    /// `statement_failed (SQLite 1555): step: UNIQUE constraint failed: …`.
    public var description: String {
        guard let resultCode else { return "\(kind): \(message)" }
        return "\(kind) (SQLite \(resultCode)): \(message)"
    }
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
