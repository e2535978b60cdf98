/// One numbered step of the schema: SQL run once, in its own transaction, to go from
/// `version - 1` to `version` — in each dialect its own SQL, the same step.
///
/// Migrations are never edited once released; a change is a new migration appended to
/// ``Migration/all``, in both dialects.
struct Migration: Sendable {
    let version: Int
    /// Statements run in order on SQLite (DDL and data moves; never user data).
    let statements: [String]
    /// The same step on PostgreSQL.
    let postgresStatements: [String]

    /// - Parameter postgres: the step in PostgreSQL's SQL; nil when `statements` are valid in both.
    init(version: Int, statements: [String], postgres: [String]? = nil) {
        self.version = version
        self.statements = statements
        postgresStatements = postgres ?? statements
    }

    func statements(for dialect: SQLDialect) -> [String] {
        switch dialect {
        case .sqlite: statements
        case .postgres: postgresStatements
        }
    }
}
