import CSQLite
import Glibc
@testable import MessageStore
import Testing

/// The store's files hold customers' messages: 0640 whatever the umask, tightened when an older
/// version left them looser.
@Suite(.serialized, .enabled(if: !storeTestsOnPostgres, "a SQLite file's")) struct FileModeTests {
    func mode(_ path: String) -> mode_t? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        return status.st_mode & 0o7777
    }

    /// Runs `body` with the process umask set to `mask`, restoring it after.
    func withUmask<T>(_ mask: mode_t, _ body: () throws -> T) rethrows -> T {
        let previous = umask(mask)
        defer { umask(previous) }
        return try body()
    }

    /// Opens a store and writes, so that SQLite has made `-wal` and `-shm`; checks all three.
    func expectModes(_ directory: TemporaryDirectory, _ expected: mode_t, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let store = try openStore(directory)
        try store.record(event("EV\(Int.random(in: 1...1_000_000))"))
        for suffix in ["", "-wal", "-shm"] {
            let path = directory.database + suffix
            #expect(mode(path) == expected, "\(path): \(String(mode(path) ?? 0, radix: 8))", sourceLocation: sourceLocation)
        }
    }

    @Test func aNewStoreIs0640EvenWithAPermissiveUmask() throws {
        try TemporaryDirectory.with { directory in
            try withUmask(0) { try expectModes(directory, 0o640) }
        }
    }

    @Test func aStricterUmaskIsKept() throws {
        try TemporaryDirectory.with { directory in
            try withUmask(0o077) { try expectModes(directory, 0o600) }
        }
    }

    @Test func filesLeftReadableByAnOlderVersionAreTightened() throws {
        try TemporaryDirectory.with { directory in
            // What the older version left: a database (and its WAL) that anyone could read.
            _ = try openStore(directory)
            let raw = RawDatabase(directory.database)  // keeps -wal and -shm in place
            raw.execute("CREATE TABLE IF NOT EXISTS keep_open (x)")
            for suffix in ["", "-wal", "-shm"] { chmod(directory.database + suffix, 0o666) }
            try expectModes(directory, 0o640)
            _ = raw
        }
    }

    @Test(.enabled(if: geteuid() == 0, "chown to another user needs root"))
    func someoneElsesFileIsLeftAlone() throws {
        try TemporaryDirectory.with { directory in
            _ = try openStore(directory)
            chmod(directory.database, 0o644)
            #expect(chown(directory.database, 65534, 65534) == 0)
            _ = try openStore(directory)
            #expect(mode(directory.database) == 0o644)
        }
    }

    @Test func aMissingDirectoryIsACannotOpenErrorNamingThePath() {
        #expect {
            try MessageStore(path: "/nonexistent-dir-for-test/messages.db")
        } throws: { error in
            let error = error as? MessageStoreError
            return error?.kind == .cannotOpen && error?.message.contains("/nonexistent-dir-for-test/messages.db") == true
        }
    }
}
