/// Something the cache tells its host's log: a file created, rebuilt, re-opened. The library
/// never prints; the executable decides (swift-log's rule).
///
/// ```swift
/// options.log = { event in Log.warning(event.name, ["detail": event.detail]) }
/// ```
public struct CacheEvent: Sendable, CustomStringConvertible {
    public enum Level: String, Sendable { case info, warning }

    public let level: Level
    /// `cache_file_created`, `cache_file_rebuilt`, `cache_file_reopened`, `cache_reopen_failed`.
    public let name: String
    public let path: String
    /// Why: `bad magic`, `layout …, expected …`, `file replaced`, an errno message…
    public let detail: String

    public var description: String { "\(name) path=\(path) detail=\(detail)" }
}
