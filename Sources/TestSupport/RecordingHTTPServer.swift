import Glibc
import HTTPServer
import Synchronization

/// An ``HTTPServer`` inside the test process for testing HTTP clients: on a loopback port the
/// kernel picks (or a Unix-domain socket), remembering every request it served. Each test starts
/// its own and stops it.
///
/// ```swift
/// let server = RecordingHTTPServer()              // echoes bodies, see ``echo``
/// defer { server.stop() }
/// let response = try HTTPClient().send(HTTPClientRequest(url: server.url("/echo")))
/// #expect(server.requests.first?.headers["user-agent"] == "hubspot-fcgi")
/// ```
public final class RecordingHTTPServer: Sendable {
    /// The server itself, for its open-connection count.
    public let server: HTTPServer
    /// The Unix-domain socket it listens on, if started with `unixSocket: true`.
    public let unixSocketPath: String?
    private let directory: TemporaryDirectory?
    private let log: RequestLog

    /// Starts listening. `handler` answers each request after it has been recorded.
    public init(unixSocket: Bool = false, handler: @escaping HTTPServer.Handler = RecordingHTTPServer.echo) {
        directory = unixSocket ? TemporaryDirectory(prefix: "http-test") : nil
        unixSocketPath = directory?.file("http.sock")
        let log = RequestLog()
        self.log = log
        do {
            server = try HTTPServer.start(HTTPServer.Configuration(unixSocketPath: unixSocketPath)) { request in
                log.requests.withLock { $0.append(request) }
                return handler(request)
            }
        } catch {
            preconditionFailure("test HTTP server: \(error)")
        }
    }

    /// The loopback port (0 on a Unix-domain socket).
    public var port: Int { Int(server.port) }

    /// `http://127.0.0.1:<port><path>`.
    public func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    /// Every request served so far, in arrival order.
    public var requests: [ServerRequest] { log.requests.withLock { $0 } }

    /// Connections accepted so far: one per new client connection.
    public var connectionCount: Int { server.acceptedConnectionCount }

    /// Stops at once: open connections are cut, delayed answers abandoned.
    public func stop() {
        server.stop(graceSeconds: 0)
        directory?.remove()
    }

    /// Echoes the body; the `X-Status` request header picks the status; reports method and
    /// target in `X-Echo-Method` and `X-Echo-Target`.
    public static let echo: HTTPServer.Handler = { request in
        ServerResponse(status: Int(request.headers["x-status"] ?? "") ?? 200,
                       headers: [HTTPField(name: "X-Echo-Method", value: request.method),
                                 HTTPField(name: "X-Echo-Target", value: request.target),
                                 HTTPField(name: "X-Mixed-Case", value: "Value")],
                       body: request.body)
    }
}

private final class RequestLog: Sendable {
    let requests = Mutex<[ServerRequest]>([])
}
