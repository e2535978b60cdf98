import Glibc
import HTTPServer
import Synchronization
import Testing

@Suite("HTTP request heads")
struct RequestHeadTests {
    func parse(_ text: String, maxBody: Int = 1000) -> Result<RequestHead, RequestHead.Failure> {
        RequestHead.parse(Array(text.utf8)[...], maxBodyBytes: maxBody)
    }

    @Test("A valid head")
    func valid() throws {
        let head = try parse("POST /a?b=1 HTTP/1.1\r\nHost: x\r\nContent-Length: 12\r\nX-Thing:  spaced  ").get()
        #expect(head.method == "POST" && head.target == "/a?b=1" && head.minorVersion == 1)
        #expect(head.contentLength == 12 && head.keepAlive && !head.expectsContinue)
        #expect(head.headers["x-thing"] == "spaced")
    }

    @Test("Keep-alive defaults per version")
    func keepAlive() throws {
        #expect(try parse("GET / HTTP/1.1\r\nHost: x\r\nConnection: close").get().keepAlive == false)
        #expect(try parse("GET / HTTP/1.0").get().keepAlive == false)
        #expect(try parse("GET / HTTP/1.0\r\nConnection: Keep-Alive").get().keepAlive == true)
        #expect(try parse("GET / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue").get().expectsContinue)
    }

    @Test("Refusals and their statuses", arguments: [
        ("", 400), ("GET /\r\nHost: x", 400), ("GET / HTTP/2.0\r\nHost: x", 505), ("GET / FTP/1.0", 400),
        ("GET / HTTP/1.1", 400), ("GET / HTTP/1.1\r\nHost: x\r\n folded", 400), ("GET / HTTP/1.1\r\nHost: x\r\nNoColon", 400),
        ("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked", 411), ("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip", 400),
        ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -1", 400), ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2", 400),
        ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1001", 413), ("GET /a b HTTP/1.1\r\nHost: x", 400),
    ])
    func refusals(text: String, status: Int) {
        guard case .failure(let failure) = parse(text) else {
            Issue.record("accepted: \(text)")
            return
        }
        #expect(failure.status == status)
    }

    @Test("Query parameters are percent-decoded, + is a space")
    func query() {
        let request = ServerRequest(method: "GET", target: "/p?properties=a,b&properties=c&q=J%C3%B6rg+M%2B&empty")
        #expect(request.path == "/p")
        #expect(request.queryValues("properties") == ["a,b", "c"])
        #expect(request.queryValues("q") == ["Jörg M+"])
        #expect(request.queryValues("empty") == [""])
        #expect(ServerRequest(method: "GET", target: "/a//b%20c/d%40e?x=/y").pathSegments == ["a", "b c", "d@e"])
    }
}

/// A blocking loopback client speaking raw bytes.
struct RawClient {
    let fd: Int32

    init(port: UInt16) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        try #require(connected == 0)
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    func send(_ text: String) { _ = text.withCString { Glibc.send(fd, $0, strlen($0), Int32(MSG_NOSIGNAL)) } }

    /// Everything until the server closes (or 5 s pass).
    func readToEnd() -> String {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { break }
            bytes += chunk[..<n]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    func close() { _ = Glibc.close(fd) }
}

@Suite("HTTP server over sockets", .serialized)
struct HTTPServerTests {
    static func echo(_ request: ServerRequest) -> ServerResponse {
        switch request.path {
        case "/drop": return .closeWithoutAnswer
        case "/stall": return .stall(seconds: 0.3)
        default: return .text(200, "\(request.method) \(request.target) \(request.body.count)")
        }
    }

    func withServer(_ configuration: HTTPServer.Configuration = .init(), _ body: (HTTPServer) throws -> Void) throws {
        let server = try HTTPServer.start(configuration, handler: Self.echo)
        defer { server.stop(graceSeconds: 1) }
        #expect(server.port != 0)
        try body(server)
    }

