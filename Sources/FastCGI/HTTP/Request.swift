import Base

/// One HTTP request as nginx forwarded it over FastCGI.
///
/// Built from the FastCGI parameters (the CGI/1.1 environment nginx sends), so it can be made in a
/// unit test without a socket:
/// ```swift
/// let request = try Request(parameters: ["REQUEST_METHOD": "GET", "REQUEST_URI": "/api/contacts/health"])
/// ```
public struct Request: Sendable {
    public var method: HTTPMethod
    /// The path as the client sent it (still percent-encoded), without the query.
    public var rawPath: String
    /// The decoded path segments: `/api/contacts/lookup/%2B1902` → `["api", "contacts", "lookup", "+1902"]`.
    public var pathSegments: [String]
    public var query: QueryParameters
    /// Request headers, from the `HTTP_*` parameters (`HTTP_X_REQUEST_ID` → `x-request-id`).
    public var headers: HTTPHeaders
    /// The user nginx authenticated (`REMOTE_USER`), nil on public locations.
    public var remoteUser: String?
    public var contentType: String?
    /// The declared body length; nginx always buffers the body and sends its length.
    public var contentLength: Int
    /// The body, read by the runtime within the route's size limit.
    public var body: [UInt8]
    /// nginx's `$request_id` when the config forwards it, for log correlation.
    public var requestID: String?

    /// The decoded path, segments joined with `/`.
    public var path: String { "/" + pathSegments.joined(separator: "/") }

    /// Builds a request from FastCGI parameters. Throws 400 for a malformed URI or length.
    public init<Parameters: Sequence>(parameters: Parameters, body: [UInt8] = []) throws(HTTPError)
    where Parameters.Element == (key: String, value: String) {
        var method = "GET", uri = "/", queryString: String? = nil, length: String? = nil
        var headers = HTTPHeaders()
        var remoteUser: String? = nil, contentType: String? = nil, requestID: String? = nil
        for (name, value) in parameters {
            switch name {
            case "REQUEST_METHOD": method = value
            case "REQUEST_URI": uri = value
            case "QUERY_STRING": queryString = value
            case "CONTENT_LENGTH": length = value
            case "CONTENT_TYPE": contentType = value.isEmpty ? nil : value
            case "REMOTE_USER": remoteUser = value.isEmpty ? nil : value
            case "REQUEST_ID": requestID = value.isEmpty ? nil : value
            default:
                if name.hasPrefix("HTTP_") { headers.add(Self.headerName(fromParameter: name), value) }
            }
        }
        let (rawPath, uriQuery) = Self.split(uri: uri)
        guard let segments = Self.decodedSegments(of: rawPath) else {
            throw HTTPError(.badRequest, code: "invalid_path",
                            message: "The request path has a malformed percent-escape or is not UTF-8.")
        }
        guard let declared = Self.contentLength(length) else {
            throw HTTPError(.badRequest, code: "invalid_content_length",
                            message: "Content-Length is not a non-negative integer.")
        }
        self.method = HTTPMethod(method)
        self.rawPath = rawPath
        self.pathSegments = segments
        self.query = try QueryParameters(parsing: queryString ?? uriQuery)
        self.headers = headers
        self.remoteUser = remoteUser
        self.contentType = contentType
        self.contentLength = declared
        self.body = body
        self.requestID = requestID
    }

    /// Convenience for tests and tools: parameters as a dictionary literal.
    public init(parameters: [String: String], body: [UInt8] = []) throws(HTTPError) {
        try self.init(parameters: parameters.map { (key: $0.key, value: $0.value) }, body: body)
    }

    /// Header names come in as `HTTP_CONTENT_MD5`; HTTP names are case-insensitive, so lowercase
    /// with dashes is a faithful reconstruction.
    static func headerName(fromParameter name: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(name.utf8.count - 5)
        for byte in name.utf8.dropFirst(5) {
            switch byte {
            case 95: bytes.append(45)                      // "_" → "-"
            case 65...90: bytes.append(byte | 0x20)        // ASCII upper → lower
            default: bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Splits at the first `?` byte, as nginx does. By bytes, not Characters: a `?` followed by a
    /// combining mark is one Character, which `String.firstIndex(of:)` would not find, and
    /// comparing Characters cost a tenth of a lookup's time in the responder.
    static func split(uri: String) -> (path: String, query: String) {
        let utf8 = uri.utf8
        guard let mark = utf8.firstIndex(of: 63) else { return (uri, "") }
        return (String(uri[..<mark]), String(uri[utf8.index(after: mark)...]))
    }

    /// Splits on `/` by bytes (this runs for every request) and decodes each segment.
    static func decodedSegments(of rawPath: String) -> [String]? {
        var segments: [String] = []
        segments.reserveCapacity(6)
        let utf8 = rawPath.utf8
        var start = utf8.startIndex
        var index = start
        while true {
            if index == utf8.endIndex || utf8[index] == 47 {
                if start != index {
                    let piece = Substring(rawPath[start..<index])
                    guard let decoded = PercentDecoding.decode(piece, plusAsSpace: false) else { return nil }
                    segments.append(decoded)
                }
                if index == utf8.endIndex { break }
                start = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        return segments
    }

    static func contentLength(_ text: String?) -> Int? {
        guard let text, !text.isEmpty else { return 0 }
        guard text.utf8.count <= 18, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        return Int(text)
    }
}
