import Glibc

/// A fresh directory under /tmp for one test's files (a database, a cache file), removed
/// afterwards. Test support only: no product links this module.
///
/// ```swift
/// try TemporaryDirectory.with(prefix: "messagestore") { directory in
///     let store = try MessageStore(path: directory.file("messages.db"))
/// }
/// ```
public struct TemporaryDirectory: Sendable {
    public let path: String

    public init(prefix: String = "hubspot-fcgi-test") {
        var template = Array("/tmp/\(prefix)-XXXXXX".utf8CString)
        let result = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(result != nil, "mkdtemp failed: errno \(errno)")
        path = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The path of `name` inside the directory.
    public func file(_ name: String) -> String { path + "/" + name }

    /// File names in the directory, sorted.
    public func names() -> [String] {
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

    /// Removes the (flat) directory and everything in it, even after a test made it read-only.
    public func remove() {
        chmod(path, 0o755)
        for name in names() { unlink(file(name)) }
        rmdir(path)
    }

    /// Runs `body` with a fresh directory and removes it afterwards.
    @discardableResult
    public static func with<T>(prefix: String = "hubspot-fcgi-test",
                               _ body: (TemporaryDirectory) throws -> T) rethrows -> T {
        let directory = TemporaryDirectory(prefix: prefix)
        defer { directory.remove() }
        return try body(directory)
    }
}