    @Test("Keep-alive and pipelining: several requests on one connection")
    func keepAlive() throws {
        try withServer { server in
            let client = try RawClient(port: server.port)
            defer { client.close() }
            client.send("GET /one HTTP/1.1\r\nHost: x\r\n\r\nPOST /two HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello")
            client.send("GET /three HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            let text = client.readToEnd()
            #expect(text.components("HTTP/1.1 200 OK") == 3)
            #expect(text.contains("GET /one 0") && text.contains("POST /two 5") && text.contains("GET /three 0"))
            #expect(text.contains("Connection: keep-alive") && text.hasSuffix("GET /three 0\n"))
        }
    }

    @Test("Chunked bodies get 411; oversized heads 431; oversized bodies 413")
    func limits() throws {
        try withServer(.init(maxHeaderBytes: 1024, maxBodyBytes: 10)) { server in
            let chunked = try RawClient(port: server.port)
            chunked.send("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n")
            #expect(chunked.readToEnd().hasPrefix("HTTP/1.1 411 Length Required"))
            chunked.close()
            let big = try RawClient(port: server.port)
            big.send("GET / HTTP/1.1\r\nHost: x\r\nX: \(String(repeating: "a", count: 2000))\r\n\r\n")
            #expect(big.readToEnd().hasPrefix("HTTP/1.1 431"))
            big.close()
            let body = try RawClient(port: server.port)
            body.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\nhello world")
            #expect(body.readToEnd().hasPrefix("HTTP/1.1 413"))
            body.close()
        }
    }

    @Test("Expect: 100-continue gets an interim answer")
    func expectContinue() throws {
        try withServer { server in
            let client = try RawClient(port: server.port)
            defer { client.close() }
            client.send("POST /x HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 3\r\nConnection: close\r\n\r\n")
            usleep(50_000)
            client.send("abc")
            let text = client.readToEnd()
            #expect(text.hasPrefix("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK"))
            #expect(text.hasSuffix("POST /x 3\n"))
        }
    }

    @Test("Dropped and stalled requests get no answer")
    func dropAndStall() throws {
        try withServer { server in
            let dropped = try RawClient(port: server.port)
            dropped.send("GET /drop HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(dropped.readToEnd() == "")
            dropped.close()
            let stalled = try RawClient(port: server.port)
            let start = monotonic()
            stalled.send("GET /stall HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(stalled.readToEnd() == "")
            #expect(monotonic() - start >= 0.25)
            stalled.close()
        }
    }

    @Test("Beyond the connection cap: 503")
    func connectionCap() throws {
        try withServer(.init(maxConnections: 1)) { server in
            let first = try RawClient(port: server.port)
            defer { first.close() }
            first.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            usleep(100_000)
            let second = try RawClient(port: server.port)
            #expect(second.readToEnd().hasPrefix("HTTP/1.1 503"))
            second.close()
        }
    }

    @Test("stop closes idle connections promptly and frees the port")
    func stop() throws {
        let server = try HTTPServer.start(.init(), handler: Self.echo)
        let client = try RawClient(port: server.port)
        client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        usleep(100_000)
        #expect(server.connectionCount == 1)
        let start = monotonic()
        server.stop(graceSeconds: 2)
        #expect(monotonic() - start < 1.8)  // well under the 2 s grace
        #expect(server.connectionCount == 0)
        #expect(client.readToEnd().hasPrefix("HTTP/1.1 200 OK"))
        client.close()
        let again = try HTTPServer.start(.init(port: server.port), handler: Self.echo)
        again.stop()
    }

    @Test("Binding a busy port fails with the C call's error")
    func busyPort() throws {
        try withServer { server in
            #expect(throws: ServerError.self) { _ = try HTTPServer.start(.init(port: server.port), handler: Self.echo) }
            #expect(throws: ServerError.self) { _ = try HTTPServer.start(.init(host: "not-an-ip"), handler: Self.echo) }
        }
    }

    @Test("Concurrent clients are served in parallel")
    func concurrency() throws {
        // Each request waits (up to 10 s) until all 8 are being handled at once: a server that
        // served them one after another would never get there. No wall-clock bound, so a loaded
        // machine cannot fail it.
        let clientCount = 8
        let inHandler = Atomic<Int>(0)
        let peak = Atomic<Int>(0)
        let handler: HTTPServer.Handler = { _ in
            let now = inHandler.add(1, ordering: .sequentiallyConsistent).newValue
            peak.max(now, ordering: .sequentiallyConsistent)
            let deadline = monotonic() + 10
            while peak.load(ordering: .sequentiallyConsistent) < clientCount && monotonic() < deadline { usleep(1_000) }
            inHandler.subtract(1, ordering: .sequentiallyConsistent)
            return .text(200, "ok")
        }
        let server = try HTTPServer.start(.init(), handler: handler)
        defer { server.stop() }
        let clients = try (0..<clientCount).map { _ in try RawClient(port: server.port) }
        for client in clients { client.send("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n") }
        for client in clients {
            #expect(client.readToEnd().hasPrefix("HTTP/1.1 200"))
            client.close()
        }
        #expect(peak.load(ordering: .sequentiallyConsistent) == clientCount)
    }
}

func monotonic() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

extension String {
    func components(_ separator: String) -> Int { ranges(of: separator).count }
}
