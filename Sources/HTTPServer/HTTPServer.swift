import Base
import Glibc
import Synchronization

/// A small HTTP/1.1 server over plain TCP or Unix-domain sockets: one pthread per connection,
/// keep-alive, Content-Length bodies only. Made for test doubles such as the HubSpot emulator and
/// the HTTP client's tests, not for the open internet (no TLS, no chunked bodies, IPv4 only).
///
/// ```swift
/// let server = try HTTPServer.start(.init(port: 0)) { request in
///     .text(200, "hello \(request.path)")
/// }
/// print(server.port)   // the ephemeral port picked by the kernel
/// server.stop()
/// ```
///
/// The handler runs on the connection's thread and may block (sleep to inject latency).
public final class HTTPServer: Sendable {
    /// A connection thread does little: a small stack lets a test server hold many.
    static let threadStackBytes = 1 << 20

    public struct Configuration: Sendable {
        /// IPv4 address to bind, e.g. `127.0.0.1`.
        public var host: String
        /// Port to bind; 0 lets the kernel pick one (see ``HTTPServer/port``).
        public var port: UInt16
        /// A Unix-domain socket path to listen on instead of `host` and `port`; the server
        /// unlinks it when it stops.
        public var unixSocketPath: String?
        /// Connections served at once; further ones get 503 and are closed.
        public var maxConnections: Int
        /// Largest request line plus header section; above it the answer is 431.
        public var maxHeaderBytes: Int
        /// Largest Content-Length accepted; above it the answer is 413.
        public var maxBodyBytes: Int
        /// How long a connection may sit idle (or stall mid-request) before it is closed.
        public var idleTimeoutSeconds: Int

        public init(host: String = "127.0.0.1", port: UInt16 = 0, maxConnections: Int = 256,
                    maxHeaderBytes: Int = 16 * 1024, maxBodyBytes: Int = 4 * 1024 * 1024,
                    idleTimeoutSeconds: Int = 60, unixSocketPath: String? = nil) {
            self.host = host
            self.port = port
            self.unixSocketPath = unixSocketPath
            self.maxConnections = maxConnections
            self.maxHeaderBytes = maxHeaderBytes
            self.maxBodyBytes = maxBodyBytes
            self.idleTimeoutSeconds = idleTimeoutSeconds
        }
    }

    public typealias Handler = @Sendable (ServerRequest) -> ServerResponse

    /// The port actually bound (0 on a Unix-domain socket).
    public let port: UInt16
    public let configuration: Configuration
    let handler: Handler
    let listener: Socket
    let registry = Mutex(Registry())

    /// Open connections (fd → busy handling a request) and the shutdown state.
    struct Registry {
        var connections: [Int32: Bool] = [:]
        /// Every connection admitted since the start.
        var accepted = 0
        var stopping = false
        var acceptLoopRunning = true
    }

    private init(configuration: Configuration, listener: Socket, handler: @escaping Handler) {
        self.configuration = configuration
        self.listener = listener
        self.port = configuration.unixSocketPath == nil ? listener.localPort : 0
        self.handler = handler
    }

    /// Binds, listens and starts accepting on a background thread.
    ///
    /// - Throws: ``ServerError`` when the address is invalid or `socket`/`bind`/`listen` fail.
    public static func start(_ configuration: Configuration = Configuration(),
                             handler: @escaping Handler) throws(ServerError) -> HTTPServer {
        let listener = if let path = configuration.unixSocketPath {
            try Socket.listen(unixPath: path, backlog: 128)
        } else {
            try Socket.listen(host: configuration.host, port: configuration.port, backlog: 128)
        }
        let server = HTTPServer(configuration: configuration, listener: listener, handler: handler)
        guard spawnDetachedThread(stackBytes: Self.threadStackBytes, { server.acceptLoop() }) else {
            listener.close()
            throw ServerError(operation: "pthread_create", code: EAGAIN)
        }
        return server
    }

    /// Connections currently open.
    public var connectionCount: Int { registry.withLock { $0.connections.count } }

    /// Connections admitted since the start: how a test sees whether a client reused its
    /// connection or opened a new one.
    public var acceptedConnectionCount: Int { registry.withLock { $0.accepted } }

    /// Stops accepting, closes idle connections at once, lets requests being handled finish for
    /// up to `graceSeconds`, then cuts whatever is left. Safe to call more than once.
    public func stop(graceSeconds: Double = 5) {
        let first = registry.withLock { registry -> Bool in
            guard !registry.stopping else { return false }
            registry.stopping = true
            for (fd, busy) in registry.connections where !busy { Socket(fd: fd).shutdownBoth() }
            return true
        }
        if first { listener.shutdownBoth() }
        let deadline = monotonicSeconds() + graceSeconds
        while monotonicSeconds() < deadline, !isDrained() { usleep(5_000) }
        registry.withLock { registry in
            for fd in registry.connections.keys { Socket(fd: fd).shutdownBoth() }
        }
        let cutoff = monotonicSeconds() + 1
        while monotonicSeconds() < cutoff, !isDrained() { usleep(5_000) }
        if first {
            while registry.withLock({ $0.acceptLoopRunning }) { usleep(1_000) }
            listener.close()
            if let path = configuration.unixSocketPath { unlink(path) }
        }
    }

    private func isDrained() -> Bool {
        registry.withLock { $0.connections.isEmpty && !$0.acceptLoopRunning }
    }

    private func acceptLoop() {
        while let client = listener.accept() {
            let admitted = registry.withLock { registry -> Bool in
                guard !registry.stopping, registry.connections.count < configuration.maxConnections else {
                    return false
                }
                registry.connections[client.fd] = false
                registry.accepted += 1
                return true
            }
            guard admitted else {
                client.sendAll(Connection.serialize(.text(503, "too many connections"), keepAlive: false,
                                                    includeBody: true))
                client.close()
                continue
            }
            client.configureConnection(timeoutSeconds: configuration.idleTimeoutSeconds)
            let connection = Connection(socket: client, server: self)
            if !spawnDetachedThread(stackBytes: Self.threadStackBytes, { connection.run() }) { connection.finish() }
        }
        registry.withLock { $0.acceptLoopRunning = false }
    }

    /// Marks a connection busy (handling a request) or idle. Returns false when the server is
    /// stopping and an idle connection should close instead of waiting for another request.
    func setBusy(_ fd: Int32, _ busy: Bool) -> Bool {
        registry.withLock { registry in
            registry.connections[fd] = busy
            return busy || !registry.stopping
        }
    }

    var isStopping: Bool { registry.withLock { $0.stopping } }

    /// Forgets a connection, then closes it (in that order, so `stop` never touches a reused fd).
    func remove(_ socket: Socket) {
        registry.withLock { registry in
            registry.connections[socket.fd] = nil
            socket.close()
        }
    }
}
