import Base
/// A complete HTTP/1.x request as the handler sees it: head plus a fully read body.
///
/// ```swift
/// let request = ServerRequest(method: "GET", target: "/crm/v3/objects/contacts?limit=1")
/// request.path                 // "/crm/v3/objects/contacts"
/// request.queryValues("limit") // ["1"]
/// ```
public struct ServerRequest: Sendable {
    /// The method as sent, e.g. `GET` (methods are case-sensitive in HTTP).
    public var method: String
    /// The raw request-target, e.g. `/a/b?x=1%202`.
    public var target: String
    public var headers: [HTTPField]
    public var body: [UInt8]

    public init(method: String, target: String, headers: [HTTPField] = [], body: [UInt8] = []) {
        self.method = method
        self.target = target
        self.headers = headers
        self.body = body
    }

    /// Convenience for tests: a body given as text.
    public init(method: String, target: String, headers: [HTTPField] = [], body: String) {
        self.init(method: method, target: target, headers: headers, body: Array(body.utf8))
    }

    /// The target's path, still percent-encoded: `/a/b` for `/a/b?x=1`.
    public var path: String {
        guard let mark = target.firstIndex(of: "?") else { return target }
        return String(target[..<mark])
    }

    /// The path's segments, percent-decoded, empty ones dropped: `["a", "b c"]` for `/a//b%20c`.
    public var pathSegments: [String] {
        path.split(separator: "/").map { PercentDecoding.decode($0) }
    }

    /// The decoded query parameters in order (`+` is a space, `%XX` a byte).
    public var query: [HTTPField] {
        guard let mark = target.firstIndex(of: "?") else { return [] }
        return target[target.index(after: mark)...].split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let value = parts.count > 1 ? PercentDecoding.decode(parts[1], plusIsSpace: true) : ""
            return HTTPField(name: PercentDecoding.decode(parts[0], plusIsSpace: true), value: value)
        }
    }

    /// Every value of query parameter `name`: `["a", "b"]` for `?p=a&p=b`.
    public func queryValues(_ name: String) -> [String] {
        query.filter { $0.name == name }.map(\.value)
    }
}

/// Percent-decoding for URL components (RFC 3986); invalid escapes are kept literally.
enum PercentDecoding {
    /// `"a%20b+c"` → `"a b c"` with `plusIsSpace`, `"a b+c"` without.
    static func decode(_ text: Substring, plusIsSpace: Bool = false) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var input = text.utf8[...]
        while let byte = input.popFirst() {
            if byte == UInt8(ascii: "%"), input.count >= 2,
               let high = Hex.value(of: input[input.startIndex]),
               let low = Hex.value(of: input[input.index(after: input.startIndex)]) {
                bytes.append(high << 4 | low)
                input = input.dropFirst(2)
            } else if byte == UInt8(ascii: "+"), plusIsSpace {
                bytes.append(UInt8(ascii: " "))
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `decode(_:plusIsSpace:)` for a whole `String`.
    static func decode(_ text: String, plusIsSpace: Bool = false) -> String {
        decode(text[...], plusIsSpace: plusIsSpace)
    }
}
