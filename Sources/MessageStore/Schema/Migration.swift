/// One numbered step of the schema: SQL run once, in its own transaction, to go from
/// `version - 1` to `version`.
///
/// Migrations are never edited once released; a change is a new migration appended to
/// ``Migration/all``.
struct Migration: Sendable {
    let version: Int
    /// Statements run in order (DDL and data moves; never user data).
    let statements: [String]
}
