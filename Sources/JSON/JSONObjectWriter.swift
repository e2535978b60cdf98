/// Writes one JSON object straight into bytes, member by member, for answers rendered on every
/// request: no intermediate ``JSONValue`` tree, one buffer.
///
/// ```swift
/// var writer = JSONObjectWriter()
/// writer.member("found", true)
/// writer.member("name", "Ada")          // "name":"Ada"
/// writer.member("email", nil as String?) // "email":null
/// let bytes = writer.finished()          // {"found":true,"name":"Ada","email":null}
/// ```
/// Member names are the caller's constants and are written as given (no escaping).
public struct JSONObjectWriter {
    private var bytes: [UInt8]
    private var empty = true

    public init(capacity: Int = 512) {
        bytes = []
        bytes.reserveCapacity(capacity)
        bytes.append(0x7B)  // {
    }

    private mutating func name(_ name: StaticString) {
        if !empty { bytes.append(0x2C) }  // ,
        empty = false
        bytes.append(0x22)
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(0x22)
        bytes.append(0x3A)  // :
    }

    public mutating func member(_ name: StaticString, _ value: String?) {
        self.name(name)
        if let value { JSONString.appendQuoted(value, to: &bytes) } else { appendStatic("null", to: &bytes) }
    }

    public mutating func member(_ name: StaticString, _ value: Bool) {
        self.name(name)
        appendStatic(value ? "true" : "false", to: &bytes)
    }

    public mutating func member(_ name: StaticString, _ value: Double) {
        self.name(name)
        JSONNumberFormatting.append(value, to: &bytes)
    }

    /// Every member of `object`, in its order (names escaped: they are the caller's data).
    public mutating func members(of object: JSONObject) {
        for entry in object.entries {
            if !empty { bytes.append(0x2C) }
            empty = false
            JSONString.appendQuoted(entry.key, to: &bytes)
            bytes.append(0x3A)
            entry.value.encode(into: &bytes)
        }
    }

    /// A string member from ASCII bytes the caller formatted (a timestamp, say): quoted as given,
    /// so only for text that needs no escaping.
    public mutating func member(_ name: StaticString, ascii body: (inout [UInt8]) -> Void) {
        self.name(name)
        bytes.append(0x22)
        body(&bytes)
        bytes.append(0x22)
    }

    /// A member whose value is JSON rendered earlier (by another writer), copied as it is; `nil`
    /// writes `null`.
    public mutating func member(_ name: StaticString, json: [UInt8]?) {
        self.name(name)
        if let json { bytes.append(contentsOf: json) } else { appendStatic("null", to: &bytes) }
    }

    /// The object's bytes, closed.
    public consuming func finished() -> [UInt8] {
        bytes.append(0x7D)  // }
        return bytes
    }
}
