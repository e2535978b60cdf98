import Base
import CPostgres
import Glibc

/// One connection to a PostgreSQL server (libpq's `PGconn`), for the store in a cluster
/// (`MESSAGES_DATABASE_URL`). Used by one thread at a time, like ``SQLiteConnection``.
///
/// Every write transaction first takes one transaction-scoped advisory lock, so the writes of
/// every host run one at a time, as SQLite's write lock makes them on one host: each sees what the
/// one before committed, and the store's read-then-write steps (is this event new? is this the
/// newest message?) stay exact. Two hosts storing the same redelivered event at the same moment so
/// store it once. Reads take no lock. (`SERIALIZABLE` alone was tried: under eight writers on
/// twenty conversations its conflicts outran any reasonable number of retries.)
final class PostgresConnection: DatabaseConnection, @unchecked Sendable {
    let handle: OpaquePointer
    private(set) var changes = 0

    var dialect: SQLDialect { .postgres }

    /// Connects (`PQconnectdbParams`, the URL expanded as `dbname`) within `connectTimeoutSeconds`
    /// and makes every statement wait at most `statementTimeoutMilliseconds`.
    init(url: String, connectTimeoutSeconds: Int, statementTimeoutMilliseconds: Int) throws(MessageStoreError) {
        // Read first: libpq quotes parts of a malformed URL in its errors, the password among them.
        let password = try Self.password(in: url)
        // Keepalives and a user timeout: a host or a network that vanishes is noticed within a
        // minute, by the server (which then frees its locks) and by this side (no call hangs).
        let keywords = ["dbname", "connect_timeout", "client_encoding", "application_name", "keepalives",
                        "keepalives_idle", "keepalives_interval", "keepalives_count", "tcp_user_timeout"]
        let values = [url, String(max(1, connectTimeoutSeconds)), "UTF8", "hubspot-fcgi", "1", "15", "5", "3", "30000"]
        let made = Self.withCStrings(keywords) { keywordPointers in
            Self.withCStrings(values) { valuePointers in PQconnectdbParams(keywordPointers, valuePointers, 1) }
        }
        guard let made else { throw MessageStoreError(kind: .cannotOpen, message: "connect: out of memory") }
        guard PQstatus(made) == CONNECTION_OK else {
            let message = password.redact(Self.text(PQerrorMessage(made)))
            PQfinish(made)
            throw MessageStoreError(kind: .cannotOpen, message: "connect to PostgreSQL: \(message)")
        }
        handle = made
        // A throw from here on runs deinit, which closes the connection. The session's settings
        // the store relies on are set here, whatever the server's or the role's defaults:
        // timeouts; bytea in hex (Row.blob reads it); backslash as a plain character in literals
        // (the list's LIKE … ESCAPE '\'); a transaction left open by a vanished client ends; and
        // libpq's notices stay off stderr ("already exists, skipping" at every open).
        try execute("""
            SET statement_timeout = \(max(1, statementTimeoutMilliseconds));
            SET lock_timeout = \(max(1, statementTimeoutMilliseconds));
            SET bytea_output = hex;
            SET standard_conforming_strings = on;
            SET idle_in_transaction_session_timeout = 30000;
            SET client_min_messages = warning
            """)
    }

    /// The URL's password, to take out of libpq's messages (`PQconninfoParse`); a URL libpq
    /// cannot read is refused without a word of it.
    static func password(in url: String) throws(MessageStoreError) -> Secret {
        var error: UnsafeMutablePointer<CChar>? = nil
        guard let options = PQconninfoParse(url, &error) else {
            if let error { PQfreemem(error) }
            throw MessageStoreError(kind: .cannotOpen, message: "the PostgreSQL URL is not one libpq can read")
        }
        defer { PQconninfoFree(options) }
        var cursor = options
        while let keyword = cursor.pointee.keyword {
            if text(keyword) == "password", let value = cursor.pointee.val { return Secret(text(value)) }
            cursor += 1
        }
        return Secret("")
    }

    deinit { PQfinish(handle) }

    /// Whether the server can still be talked to; a broken connection is not kept.
    var isUsable: Bool { PQstatus(handle) == CONNECTION_OK }

    /// Statements sent since the pool lent the connection out, and which one failed last.
    private var statementsSinceLent = 0
    private var failedStatement = 0

    func startedLending() {
        statementsSinceLent = 0
        failedStatement = 0
    }

    var failedOnFirstStatement: Bool { failedStatement == 1 }

    func execute(_ sql: String) throws(MessageStoreError) {
        let result = PQexec(handle, sql)
        defer { PQclear(result) }
        try check(result, context: "execute")
    }

    func statement(_ sql: String) throws(MessageStoreError) -> any PreparedStatement {
        PostgresStatement(sql: PostgresValue.numberingParameters(sql), connection: self)
    }

    /// Starts a write transaction: READ COMMITTED whatever the default, so each statement sees
    /// what the writer before, waited for on the lock, committed; then the writers' lock.
    func beginWrite() throws(MessageStoreError) {
        try execute("BEGIN ISOLATION LEVEL READ COMMITTED")
        do {
            try execute("SELECT pg_advisory_xact_lock(\(AdvisoryLock.writes.key))")
        } catch {
            rollBack()
            throw error
        }
    }

    func rollBack() {
        if isInTransaction { PQclear(PQexec(handle, "ROLLBACK")) }
    }

    var isInTransaction: Bool {
        let status = PQtransactionStatus(handle)
        return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE
    }

