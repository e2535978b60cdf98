/// Strict RFC 8259 recursive-descent parser over raw bytes.
///
/// Works on byte offsets into an `UnsafeRawBufferPointer` (no `Character`
/// iteration, no copying of the input). Strings and numbers live in
/// their own files; this one holds structure: values, arrays, objects,
/// literals, whitespace and error construction.
struct JSONParser {
    let bytes: UnsafeRawBufferPointer
    let end: Int
    let maxDepth: Int
    var pos = 0
    var depth = 0
    /// Reused across escaped strings so decoding `\n`-heavy text does not
    /// allocate a fresh buffer per string.
    var scratch: [UInt8] = []

    init(bytes: UnsafeRawBufferPointer, maxDepth: Int) {
        self.bytes = bytes
        self.end = bytes.count
        self.maxDepth = maxDepth
    }

    /// Parses exactly one value, surrounded only by optional whitespace.
    static func parse(_ bytes: UnsafeRawBufferPointer, limits: JSONParseLimits) throws(JSONParseError) -> JSONValue {
        guard bytes.count <= limits.maxBytes else {
            throw JSONParseError(offset: limits.maxBytes, reason: "input larger than \(limits.maxBytes) bytes")
        }
        guard bytes.count > 0 else {
            throw JSONParseError(offset: 0, reason: "empty input")
        }
        var parser = JSONParser(bytes: bytes, maxDepth: limits.maxDepth)
        parser.skipWhitespace()
        let value = try parser.parseValue()
        parser.skipWhitespace()
        guard parser.pos == parser.end else {
            throw JSONParseError(offset: parser.pos, reason: "trailing characters after the value")
        }
        return value
    }

    // MARK: - Values

    mutating func parseValue() throws(JSONParseError) -> JSONValue {
        guard pos < end else { throw endOfInput() }
        switch bytes[pos] {
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw unexpected(at: pos)
        }
    }

    mutating func parseArray() throws(JSONParseError) -> JSONValue {
        try enterNesting()
        pos += 1  // [
        skipWhitespace()
        var elements: [JSONValue] = []
        if pos < end, bytes[pos] == UInt8(ascii: "]") {
            pos += 1
            depth -= 1
            return .array(elements)
        }
        while true {
            elements.append(try parseValue())
            skipWhitespace()
            guard pos < end else { throw endOfInput() }
            switch bytes[pos] {
            case UInt8(ascii: ","):
                pos += 1
                skipWhitespace()
            case UInt8(ascii: "]"):
                pos += 1
                depth -= 1
                return .array(elements)
            default:
                throw JSONParseError(offset: pos, reason: "expected ',' or ']' after array element")
            }
        }
    }

    mutating func parseObject() throws(JSONParseError) -> JSONValue {
        try enterNesting()
        pos += 1  // {
        skipWhitespace()
        var object = JSONObject()
        if pos < end, bytes[pos] == UInt8(ascii: "}") {
            pos += 1
            depth -= 1
            return .object(object)
        }
        while true {
            guard pos < end else { throw endOfInput() }
            guard bytes[pos] == UInt8(ascii: "\"") else {
                throw JSONParseError(offset: pos, reason: "expected '\"' to begin an object key")
            }
            let key = try parseString()
            skipWhitespace()
            guard pos < end else { throw endOfInput() }
            guard bytes[pos] == UInt8(ascii: ":") else {
                throw JSONParseError(offset: pos, reason: "expected ':' after object key")
            }
            pos += 1
            skipWhitespace()
            // Duplicate keys are legal JSON; last one wins, at the first one's position.
            object.updateValue(try parseValue(), forKey: key)
            skipWhitespace()
            guard pos < end else { throw endOfInput() }
            switch bytes[pos] {
            case UInt8(ascii: ","):
                pos += 1
                skipWhitespace()
            case UInt8(ascii: "}"):
                pos += 1
                depth -= 1
                return .object(object)
            default:
                throw JSONParseError(offset: pos, reason: "expected ',' or '}' after object member")
            }
        }
    }

    /// Matches `true`/`false`/`null` byte by byte so errors point at the first wrong byte.
    mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let expected = literal.utf8Start
        for k in 0..<literal.utf8CodeUnitCount {
            guard pos + k < end else { throw endOfInput() }
            guard bytes[pos + k] == expected[k] else {
                throw JSONParseError(offset: pos + k, reason: "invalid literal (expected '\(literal)')")
            }
        }
        pos += literal.utf8CodeUnitCount
    }

    // MARK: - Helpers

    /// RFC 8259 whitespace only: space, tab, LF, CR (no BOM, no Unicode spaces).
    @inline(__always)
    mutating func skipWhitespace() {
        while pos < end {
            switch bytes[pos] {
            case 0x20, 0x09, 0x0A, 0x0D: pos += 1
            default: return
            }
        }
    }

    /// Depth is checked before descending so hostile `[[[[...` input fails
    /// fast instead of overflowing the stack.
    @inline(__always)
    mutating func enterNesting() throws(JSONParseError) {
        depth += 1
        if depth > maxDepth {
            throw JSONParseError(offset: pos, reason: "nesting deeper than \(maxDepth)")
        }
    }

    @inline(__always)
    static func isDigit(_ b: UInt8) -> Bool {
        b &- UInt8(ascii: "0") < 10
    }

    func endOfInput() -> JSONParseError {
        JSONParseError(offset: end, reason: "unexpected end of input")
    }

    /// Names printable ASCII as a character, anything else as a hex byte, so
    /// messages never embed control characters or broken UTF-8.
    func unexpected(at offset: Int) -> JSONParseError {
        let b = bytes[offset]
        if b > 0x20 && b < 0x7F {
            return JSONParseError(offset: offset, reason: "unexpected character '\(Character(Unicode.Scalar(b)))'")
        }
        return JSONParseError(offset: offset, reason: "unexpected byte \(hexByte(b))")
    }
}

/// `0x0A`-style rendering for error messages.
func hexByte(_ b: UInt8) -> String {
    let digits = Array("0123456789ABCDEF".utf8)
    return "0x" + String(decoding: [digits[Int(b >> 4)], digits[Int(b & 0xF)]], as: UTF8.self)
}
