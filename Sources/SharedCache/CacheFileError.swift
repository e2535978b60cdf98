import Glibc

/// Why the cache file could not be opened, created or mapped: the system call that failed, the
/// path it was given and its errno.
///
/// ```swift
/// do { cache = try SharedCache(path: "/var/lib/hubspot-fcgi/contacts.cache") }
/// catch { Log.error("cache_open_failed", ["error": "\(error)"]) }   // mmap: Cannot allocate memory
/// ```
public struct CacheFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The failing call, named as in C: `open`, `ftruncate`, `mmap`, `rename`, …
    public let operation: String
    public let path: String
    /// The errno value (`ENOSPC`, `EACCES`, …).
    public let code: Int32

    public init(operation: String, path: String, code: Int32) {
        self.operation = operation
        self.path = path
        self.code = code
    }

    public var description: String {
        "\(operation) \(path): \(String(cString: strerror(code))) (errno \(code))"
    }
}
