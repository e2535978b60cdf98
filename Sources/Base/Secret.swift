/// A credential (HubSpot token, OpenPhone API key) that cannot leak by accident: it prints as
/// `[redacted]` in logs, errors, string interpolation and `dump()`; only ``reveal()`` gives the
/// value, and only the code that builds an `Authorization` header calls it.
///
/// ```swift
/// let key = Secret("Xy7…")
/// print("using \(key)")      // using [redacted]
/// ```
public struct Secret: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    private let value: String

    public init(_ value: String) { self.value = value }

    public func reveal() -> String { value }

    public var description: String { "[redacted]" }
    public var debugDescription: String { "[redacted]" }
    /// Even `dump()` and reflection see nothing inside.
    public var customMirror: Mirror { Mirror(self, children: [:]) }

    /// `text` with every occurrence of the value replaced by `[redacted]`: for text the code did
    /// not write itself (an upstream's error message, curl's), which could echo it. Values
    /// shorter than 8 characters are left alone rather than mangle every message they happen to
    /// occur in (real tokens and keys are much longer).
    public func redact(_ text: String) -> String {
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
