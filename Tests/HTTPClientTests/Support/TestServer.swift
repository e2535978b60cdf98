import Glibc
import Synchronization

/// A tiny HTTP/1.1 server inside the test process: loopback TCP (or a Unix socket), a thread per
/// connection, keep-alive, `Content-Length` bodies only. Each test starts its own.
///
/// ```swift
/// let server = TestServer { request in Reply(body: request.body) }
/// defer { server.stop() }
/// let response = try HTTPClient().send(HTTPClientRequest(url: server.url("/echo")))
/// ```
final class TestServer: Sendable {
    typealias Handler = @Sendable (ReceivedRequest) -> Reply

    let port: Int
    let unixPath: String?
    private let listenFD: Int32
    private let handler: Handler
    private let open = Mutex<Set<Int32>>([])
    private let received = Mutex<[ReceivedRequest]>([])
    private let accepted = Atomic<Int>(0)

    init(unixSocket: Bool = false, handler: @escaping Handler = TestServer.echo) {
        if unixSocket {
            let (fd, path) = Sockets.unix()
            (listenFD, port, unixPath) = (fd, 0, path)
        } else {
            let (fd, port) = Sockets.loopback()
            (listenFD, self.port, unixPath) = (fd, port, nil)
        }
        self.handler = handler
        TestThread.detach { [self] in acceptLoop() }
    }

    func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    /// Connections accepted so far: one per new client connection.
    var connectionCount: Int { accepted.load(ordering: .sequentiallyConsistent) }
    /// Every request served so far, in arrival order.
    var requests: [ReceivedRequest] { received.withLock { $0 } }

    /// Stops accepting and cuts open connections; sleeping handlers finish into closed sockets.
    func stop() {
        shutdown(listenFD, Int32(SHUT_RDWR))
        for fd in open.withLock({ $0 }) { shutdown(fd, Int32(SHUT_RDWR)) }
        if let unixPath { unlink(unixPath) }
    }

    /// Echoes the body; `x-status` picks the status; reports method and target in headers.
    static let echo: Handler = { request in
        Reply(status: Int(request.header("x-status") ?? "") ?? 200,
              headers: [("X-Echo-Method", request.method), ("X-Echo-Target", request.target),
                        ("X-Mixed-Case", "Value")],
              body: request.body)
    }

    private func acceptLoop() {
        while true {
            let fd = accept(listenFD, nil, nil)
            if fd < 0 {
                if errno == EINTR || errno == ECONNABORTED { continue }
                close(listenFD)
                return
            }
            accepted.add(1, ordering: .sequentiallyConsistent)
            open.withLock { _ = $0.insert(fd) }
            TestThread.detach { [self] in
                serve(fd)
                open.withLock { _ = $0.remove(fd) }
                close(fd)
            }
        }
    }

    /// One connection: requests in sequence until either side closes.
    private func serve(_ fd: Int32) {
        var buffer: [UInt8] = []
        while let request = RequestReader.next(from: fd, buffer: &buffer) {
            received.withLock { $0.append(request) }
            let reply = handler(request)
            if reply.delay > 0 { usleep(UInt32(reply.delay * 1_000_000)) }
            guard Sockets.writeAll(fd, reply.encoded()), !reply.closesConnection else { return }
        }
    }
}
