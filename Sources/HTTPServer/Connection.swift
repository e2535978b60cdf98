import Glibc

/// One accepted connection: reads requests one after another (keep-alive, pipelining), hands
/// each to the server's handler and writes the answers. Runs on its own thread.
struct Connection: Sendable {
    let socket: Socket
    let server: HTTPServer

    func run() {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(4096)
        while serveOne(&buffer) {}
        finish()
    }

    func finish() { server.remove(socket) }

    /// Serves one request from the stream; false when the connection should close.
    private func serveOne(_ buffer: inout [UInt8]) -> Bool {
        let limits = server.configuration
        var scanned = 0
        var bounds = Self.headBounds(buffer, from: 0)
        while bounds == nil {
            // A TLS ClientHello or another protocol: refuse at once instead of waiting for a blank line.
            if let first = buffer.first, !RequestHead.isTokenByte(first) {
                return reject(RequestHead.Failure(status: 400, reason: "not an HTTP request"))
            }
            guard buffer.count <= limits.maxHeaderBytes else {
                return reject(RequestHead.Failure(status: 431, reason: "request header section too large"))
            }
            scanned = max(0, buffer.count - 3)
            guard socket.receive(into: &buffer, maximum: 16 * 1024) > 0 else { return false }
            bounds = Self.headBounds(buffer, from: scanned)
        }
        let (headEnd, bodyStart) = bounds!
        guard headEnd <= limits.maxHeaderBytes else {
            return reject(RequestHead.Failure(status: 431, reason: "request header section too large"))
        }
        _ = server.setBusy(socket.fd, true)

        let head: RequestHead
        switch RequestHead.parse(buffer[..<headEnd], maxBodyBytes: limits.maxBodyBytes) {
        case .success(let parsed): head = parsed
        case .failure(let failure): return reject(failure)
        }
        if head.expectsContinue, head.contentLength > 0, buffer.count - bodyStart < head.contentLength {
            guard socket.sendAll(Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)) else { return false }
        }
        while buffer.count - bodyStart < head.contentLength {
            let missing = head.contentLength - (buffer.count - bodyStart)
            guard socket.receive(into: &buffer, maximum: min(missing, 256 * 1024)) > 0 else { return false }
        }
        let body = Array(buffer[bodyStart..<(bodyStart + head.contentLength)])
        buffer.removeFirst(bodyStart + head.contentLength)

        let request = ServerRequest(method: head.method, target: head.target, headers: head.headers, body: body)
        let response = server.handler(request)
        switch response.action {
        case .close:
            return false
        case .stall(let seconds):
            stall(seconds: seconds)
            return false
        case .answer:
            guard wait(response.delay) else { return false }
            let keepAlive = head.keepAlive && !server.isStopping && response.delivery == .standard
            let promised = keepAlive || (head.keepAlive && response.delivery == .hangUp)
            let bytes = Self.serialize(response, keepAlive: promised, includeBody: head.method != "HEAD")
            guard socket.sendAll(bytes), keepAlive else { return false }
            return server.setBusy(socket.fd, false)
        }
    }

    /// Answers a request that cannot be served and asks for the connection to close.
    private func reject(_ failure: RequestHead.Failure) -> Bool {
        socket.sendAll(Self.serialize(.text(failure.status, failure.reason), keepAlive: false, includeBody: true))
        return false
    }

    /// Waits `delay` before an answer; false when the server began stopping meanwhile.
    private func wait(_ delay: Duration) -> Bool {
        guard delay > .zero else { return true }
        let (seconds, attoseconds) = delay.components
        let deadline = monotonicSeconds() + Double(seconds) + Double(attoseconds) / 1e18
        while !server.isStopping {
            let remaining = deadline - monotonicSeconds()
            if remaining <= 0 { return true }
            usleep(UInt32(min(remaining, 0.01) * 1_000_000))
        }
        return false
    }

    /// Holds the connection without answering until the peer leaves, the server stops, or time runs out.
    private func stall(seconds: Double) {
        let deadline = monotonicSeconds() + seconds
        while monotonicSeconds() < deadline, !server.isStopping {
            if socket.peerClosed(withinMilliseconds: 100) { return }
        }
    }

    /// Where the header section ends (index of its last line's end) and the body starts, if the
    /// blank line has arrived. Accepts CRLF CRLF and bare LF LF.
    static func headBounds(_ buffer: [UInt8], from start: Int) -> (headEnd: Int, bodyStart: Int)? {
        var i = start
        while i < buffer.count {
            if buffer[i] == UInt8(ascii: "\n") {
                if i + 1 < buffer.count, buffer[i + 1] == UInt8(ascii: "\n") { return (i, i + 2) }
                if i + 2 < buffer.count, buffer[i + 1] == UInt8(ascii: "\r"), buffer[i + 2] == UInt8(ascii: "\n") {
                    return (i, i + 3)
                }
            }
            i += 1
        }
        return nil
    }

    /// Status line, the handler's headers (minus framing ones), Content-Length, Connection, body;
    /// only the body for a `.raw` delivery, and no Content-Length for `.untilClose`.
    static func serialize(_ response: ServerResponse, keepAlive: Bool, includeBody: Bool) -> [UInt8] {
        if response.delivery == .raw { return response.body }
        let status = (100...999).contains(response.status) ? response.status : 500
        var head = "HTTP/1.1 \(status) \(ReasonPhrase.of(status))\r\n"
        for field in response.headers {
            switch field.name.lowercased() {
            case "content-length", "connection", "transfer-encoding": continue
            default: head += "\(field.name): \(field.value)\r\n"
            }
        }
        if response.delivery != .untilClose { head += "Content-Length: \(response.body.count)\r\n" }
        head += "Connection: \(keepAlive ? "keep-alive" : "close")\r\n\r\n"
        var bytes = Array(head.utf8)
        if includeBody { bytes.append(contentsOf: response.body) }
        return bytes
    }
}
