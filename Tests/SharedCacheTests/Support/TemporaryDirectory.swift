import Glibc
// The shared test helpers (TemporaryDirectory, onThreads) for every file of this test target.
@_exported import TestSupport

extension TemporaryDirectory {
    /// The cache file's path inside the directory.
    var cacheFile: String { file("contacts.cache") }
}

/// Raw file access for tests that corrupt or inspect the cache file behind the cache's back.
enum RawFile {
    static func write(_ path: String, bytes: [UInt8], at offset: Int, truncate: Bool = false) {
        let fd = open(path, O_RDWR | O_CREAT | (truncate ? O_TRUNC : 0), 0o644)
        precondition(fd >= 0, "open \(path): errno \(errno)")
        _ = bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, off_t(offset)) }
        close(fd)
    }

    static func size(_ path: String) -> Int? {
        var buffer = stat()
        return stat(path, &buffer) == 0 ? Int(buffer.st_size) : nil
    }

    static func mode(_ path: String) -> mode_t? {
        var buffer = stat()
        return stat(path, &buffer) == 0 ? buffer.st_mode & 0o777 : nil
    }

    static func inode(_ path: String) -> UInt64? {
        var buffer = stat()
        return stat(path, &buffer) == 0 ? UInt64(buffer.st_ino) : nil
    }

    static func randomBytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }
}
