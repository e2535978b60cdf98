import CSQLite

/// One prepared statement (`sqlite3_stmt`), owned and cached by its ``SQLiteConnection``.
///
/// Used by one thread at a time, like its connection. ``run(_:)``/``query(_:_:)`` bind,
/// step and reset, so a cached statement is always ready for its next use.
final class SQLiteStatement: PreparedStatement {
    let handle: OpaquePointer
    let sql: String
    private unowned let connection: SQLiteConnection
    /// Copies of the blobs bound for the current step, freed on reset. SQLite is told they are
    /// static (`SQLITE_TRANSIENT` cannot be imported into Swift), so they must outlive the step.
    private var boundBlobs: [UnsafeMutableRawBufferPointer] = []

    init(handle: OpaquePointer, sql: String, connection: SQLiteConnection) {
        self.handle = handle
        self.sql = sql
        self.connection = connection
    }

    deinit {
        sqlite3_finalize(handle)
        freeBlobs()
    }

    /// Runs a statement that returns no rows we need (INSERT, UPDATE, DDL).
    func run(_ parameters: [SQLValue]) throws(MessageStoreError) {
        try bind(parameters)
        defer { reset() }
        while try step() {}
    }

    /// Runs a query, calling `row` for each result row; the row is valid only inside the call.
    func query(_ parameters: [SQLValue], _ row: (Row) throws(MessageStoreError) -> Void)
        throws(MessageStoreError)
    {
        try bind(parameters)
        defer { reset() }
        while try step() { try row(Row(source: .sqlite(handle))) }
    }

    /// The first row mapped by `transform`, or nil when there is none.
    func first<T>(_ parameters: [SQLValue], _ transform: (Row) throws(MessageStoreError) -> T)
        throws(MessageStoreError) -> T?
    {
        try bind(parameters)
        defer { reset() }
        guard try step() else { return nil }
        return try transform(Row(source: .sqlite(handle)))
    }

    private func bind(_ parameters: [SQLValue]) throws(MessageStoreError) {
        precondition(parameters.count == Int(sqlite3_bind_parameter_count(handle)),
                     "\(parameters.count) values for the parameters of: \(sql)")
        for (offset, value) in parameters.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32
            switch value {
            case .integer(let number): code = sqlite3_bind_int64(handle, index, number)
            case .null: code = sqlite3_bind_null(handle, index)
            case .blob(let bytes):
                // One byte at least: a zero-length blob still needs a real pointer (NULL binds SQL NULL).
                let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, bytes.count), alignment: 1)
                bytes.withUnsafeBytes { copy.copyMemory(from: $0) }
                boundBlobs.append(copy)
                code = sqlite3_bind_blob64(handle, index, copy.baseAddress, sqlite3_uint64(bytes.count), nil)
            case .text(let text):
                // Bound with its byte count, so text holding NUL is stored whole. Empty text
                // needs a real pointer: a NULL one would bind SQL NULL.
                var copy = text
                code = copy.withUTF8 { bytes in
                    guard let base = bytes.baseAddress, !bytes.isEmpty else {
                        return csqlite_bind_text(handle, index, "", 0)
                    }
                    return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                        csqlite_bind_text(handle, index, $0, Int32(bytes.count))
                    }
                }
            }
            guard code == SQLITE_OK else { throw connection.error(.statementFailed, code: code, context: "bind") }
        }
    }

    /// One `sqlite3_step`: true when a row is ready, false when done.
    private func step() throws(MessageStoreError) -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let code: throw connection.error(.statementFailed, code: code, context: "step")
        }
    }

    private func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        freeBlobs()
    }

    private func freeBlobs() {
        for blob in boundBlobs { blob.deallocate() }
        boundBlobs.removeAll()
    }
}
