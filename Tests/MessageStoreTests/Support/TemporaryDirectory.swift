// The shared test helpers (TemporaryDirectory, onThreads) for every file of this test target.
@_exported import TestSupport

extension TemporaryDirectory {
    /// The database file's path inside the directory (SQLite adds `-wal` and `-shm` beside it).
    var database: String { file("messages.db") }
}
