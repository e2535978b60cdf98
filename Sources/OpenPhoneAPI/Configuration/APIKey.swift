/// An OpenPhone API key that cannot leak by accident: it prints as `[redacted]` in logs, errors,
/// string interpolation and `dump()`; only ``reveal()`` gives the value, and only the client's
/// `Authorization` header and its redaction of error text call it.
///
/// ```swift
/// let key = APIKey("Xy7…")
/// print("using \(key)")      // using [redacted]
/// ```
public struct APIKey: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    private let value: String

    public init(_ value: String) { self.value = value }

    public func reveal() -> String { value }

    public var description: String { "[redacted]" }
    public var debugDescription: String { "[redacted]" }
    public var customMirror: Mirror { Mirror(self, children: [:]) }

    /// `text` with every occurrence of the key replaced by `[redacted]`: for text the client did
    /// not write itself (OpenPhone's error messages, curl's), which could echo it. Keys shorter
    /// than 8 characters are not real OpenPhone keys (those are 32) and are left alone rather
    /// than mangle every message they happen to occur in.
    func redact(_ text: String) -> String {
        let needle = Array(value.utf8)
        guard needle.count >= 8 else { return text }
        var bytes = Array(text.utf8), index = 0, changed = false
        while index + needle.count <= bytes.count {
            if bytes[index..<(index + needle.count)].elementsEqual(needle) {
                bytes.replaceSubrange(index..<(index + needle.count), with: "[redacted]".utf8)
                index += "[redacted]".utf8.count
                changed = true
            } else {
                index += 1
            }
        }
        return changed ? String(decoding: bytes, as: UTF8.self) : text
    }
}