    /// Runs `sql` with `parameters` (text format; blobs binary), returning the result to read.
    func run(_ sql: String, _ parameters: [SQLValue]) throws(MessageStoreError) -> OpaquePointer {
        var types: [Oid] = []
        var buffers: [[UInt8]?] = []
        var formats: [Int32] = []
        for value in parameters {
            switch value {
            case .null:
                types.append(0); buffers.append(nil); formats.append(0)
            case .integer(let number):
                types.append(20)  // int8
                buffers.append(Array(String(number).utf8) + [0]); formats.append(0)
            case .text(let text):
                types.append(0)  // unknown: the server infers it from where it is used
                buffers.append(Array(PostgresValue.storableText(text).utf8) + [0]); formats.append(0)
            case .blob(let bytes):
                types.append(17)  // bytea, sent as it is
                buffers.append(bytes); formats.append(1)
            }
        }
        let lengths = buffers.map { Int32($0?.count ?? 0) }
        let result = Self.withBuffers(buffers) { values in
            PQexecParams(handle, sql, Int32(parameters.count), types, values, lengths, formats, 0)
        }
        guard let result else {
            statementsSinceLent += 1
            failedStatement = statementsSinceLent
            throw MessageStoreError(kind: .cannotOpen, message: "PostgreSQL: \(Self.text(PQerrorMessage(handle)))")
        }
        do {
            // The statement's text (never a value: every value is bound) says which one failed.
            try check(result, context: String(sql.split(whereSeparator: \.isNewline).joined(separator: " ").prefix(160)))
        } catch {
            PQclear(result)
            throw error
        }
        changes = Int(Self.text(PQcmdTuples(result))) ?? 0
        return result
    }

    /// Throws the result's error, classified: serialization failures, deadlocks and lock or
    /// statement timeouts are ``MessageStoreError/Kind/busy`` (worth another try), a lost
    /// connection is ``MessageStoreError/Kind/cannotOpen``.
    private func check(_ result: OpaquePointer?, context: String) throws(MessageStoreError) {
        statementsSinceLent += 1
        let status = result.map(PQresultStatus) ?? PGRES_FATAL_ERROR
        guard status != PGRES_COMMAND_OK, status != PGRES_TUPLES_OK else { return }
        failedStatement = statementsSinceLent
        let state = result.flatMap { PQresultErrorField($0, Int32(UInt8(ascii: "C"))) }.map { Self.text($0) } ?? ""
        let message = result.map { Self.text(PQresultErrorMessage($0)) } ?? Self.text(PQerrorMessage(handle))
        let kind: MessageStoreError.Kind
        switch state {
        case "40001", "40P01", "55P03", "57014": kind = .busy
        case _ where state.hasPrefix("08") || PQstatus(handle) != CONNECTION_OK: kind = .cannotOpen
        default: kind = .statementFailed
        }
        throw MessageStoreError(kind: kind, sqlState: state.isEmpty ? nil : state,
                                message: "\(context): \(message.trimmingTrailingNewlines())")
    }

    static func text(_ pointer: UnsafePointer<CChar>?) -> String {
        guard let pointer else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: pointer, count: strlen(pointer)), as: UTF8.self)
    }

    private static func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
        let copies = strings.map { strdup($0) }
        defer { copies.forEach { free($0) } }
        let pointers: [UnsafePointer<CChar>?] = copies.map { UnsafePointer($0) } + [nil]
        return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
    }

    private static func withBuffers<R>(_ buffers: [[UInt8]?], _ body: (UnsafePointer<UnsafePointer<CChar>?>?) -> R) -> R {
        let copies: [UnsafeMutablePointer<CChar>?] = buffers.map { buffer in
            guard let buffer else { return nil }
            let copy = UnsafeMutablePointer<CChar>.allocate(capacity: max(1, buffer.count))
            buffer.withUnsafeBytes { UnsafeMutableRawPointer(copy).copyMemory(from: $0.baseAddress ?? UnsafeRawPointer(copy), byteCount: buffer.count) }
            return copy
        }
        defer { copies.forEach { $0?.deallocate() } }
        let pointers: [UnsafePointer<CChar>?] = copies.map { $0.map { UnsafePointer($0) } }
        return pointers.withUnsafeBufferPointer { body($0.baseAddress) }
    }
}

/// A statement of a ``PostgresConnection``: the SQL with numbered parameters, run with
/// `PQexecParams` each time (PostgreSQL plans it then; the store's statements are short).
final class PostgresStatement: PreparedStatement {
    let sql: String
    private unowned let connection: PostgresConnection

    init(sql: String, connection: PostgresConnection) {
        self.sql = sql
        self.connection = connection
    }

    func run(_ parameters: [SQLValue]) throws(MessageStoreError) {
        PQclear(try connection.run(sql, parameters))
    }

    func query(_ parameters: [SQLValue], _ row: (Row) throws(MessageStoreError) -> Void) throws(MessageStoreError) {
        let result = try connection.run(sql, parameters)
        defer { PQclear(result) }
        for index in 0..<PQntuples(result) { try row(Row(source: .postgres(result, index))) }
    }

    func first<T>(_ parameters: [SQLValue], _ transform: (Row) throws(MessageStoreError) -> T) throws(MessageStoreError) -> T? {
        let result = try connection.run(sql, parameters)
        defer { PQclear(result) }
        guard PQntuples(result) > 0 else { return nil }
        return try transform(Row(source: .postgres(result, 0)))
    }
}

extension String {
    fileprivate func trimmingTrailingNewlines() -> String {
        var text = self
        while text.last == "\n" { text.removeLast() }
        return text
    }
}
