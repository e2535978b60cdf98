/// A request as the test server parsed it: header names as sent, body as sent.
struct ReceivedRequest: Sendable {
    var method: String
    var target: String
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    /// Every value of header `name` (case-insensitive).
    func values(_ name: String) -> [String] {
        headers.filter { $0.name.lowercased() == name.lowercased() }.map(\.value)
    }

    func header(_ name: String) -> String? { values(name).first }
}

/// What the test server answers, and how.
struct Reply: Sendable {
    enum Framing: Sendable {
        /// `Content-Length`, connection kept alive unless `close`.
        case contentLength
        /// No length; the body ends when the server closes the connection.
        case untilClose
        /// These bytes instead of an HTTP response, then close.
        case raw([UInt8])
    }

    var status: Int = 200
    var headers: [(name: String, value: String)] = []
    var body: [UInt8] = []
    /// Seconds to sleep before answering (the timeout tests).
    var delay: Double = 0
    /// Sends `Connection: close` and closes after the reply.
    var close = false
    /// Closes after the reply without announcing it, as an idle timeout on a server would.
    var hangUp = false
    var framing: Framing = .contentLength

    /// The bytes on the wire.
    func encoded() -> [UInt8] {
        if case .raw(let bytes) = framing { return bytes }
        var head = "HTTP/1.1 \(status) \(status < 400 ? "OK" : "Error")\r\n"
        for header in headers { head += "\(header.name): \(header.value)\r\n" }
        switch framing {
        case .contentLength:
            head += "Content-Length: \(body.count)\r\n"
            if close { head += "Connection: close\r\n" }
        default:
            head += "Connection: close\r\n"
        }
        return Array((head + "\r\n").utf8) + body
    }

    /// Whether the server closes the connection after this reply.
    var closesConnection: Bool {
        if case .contentLength = framing { return close || hangUp }
        return true
    }
}
