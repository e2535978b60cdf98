import Glibc

/// A Redis server of a test's own (Debian's `redis-server`, which `nginx/stack test` installs):
/// no persistence, in a temporary directory, listening on a Unix socket and, when asked, on a
/// loopback port. Stopped and removed when released; ``stop()`` and ``start()`` take it down
/// and bring it back on the same address, as an outage would.
///
/// ```swift
/// let redis = RedisServer()
/// let url = try RedisURL(parsing: redis.url)
/// ```
public final class RedisServer {
    public let directory = TemporaryDirectory(prefix: "redis")
    public let password: String?
    /// The loopback port, when it listens on one.
    public let port: Int?
    private var process: ChildProcess?

    public init(password: String? = nil, tcp: Bool = false) {
        self.password = password
        if tcp {
            let probe = RefusedPort()
            port = probe.port
            probe.close()
        } else {
            port = nil
        }
        start()
    }

    deinit {
        stop()
        directory.remove()
    }

    public var socketPath: String { directory.file("redis.sock") }

    /// `redis://` on the port when it has one, else `unix://` on the socket; with the password.
    public var url: String {
        let login = password.map { ":\($0)@" } ?? ""
        if let port { return "redis://\(login)127.0.0.1:\(port)/0" }
        return "unix://\(login)\(socketPath)"
    }

    /// Starts the server (again) and waits until it accepts connections.
    public func start() {
        guard process == nil else { return }
        var arguments = ["--port", String(port ?? 0), "--bind", "127.0.0.1", "--unixsocket", socketPath,
                         "--unixsocketperm", "700", "--save", "", "--appendonly", "no", "--dir", directory.path,
                         "--daemonize", "no", "--loglevel", "warning"]
        if let password { arguments += ["--requirepass", password] }
        let executable = "/usr/bin/redis-server"
        precondition(access(executable, X_OK) == 0, "\(executable) is missing: install redis-server (nginx/stack test does)")
        process = ChildProcess.spawn(executable: executable, arguments: arguments, log: directory.file("redis.log"))
        let deadline = monotonicSeconds() + 10
        while !accepts() {
            precondition(monotonicSeconds() < deadline, "redis-server did not start: \(readTextFile(directory.file("redis.log")))")
            usleep(10_000)
        }
    }

    /// Kills the server (SIGKILL: an outage, not a shutdown) and waits for it to be gone.
    public func stop() {
        guard let process else { return }
        process.kill(SIGKILL)
        process.wait()
        self.process = nil
        unlink(socketPath)
    }

    private func accepts() -> Bool {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let path = Array(socketPath.utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { bytes in
            for (index, byte) in path.prefix(bytes.count - 1).enumerated() { bytes[index] = byte }
        }
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) == 0
            }
        }
    }
}
