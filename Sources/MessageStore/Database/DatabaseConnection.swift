import CPostgres
import CSQLite

/// Which SQL a connection speaks: the store's statements are written once for both where the two
/// agree (`ON CONFLICT`, `RETURNING`, `FILTER`, `instr`, which PostgreSQL gets as a function of
/// the schema) and apart where they do not (the schema itself, the search index).
enum SQLDialect: Sendable {
    case sqlite
    case postgres
}

/// One connection to the store's database — a SQLite file (``SQLiteConnection``) or a PostgreSQL
/// server (``PostgresConnection``) — lent to one thread at a time by ``ConnectionPool``.
protocol DatabaseConnection: AnyObject, Sendable {
    var dialect: SQLDialect { get }
    /// Runs SQL without parameters (DDL, transaction control). Never used with user data.
    func execute(_ sql: String) throws(MessageStoreError)
    /// A statement for `sql`, whose parameters are written `?`.
    func statement(_ sql: String) throws(MessageStoreError) -> any PreparedStatement
    /// Starts a write transaction (each database its own way of taking the write lock).
    func beginWrite() throws(MessageStoreError)
    /// Rolls back the open transaction, if any.
    func rollBack()
    var isInTransaction: Bool { get }
    /// False once the connection cannot be used again (its server went away).
    var isUsable: Bool { get }
    /// Called by the pool as it lends the connection out.
    func startedLending()
    /// Whether the last failure came on the first statement since the connection was lent out:
    /// then nothing the borrower asked for reached the server.
    var failedOnFirstStatement: Bool { get }
    /// Rows changed by the last INSERT, UPDATE or DELETE.
    var changes: Int { get }
}

/// A statement ready to run with bound values.
protocol PreparedStatement: AnyObject {
    /// Runs a statement that returns no rows we need (INSERT, UPDATE, DDL).
    func run(_ parameters: [SQLValue]) throws(MessageStoreError)
    /// Runs a query, calling `row` for each result row; the row is valid only inside the call.
    func query(_ parameters: [SQLValue], _ row: (Row) throws(MessageStoreError) -> Void) throws(MessageStoreError)
    /// The first row mapped by `transform`, or nil when there is none.
    func first<T>(_ parameters: [SQLValue], _ transform: (Row) throws(MessageStoreError) -> T) throws(MessageStoreError) -> T?
}

extension DatabaseConnection {
    /// Runs `body` in one write transaction (``beginWrite()``), committing on return and rolling
    /// back on a throw.
    func writeTransaction<T>(_ body: () throws(MessageStoreError) -> T) throws(MessageStoreError) -> T {
        try beginWrite()
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            rollBack()
            throw error
        }
    }
}

/// The PostgreSQL advisory locks the store takes: "hubspot-fcgi" and a number in a bigint.
enum AdvisoryLock: Int64 {
    /// Held by the migration in progress (transaction-scoped).
    case migrations = 1
    /// Held by each write transaction, so writes run one at a time across hosts.
    case writes = 2
    /// Held by the process leading a ``ClusterJob`` (session-scoped).
    case nameSync = 3
    case communicationsOutbox = 4

    var key: Int64 { 0x6873_6663_6769_0000 | rawValue }
}

extension PreparedStatement {
    func run() throws(MessageStoreError) { try run([]) }

    func first<T>(_ transform: (Row) throws(MessageStoreError) -> T) throws(MessageStoreError) -> T? {
        try first([], transform)
    }

    /// All rows mapped by `transform`.
    func all<T>(_ parameters: [SQLValue] = [], _ transform: (Row) throws(MessageStoreError) -> T)
        throws(MessageStoreError) -> [T]
    {
        var rows: [T] = []
        try query(parameters) { (row) throws(MessageStoreError) in rows.append(try transform(row)) }
        return rows
    }
}

/// The current row of a result. Columns are read by index, in SELECT order; a PostgreSQL
/// boolean reads as the integer SQLite would give (1 or 0).
struct Row {
    enum Source {
        case sqlite(OpaquePointer)
        /// A `PGresult` in text format and the row's index.
        case postgres(OpaquePointer, Int32)
    }

    let source: Source

    func isNull(_ column: Int32) -> Bool {
        switch source {
        case .sqlite(let handle): sqlite3_column_type(handle, column) == SQLITE_NULL
        case .postgres(let result, let row): PQgetisnull(result, row, column) == 1
        }
    }

    func integer(_ column: Int32) -> Int64 {
        switch source {
        case .sqlite(let handle):
            return sqlite3_column_int64(handle, column)
        case .postgres:
            guard let text = optionalText(column) else { return 0 }
            if text == "t" { return 1 }
            if text == "f" { return 0 }
            // SUM over bigint is numeric, still written as a whole number ("12").
            return Int64(text) ?? 0
        }
    }

    func optionalInteger(_ column: Int32) -> Int64? { isNull(column) ? nil : integer(column) }

    func text(_ column: Int32) -> String { optionalText(column) ?? "" }

    /// A BLOB (`bytea`) column's bytes (empty for NULL or zero bytes).
    func blob(_ column: Int32) -> [UInt8] {
        switch source {
        case .sqlite(let handle):
            let count = Int(sqlite3_column_bytes(handle, column))
            guard count > 0, let start = sqlite3_column_blob(handle, column) else { return [] }
            return Array(UnsafeRawBufferPointer(start: start, count: count))
        case .postgres:
            // Text format: "\x" then two hex digits a byte.
            guard let text = optionalText(column) else { return [] }
            return PostgresValue.bytes(fromHex: text) ?? []
        }
    }

    func optionalText(_ column: Int32) -> String? {
        switch source {
        case .sqlite(let handle):
            guard let start = sqlite3_column_text(handle, column) else { return nil }
            // Read by byte count (after sqlite3_column_text, as SQLite requires), not up to a NUL.
            let count = Int(sqlite3_column_bytes(handle, column))
            return String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self)
        case .postgres(let result, let row):
            guard PQgetisnull(result, row, column) == 0, let start = PQgetvalue(result, row, column) else { return nil }
            let count = Int(PQgetlength(result, row, column))
            return start.withMemoryRebound(to: UInt8.self, capacity: count) {
                String(decoding: UnsafeBufferPointer(start: $0, count: count), as: UTF8.self)
            }
        }
    }
}
