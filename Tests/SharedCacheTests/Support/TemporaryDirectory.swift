import Glibc

/// A fresh directory under /tmp for one test's cache file, removed by `remove()`.
struct TemporaryDirectory {
    let path: String

    init() {
        var template = Array("/tmp/sharedcache-test-XXXXXX".utf8CString)
        let result = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(result != nil, "mkdtemp failed: errno \(errno)")
        path = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The cache file's path inside the directory.
    var cacheFile: String { path + "/contacts.cache" }

    /// Removes the (flat) directory and everything in it.
    func remove() {
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

    /// File names in the directory.
    func names() -> [String] {
        var result: [String] = []
        guard let directory = opendir(path) else { return result }
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            if name != "." && name != ".." { result.append(name) }
        }
        closedir(directory)
        return result.sorted()
    }
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
