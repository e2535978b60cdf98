import Base

/// An ordered list of HTTP header fields with case-insensitive lookup.
///
/// ```swift
/// var headers = HTTPHeaders()
/// headers.add("Allow", "GET, HEAD")
/// headers["allow"] // "GET, HEAD"
/// ```
public struct HTTPHeaders: Sendable, Equatable, Sequence {
    public private(set) var fields: [(name: String, value: String)] = []

    public init() {}

    public init(_ fields: [(String, String)]) {
        for (name, value) in fields { add(name, value) }
    }

    /// `Cache-Control: no-store`, what every answer holding contact data or live state carries;
    /// made once rather than on every request.
    public static let noStore = HTTPHeaders([("Cache-Control", "no-store")])

    /// Appends a field. Header injection is impossible by construction: CR and LF are removed,
    /// because a value reaching the FastCGI header block with a line break would split the response.
    public mutating func add(_ name: String, _ value: String) {
        fields.append((Self.sanitized(name), Self.sanitized(value)))
    }

    /// Replaces every field called `name` with one field.
    public mutating func set(_ name: String, _ value: String) {
        remove(name)
        add(name, value)
    }

    public mutating func remove(_ name: String) {
        fields.removeAll { Self.equalNames($0.name, name) }
    }

    /// The first value of the field called `name` (any case).
    public subscript(name: String) -> String? {
        fields.first { Self.equalNames($0.name, name) }?.value
    }

    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> {
        fields.makeIterator()
    }

    public static func == (lhs: HTTPHeaders, rhs: HTTPHeaders) -> Bool {
        lhs.fields.elementsEqual(rhs.fields) { $0.name == $1.name && $0.value == $1.value }
    }

    /// ASCII case-insensitive comparison without allocating (header names are ASCII tokens).
    static func equalNames(_ a: String, _ b: String) -> Bool {
        guard a.utf8.count == b.utf8.count else { return false }
        return zip(a.utf8, b.utf8).allSatisfy { x, y in
            x == y || (x | 0x20 == y | 0x20 && (x | 0x20) >= 97 && (x | 0x20) <= 122)
        }
    }

    private static func sanitized(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 13 || $0 == 10 }) else { return text }
        return String(text.unicodeScalars.filter { $0 != "\r" && $0 != "\n" })
    }
}
