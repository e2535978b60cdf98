// Compact UTF-8 encoding. Everything appends into one caller-owned byte
// buffer so a response can be rendered without intermediate Strings.

public extension JSONValue {
    /// Compact UTF-8 JSON bytes, e.g. `["a", 1]` -> `["a",1]`.
    ///
    /// ```swift
    /// let body: [UInt8] = response.encoded()
    /// ```
    func encoded() -> [UInt8] {
        var buffer: [UInt8] = []
        // One up-front reservation covers most small API payloads; past that,
        // append's geometric growth takes over.
        buffer.reserveCapacity(256)
        encode(into: &buffer)
        return buffer
    }

    /// Compact JSON as a `String`, e.g. `{"ok":true}`.
    ///
    /// ```swift
    /// print(value.encodedString())
    /// ```
    func encodedString() -> String {
        String(decoding: encoded(), as: UTF8.self)
    }

    /// Appends the compact JSON encoding to `buffer` (lets callers prepend
    /// headers or batch several values into one allocation).
    ///
    /// ```swift
    /// var out: [UInt8] = Array("data: ".utf8)
    /// value.encode(into: &out)
    /// ```
    func encode(into buffer: inout [UInt8]) {
        switch self {
        case .null:
            appendStatic("null", to: &buffer)
        case .bool(let b):
            appendStatic(b ? "true" : "false", to: &buffer)
        case .int(let i):
            JSONNumberFormatting.append(i, to: &buffer)
        case .double(let d):
            JSONNumberFormatting.append(d, to: &buffer)
        case .string(let s):
            JSONString.appendQuoted(s, to: &buffer)
        case .array(let elements):
            buffer.append(0x5B)  // [
            var first = true
            for element in elements {
                if !first { buffer.append(0x2C) }  // ,
                first = false
                element.encode(into: &buffer)
            }
            buffer.append(0x5D)  // ]
        case .object(let object):
            buffer.append(0x7B)  // {
            var first = true
            for entry in object.entries {
                if !first { buffer.append(0x2C) }
                first = false
                JSONString.appendQuoted(entry.key, to: &buffer)
                buffer.append(0x3A)  // :
                entry.value.encode(into: &buffer)
            }
            buffer.append(0x7D)  // }
        }
    }
}

/// Literal keywords come from StaticString so appending them is a memcpy,
/// not a walk over a String's UTF-8 view.
@inline(__always)
func appendStatic(_ s: StaticString, to buffer: inout [UInt8]) {
    s.withUTF8Buffer { buffer.append(contentsOf: $0) }
}
