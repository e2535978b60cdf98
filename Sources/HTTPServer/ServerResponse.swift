/// What the handler wants done with a request: usually an answer, sometimes (fault injection)
/// a dropped or stalled connection.
///
/// ```swift
/// ServerResponse(status: 200, headers: [HTTPField(name: "Content-Type", value: "text/plain")],
///                body: Array("ok".utf8))
/// ServerResponse.closeWithoutAnswer          // the peer sees the connection close
/// ServerResponse.stall(seconds: 60)          // no answer until the peer gives up (or 60 s)
/// ```
///
/// The server adds `Content-Length` and `Connection`; the handler must not set them.
///
/// `delay` and `delivery` misbehave on purpose, for testing clients:
///
/// ```swift
/// var late = ServerResponse(status: 200)
/// late.delay = .seconds(3)                   // answer after 3 s (sooner if the server stops)
/// var dropped = ServerResponse(status: 200)
/// dropped.delivery = .hangUp                 // promise keep-alive, then close anyway
/// ```
public struct ServerResponse: Sendable {
    public enum Action: Sendable, Equatable {
        /// Send status, headers and body.
        case answer
        /// Close the connection without writing anything.
        case close
        /// Write nothing; keep the connection open until the peer closes it, the server stops,
        /// or `seconds` pass, then close it.
        case stall(seconds: Double)
    }

    /// How an answer goes on the wire and whether the connection stays open after it.
    public enum Delivery: Sendable, Equatable {
        /// `Content-Length`; the connection stays open when the client asked for keep-alive.
        case standard
        /// `Content-Length` and `Connection: close`, then the server closes.
        case close
        /// `Content-Length` and `Connection: keep-alive`, then the server closes anyway, as a
        /// load balancer that drops idle connections does.
        case hangUp
        /// No `Content-Length`: the body ends where the server closes the connection (HTTP/1.0 style).
        case untilClose
        /// The body bytes alone, no status line or headers, then close: a peer that does not
        /// speak HTTP.
        case raw
    }

    public var status: Int
    public var headers: [HTTPField]
    public var body: [UInt8]
    public var action: Action
    /// How long to wait before answering (latency injection); cut short when the server stops.
    public var delay: Duration = .zero
    public var delivery: Delivery = .standard

    public init(status: Int, headers: [HTTPField] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
        self.action = .answer
    }

    /// A plain-text answer, for the server's own errors.
    public static func text(_ status: Int, _ text: String) -> ServerResponse {
        ServerResponse(status: status, headers: [HTTPField(name: "Content-Type", value: "text/plain; charset=utf-8")],
                       body: Array((text + "\n").utf8))
    }

    /// Drop the connection without answering.
    public static var closeWithoutAnswer: ServerResponse {
        var response = ServerResponse(status: 0)
        response.action = .close
        return response
    }

    /// Hold the connection without answering for at most `seconds`.
    public static func stall(seconds: Double) -> ServerResponse {
        var response = ServerResponse(status: 0)
        response.action = .stall(seconds: seconds)
        return response
    }

    /// The body as text (tests and logs).
    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}

/// Standard reason phrases for the status line; unknown codes get an empty phrase, which
/// HTTP/1.1 allows.
enum ReasonPhrase {
    static func of(_ status: Int) -> String {
        switch status {
        case 100: "Continue"
        case 200: "OK"
        case 201: "Created"
        case 202: "Accepted"
        case 204: "No Content"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 408: "Request Timeout"
        case 409: "Conflict"
        case 411: "Length Required"
        case 413: "Content Too Large"
        case 415: "Unsupported Media Type"
        case 423: "Locked"
        case 429: "Too Many Requests"
        case 431: "Request Header Fields Too Large"
        case 500: "Internal Server Error"
        case 501: "Not Implemented"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        case 505: "HTTP Version Not Supported"
        default: ""
        }
    }
}
