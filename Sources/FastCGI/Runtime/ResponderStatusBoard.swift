import Base
import Glibc
import JSON
import Synchronization

/// Every responder's ``ResponderStatus`` as the health endpoint shows it, read from the status
/// files of one directory (see ``ResponderStatusFile``) at most once per `refreshSeconds`: health
/// is polled often and public, so a poll costs a lock and a copy.
///
/// ```swift
/// let board = ResponderStatusBoard(environment: .current())
/// let (degraded, json) = board.view()
/// ```
public final class ResponderStatusBoard: Sendable {
    let directory: String?
    let refreshSeconds: Double
    private let cached = Mutex<(readAt: MonotonicTime?, view: (degraded: Bool, json: JSONValue))>((nil, (false, [:])))

    public init(directory: String?, refreshSeconds: Double = 1) {
        self.directory = directory
        self.refreshSeconds = refreshSeconds
    }

    /// The directory the supervisor of this worker publishes to (it passes it on to its workers).
    public convenience init(environment: Environment) {
        self.init(directory: environment[ResponderStatusFile.directoryVariable])
    }

    /// Whether any responder is not ok, and the public JSON object (`{}` without a directory).
    public func view() -> (degraded: Bool, json: JSONValue) {
        guard let directory else { return (false, [:]) }
        let now = MonotonicTime.now()
        return cached.withLock { state in
            if let readAt = state.readAt, now.seconds(since: readAt) < refreshSeconds { return state.view }
            state.view = ResponderStatus.publicView(Self.read(directory: directory), now: .now(),
                                                    isRunning: Self.isRunning)
            state.readAt = now
            return state.view
        }
    }

    /// Every parsable status file in `directory`; unreadable or foreign files are skipped.
    static func read(directory: String) -> [ResponderStatus] {
        guard let handle = opendir(directory) else { return [] }
        defer { closedir(handle) }
        var statuses: [ResponderStatus] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            guard !name.hasPrefix("."), name.hasSuffix(ResponderStatusFile.suffix),
                  let bytes = readSmallFile(directory + "/" + name),
                  let status = ResponderStatus(decoding: bytes) else { continue }
            statuses.append(status)
        }
        return statuses
    }

    private static func readSmallFile(_ path: String) -> [UInt8]? {
        guard let fd = try? FileDescriptor.open(path, O_RDONLY | O_CLOEXEC) else { return nil }
        defer { try? fd.close() }
        var buffer = [UInt8](repeating: 0, count: 4096)
        guard let count = buffer.withUnsafeMutableBytes({ try? fd.read(into: $0) }), count > 0 else { return nil }
        return Array(buffer.prefix(count))
    }

    /// A supervisor of another user answers EPERM: it runs.
    static func isRunning(_ pid: Int32) -> Bool {
        pid > 0 && (kill(pid, 0) == 0 || errno == EPERM)
    }
}
