/// Brings a database file up to the newest schema by applying the migrations it lacks.
///
/// The version lives in a one-row `schema_version` table. Each migration runs in its own write
/// transaction that also bumps the version, so a crash leaves the database at a whole version,
/// and processes starting together take turns: whoever gets the write lock (SQLite's, or on
/// PostgreSQL a transaction-scoped advisory lock) second sees the version already bumped and
/// skips.
struct Migrator {
    let migrations: [Migration]

    init(_ migrations: [Migration]) {
        for (index, migration) in migrations.enumerated() {
            precondition(migration.version == index + 1, "migration versions must be 1, 2, 3, …")
        }
        self.migrations = migrations
    }

    /// The newest version this code knows.
    var latestVersion: Int { migrations.count }

    /// Applies what `connection`'s file lacks; returns the versions applied (empty when the
    /// file was up to date: then nothing is written at all).
    /// - Throws: ``MessageStoreError/Kind/newerSchema`` when the file is ahead of this code,
    ///   which must not write to a schema it does not know.
    func migrate(_ connection: any DatabaseConnection) throws(MessageStoreError) -> [Int] {
        // A plain read first: an up-to-date file (every open but the first) takes no write lock.
        let current = try version(connection)
        try refuseNewer(current)
        guard current < latestVersion else { return [] }

        var applied: [Int] = []
        for migration in migrations where migration.version > current {
            let ran = try connection.writeTransaction { () throws(MessageStoreError) -> Bool in
                if connection.dialect == .postgres {
                    // A migration may build an index on a full database: no statement timeout,
                    // and a minute for its locks. Hosts starting together: one migrates, the
                    // others wait here, then skip.
                    try connection.execute("SET LOCAL statement_timeout = 0; SET LOCAL lock_timeout = 60000")
                    try connection.execute("SELECT pg_advisory_xact_lock(\(AdvisoryLock.migrations.key))")
                }
                try connection.execute("""
                    CREATE TABLE IF NOT EXISTS schema_version (
                        id INTEGER PRIMARY KEY CHECK (id = 1),
                        version INTEGER NOT NULL
                    )
                    """)
                try connection.statement("INSERT INTO schema_version (id, version) VALUES (1, 0) ON CONFLICT DO NOTHING").run()
                // Re-read under the write lock: another process may have migrated meanwhile.
                let now = try version(connection)
                try refuseNewer(now)
                guard now == migration.version - 1 else { return false }
                for sql in migration.statements(for: connection.dialect) { try connection.execute(sql) }
                try connection.statement("UPDATE schema_version SET version = ? WHERE id = 1")
                    .run([.integer(migration.version)])
                return true
            }
            if ran { applied.append(migration.version) }
        }
        return applied
    }

    /// The file's schema version; 0 for a new, empty file.
    func version(_ connection: any DatabaseConnection) throws(MessageStoreError) -> Int {
        let probe = switch connection.dialect {
        case .sqlite: "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_version'"
        case .postgres: "SELECT 1 WHERE to_regclass('schema_version') IS NOT NULL"
        }
        let exists = try connection.statement(probe).first { _ in true } ?? false
        guard exists else { return 0 }
        let version = try connection.statement("SELECT version FROM schema_version WHERE id = 1")
            .first { $0.integer(0) }
        return Int(version ?? 0)
    }

    private func refuseNewer(_ version: Int) throws(MessageStoreError) {
        guard version > latestVersion else { return }
        throw MessageStoreError(kind: .newerSchema,
                                message: "the file has schema version \(version); this program knows up to \(latestVersion)")
    }
}
