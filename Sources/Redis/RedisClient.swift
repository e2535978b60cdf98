import Base
import Glibc
import Synchronization

/// A process's way to one Redis server: connections made on demand and kept for reuse, one
/// per thread at a time, and a memory of failure so that a Redis that is down costs a request
/// nothing: after a failure on the wire no connection is tried for ``retryInterval``, and every
/// command in between throws ``RedisError/Kind/unreachable`` at once for the caller to fall
/// back on what it can do alone.
///
/// ```swift
/// let redis = RedisClient(url: try RedisURL(parsing: "redis://10.0.0.5"), timeout: .milliseconds(250))
/// let hits = try redis.command(["INCR", "hits"]).integer
/// ```
///
/// Logs `redis_unreachable` (warning) once when it loses the server — `redis_login_refused` when
/// the server refused the password: the same wait, but an operator's mistake to fix — and
/// `redis_reachable` once it has it again; none carries the password.
public final class RedisClient: Sendable {
    public let url: RedisURL
    public let timeout: Duration
    /// How long after a failure no connection is tried.
    public let retryInterval: Duration

    private let idle = Mutex<[RedisConnection]>([])
    private let health = Mutex<Reachability>(Reachability())
    private let capacity: Int

    struct Reachability {
        /// Monotonic time before which nothing is tried, after a failure.
        var retryAt: MonotonicTime?
        var failing = false
    }

    public init(url: RedisURL, timeout: Duration, retryInterval: Duration = .seconds(1), idleConnections: Int = 8) {
        self.url = url
        self.timeout = timeout
        self.retryInterval = retryInterval
        capacity = idleConnections
        Self.survivePeerHangUps()
    }

    /// hiredis writes with write(2): a server that went away mid-command would kill the process
    /// with SIGPIPE. Ignored when nothing else handles it (libfcgi installs a handler of its own
    /// in responders; tools have none), so the write fails with EPIPE and is an outage instead.
    private static func survivePeerHangUps() {
        var current = sigaction()
        guard sigaction(SIGPIPE, nil, &current) == 0 else { return }
        if current.__sigaction_handler.sa_handler == nil { signal(SIGPIPE, SIG_IGN) }
    }

    /// False while the last command failed on the wire (or the login was refused) and it has not
    /// worked again since.
    public var isReachable: Bool { health.withLock { !$0.failing } }

    /// One command and its answer (``RedisReply/error(_:)`` when the server refused it).
    public func command(_ arguments: [String]) throws(RedisError) -> RedisReply {
        try withConnection { (connection) throws(RedisError) in try connection.command(arguments) }
    }

    /// The same with binary arguments.
    public func command(bytes arguments: [[UInt8]]) throws(RedisError) -> RedisReply {
        try withConnection { (connection) throws(RedisError) in try connection.command(bytes: arguments) }
    }

    /// Runs `script` atomically on the server.
    public func run(_ script: RedisScript, keys: [String], arguments: [String]) throws(RedisError) -> RedisReply {
        try run(script, keys: keys, bytes: arguments.map { Array($0.utf8) })
    }

    /// The same with binary arguments.
    public func run(_ script: RedisScript, keys: [String], bytes arguments: [[UInt8]]) throws(RedisError) -> RedisReply {
        try withConnection { (connection) throws(RedisError) in try script.run(on: connection, keys: keys, arguments: arguments) }
    }

    private func withConnection<T>(_ body: (RedisConnection) throws(RedisError) -> T) throws(RedisError) -> T {
        if let retryAt = health.withLock({ $0.retryAt }), MonotonicTime.now() < retryAt {
            throw RedisError(.unreachable, "Redis at \(url) is unreachable; not tried again yet")
        }
        do throws(RedisError) {
            let result: T
            if let reused = idle.withLock({ $0.popLast() }) {
                do throws(RedisError) {
                    result = try use(reused, body)
                } catch where error.kind == .unreachable {
                    // A kept connection may predate a Redis restart: one try on a new one before
                    // calling Redis unreachable.
                    result = try use(try RedisConnection(url, timeout: timeout), body)
                }
            } else {
                result = try use(try RedisConnection(url, timeout: timeout), body)
            }
            recovered()
            return result
        } catch {
            if error.kind == .unreachable || error.kind == .loginRefused { failed(error) }
            throw error
        }
    }

    private func use<T>(_ connection: RedisConnection, _ body: (RedisConnection) throws(RedisError) -> T)
        throws(RedisError) -> T
    {
        let result = try body(connection)
        if !connection.isBroken {
            idle.withLock { connections in if connections.count < capacity { connections.append(connection) } }
        }
        return result
    }

    private func failed(_ error: RedisError) {
        // Every kept connection went to the same server: none is worth trying now.
        let dropped = idle.withLock { connections in
            defer { connections.removeAll() }
            return connections
        }
        _ = dropped
        let first = health.withLock { state in
            state.retryAt = MonotonicTime.now().adding(seconds: retryInterval.inSeconds)
            defer { state.failing = true }
            return !state.failing
        }
        if first {
            Log.warning(error.kind == .loginRefused ? "redis_login_refused" : "redis_unreachable",
                        ["redis": url.description, "detail": error.message])
        }
    }

    private func recovered() {
        let wasFailing = health.withLock { state in
            defer { state.failing = false; state.retryAt = nil }
            return state.failing
        }
        if wasFailing { Log.info("redis_reachable", ["redis": url.description]) }
    }
}
