import Glibc

/// A fresh directory under /tmp for one test's database, removed afterwards.
struct TemporaryDirectory {
    let path: String

    init() {
        var template = Array("/tmp/messagestore-test-XXXXXX".utf8CString)
        let result = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(result != nil, "mkdtemp failed: errno \(errno)")
        path = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The database file's path inside the directory (SQLite adds `-wal` and `-shm` beside it).
    var database: String { path + "/messages.db" }

    /// Removes the (flat) directory and everything in it.
    func remove() {
        chmod(path, 0o755)
        if let directory = opendir(path) {
            while let entry = readdir(directory) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
                }
                if name != "." && name != ".." { unlink(path + "/" + name) }
            }
            closedir(directory)
        }
        rmdir(path)
    }

    /// Runs `body` with a fresh directory and removes it afterwards.
    @discardableResult
    static func with<T>(_ body: (TemporaryDirectory) throws -> T) rethrows -> T {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        return try body(directory)
    }
}
