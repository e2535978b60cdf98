/// The request line and header fields of one HTTP/1.x request, parsed from the bytes before the
/// blank line. Pure, so every rule is table-testable without sockets.
///
/// ```swift
/// let head = try RequestHead.parse(Array("GET / HTTP/1.1\r\nHost: x".utf8)[...]).get()
/// head.keepAlive      // true
/// ```
public struct RequestHead: Sendable, Equatable {
    public var method: String
    public var target: String
    /// Minor version: 1 for HTTP/1.1, 0 for HTTP/1.0.
    public var minorVersion: Int
    public var headers: [HTTPField]
    /// The declared body length (0 when there is no Content-Length).
    public var contentLength: Int
    /// Whether the client wants the connection kept open after the response.
    public var keepAlive: Bool
    /// `Expect: 100-continue` was sent.
    public var expectsContinue: Bool

    /// Why a head was refused, with the status to answer before closing.
    public struct Failure: Error, Equatable, Sendable {
        public var status: Int
        public var reason: String
    }

    /// Parses `bytes` (the head without its final CRLFCRLF). Bodies are only supported with
    /// Content-Length: any Transfer-Encoding is refused (411 for chunked, 400 otherwise), as is
    /// a Content-Length above `maxBodyBytes` (413).
    public static func parse(_ bytes: ArraySlice<UInt8>, maxBodyBytes: Int = 4 * 1024 * 1024)
        -> Result<RequestHead, Failure>
    {
        let lines = splitLines(bytes)
        guard let requestLine = lines.first, !requestLine.isEmpty else {
            return .failure(Failure(status: 400, reason: "empty request line"))
        }
        let parts = requestLine.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty,
              parts[0].allSatisfy(isTokenByte), parts[1].allSatisfy({ $0 > 0x20 && $0 < 0x7f })
        else { return .failure(Failure(status: 400, reason: "malformed request line")) }
        let version = String(decoding: parts[2], as: UTF8.self)
        let minor: Int
        switch version {
        case "HTTP/1.1": minor = 1
        case "HTTP/1.0": minor = 0
        default:
            return .failure(Failure(status: version.hasPrefix("HTTP/") ? 505 : 400,
                                    reason: "unsupported protocol version"))
        }

        var headers: [HTTPField] = []
        for line in lines.dropFirst() {
            guard let first = line.first, first != UInt8(ascii: " "), first != UInt8(ascii: "\t") else {
                return .failure(Failure(status: 400, reason: "obsolete header line folding"))
            }
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex,
                  line[..<colon].allSatisfy(isTokenByte)
            else { return .failure(Failure(status: 400, reason: "malformed header line")) }
            let value = line[line.index(after: colon)...].trimmingOWS()
            headers.append(HTTPField(name: String(decoding: line[..<colon], as: UTF8.self),
                                     value: String(decoding: value, as: UTF8.self)))
        }

        if minor == 1 && headers["host"] == nil {
            return .failure(Failure(status: 400, reason: "missing Host header"))
        }
        if let coding = headers["transfer-encoding"] {
            let chunked = coding.lowercased().contains("chunked")
            return .failure(Failure(status: chunked ? 411 : 400,
                                    reason: "request bodies need Content-Length; Transfer-Encoding is not supported"))
        }
        var length = 0
        let lengths = Set(headers.values(for: "content-length"))
        if let text = lengths.first {
            guard lengths.count == 1, !text.isEmpty, text.count <= 18,
                  text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
                  let value = Int(text)
            else { return .failure(Failure(status: 400, reason: "invalid Content-Length")) }
            guard value <= maxBodyBytes else {
                return .failure(Failure(status: 413, reason: "request body larger than \(maxBodyBytes) bytes"))
            }
            length = value
        }

        let connection = headers.values(for: "connection").joined(separator: ",").lowercased()
            .split(separator: ",").map { $0.trimmingCharacters(in: " \t") }
        let keepAlive = minor == 1 ? !connection.contains("close") : connection.contains("keep-alive")
        let expects = headers["expect"]?.lowercased() == "100-continue"

        return .success(RequestHead(method: String(decoding: parts[0], as: UTF8.self),
                                    target: String(decoding: parts[1], as: UTF8.self),
                                    minorVersion: minor, headers: headers, contentLength: length,
                                    keepAlive: keepAlive, expectsContinue: expects))
    }

    /// Lines separated by CRLF (a bare LF is accepted too, as RFC 9112 allows).
    private static func splitLines(_ bytes: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { line in
            line.last == UInt8(ascii: "\r") ? line.dropLast() : line
        }
    }

    /// RFC 9110 `tchar`.
    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
        }
    }
}

extension ArraySlice where Element == UInt8 {
    /// Drops leading and trailing spaces and tabs (HTTP's optional whitespace).
    func trimmingOWS() -> ArraySlice<UInt8> {
        var slice = self
        while let first = slice.first, first == 0x20 || first == 0x09 { slice = slice.dropFirst() }
        while let last = slice.last, last == 0x20 || last == 0x09 { slice = slice.dropLast() }
        return slice
    }
}

extension Substring {
    func trimmingCharacters(in set: String) -> String {
        var slice = self
        while let first = slice.first, set.contains(first) { slice = slice.dropFirst() }
        while let last = slice.last, set.contains(last) { slice = slice.dropLast() }
        return String(slice)
    }
}
