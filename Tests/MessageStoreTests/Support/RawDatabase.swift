import CSQLite
import Synchronization
@testable import MessageStore

/// A plain connection for looking at (or tampering with) a store's data behind its back: the
/// SQLite file at `path` or, on the PostgreSQL pass, the database ``openStore(_:maxConnections:)``
/// made for that file's directory.
final class RawDatabase {
    private let handle: OpaquePointer?
    private let postgres: PostgresConnection?

    init(_ path: String) {
        if storeTestsOnPostgres {
            let directory = String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)])
            guard let url = postgresDatabases.withLock({ $0[directory] }) else {
                preconditionFailure("no PostgreSQL database was made for \(directory)")
            }
            postgres = try! PostgresConnection(url: url, connectTimeoutSeconds: 5, statementTimeoutMilliseconds: 5000)
            handle = nil
            return
        }
        var db: OpaquePointer?
        precondition(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, nil) == SQLITE_OK, "open \(path)")
        handle = db!
        postgres = nil
        sqlite3_busy_timeout(handle, 5000)
    }

    deinit { if let handle { sqlite3_close_v2(handle) } }

    /// Runs fixed test SQL; fails the precondition on error.
    func execute(_ sql: String) {
        if let postgres {
            do { try postgres.execute(sql) } catch { preconditionFailure("\(sql): \(error)") }
            return
        }
        var message: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, sql, nil, nil, &message)
        precondition(code == SQLITE_OK, "\(sql): \(message.map { String(cString: $0) } ?? "\(code)")")
    }

    /// The first column of the first row as an integer (for COUNT(*) and such).
    func integer(_ sql: String) -> Int64 {
        if let postgres {
            guard let value = try? postgres.statement(sql).first([], { $0.integer(0) }) else { preconditionFailure(sql) }
            return value
        }
        var statement: OpaquePointer?
        precondition(sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK, sql)
        defer { sqlite3_finalize(statement) }
        precondition(sqlite3_step(statement) == SQLITE_ROW, sql)
        return sqlite3_column_int64(statement, 0)
    }

    /// The first column of the first row as text, nil for NULL.
    func text(_ sql: String) -> String? {
        if let postgres {
            guard let value = try? postgres.statement(sql).first([], { $0.optionalText(0) }) else { preconditionFailure(sql) }
            return value
        }
        var statement: OpaquePointer?
        precondition(sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK, sql)
        defer { sqlite3_finalize(statement) }
        precondition(sqlite3_step(statement) == SQLITE_ROW, sql)
        return sqlite3_column_text(statement, 0).map { String(cString: $0) }
    }

    /// Makes every insert into `table` (whose row passes `condition`, over `NEW`) fail with
    /// `message`, until ``removeFailure(_:on:)``: a trigger, in either dialect.
    func failInserts(_ name: String, into table: String, when condition: String = "TRUE", message: String) {
        if postgres != nil {
            execute("""
                CREATE FUNCTION \(name)() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN IF \(condition) THEN RAISE EXCEPTION '\(message)'; END IF; RETURN NEW; END $$;
                CREATE TRIGGER \(name) BEFORE INSERT ON \(table) FOR EACH ROW EXECUTE FUNCTION \(name)();
                """)
        } else {
            execute("""
                CREATE TRIGGER \(name) BEFORE INSERT ON \(table) WHEN \(condition)
                BEGIN SELECT RAISE(ABORT, '\(message)'); END
                """)
        }
    }

    func removeFailure(_ name: String, on table: String) {
        execute(postgres != nil ? "DROP TRIGGER \(name) ON \(table); DROP FUNCTION \(name)()" : "DROP TRIGGER \(name)")
    }

    /// `SELECT COUNT(*) FROM table`.
    func count(_ table: String) -> Int { Int(integer("SELECT COUNT(*) FROM \(table)")) }

    static func with<T>(_ path: String, _ body: (RawDatabase) throws -> T) rethrows -> T {
        try body(RawDatabase(path))
    }
}
