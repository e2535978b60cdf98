/// Why and where parsing failed.
///
/// ```swift
/// do { _ = try JSONValue(parsing: "[1,]") }
/// catch { print(error) }   // JSON parse error at byte 3: unexpected character ']'
/// ```
public struct JSONParseError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Byte offset of the problem in the input (the input length for "unexpected end of input").
    public var offset: Int
    /// Human-readable cause, e.g. `unterminated string`.
    public var reason: String

    /// Creates an error; mostly for tests and wrappers that re-throw.
    public init(offset: Int, reason: String) {
        self.offset = offset
        self.reason = reason
    }

    /// `JSON parse error at byte <offset>: <reason>`.
    public var description: String {
        "JSON parse error at byte \(offset): \(reason)"
    }
}

/// Resource limits that keep hostile input from exhausting the stack or memory.
///
/// ```swift
/// let small = JSONParseLimits(maxDepth: 16, maxBytes: 64 * 1024)
/// let v = try JSONValue(parsing: body, limits: small)
/// ```
public struct JSONParseLimits: Sendable {
    /// Maximum nesting of arrays/objects; `[[1]]` has depth 2. Default 64.
    ///
    /// The parser recurses once per level, so very large values need a
    /// correspondingly large thread stack.
    public var maxDepth: Int
    /// Maximum input size in bytes. Default 4 MiB.
    public var maxBytes: Int

    /// Creates limits; omitted values take the defaults.
    public init(maxDepth: Int = 64, maxBytes: Int = 4 * 1024 * 1024) {
        self.maxDepth = maxDepth
        self.maxBytes = maxBytes
    }

    /// Depth 64, 4 MiB.
    public static let `default` = JSONParseLimits()
}
