// String literals: UTF-8 validation, escape decoding, control-character rejection.
//
// Two paths: strings without backslashes (the vast majority) are validated in
// place and turned into a String straight from the input bytes; only when an
// escape appears do we copy into the reusable scratch buffer.

extension JSONParser {
    /// Parses the string starting at the opening quote at `pos`.
    mutating func parseString() throws(JSONParseError) -> String {
        let open = pos
        var i = pos + 1
        while i < end {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                pos = i + 1
                return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[(open + 1)..<i]), as: UTF8.self)
            }
            if b == UInt8(ascii: "\\") {
                return try parseEscapedString(open: open, firstEscape: i)
            }
            if b < 0x20 { throw rawControl(at: i) }
            i = b < 0x80 ? i + 1 : try validateUTF8Sequence(at: i)
        }
        throw JSONParseError(offset: open, reason: "unterminated string")
    }

    /// Slow path: copies unescaped runs and decoded escapes into `scratch`.
    private mutating func parseEscapedString(open: Int, firstEscape: Int) throws(JSONParseError) -> String {
        scratch.removeAll(keepingCapacity: true)
        var runStart = open + 1
        var i = firstEscape
        while i < end {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                scratch.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[runStart..<i]))
                pos = i + 1
                return String(decoding: scratch, as: UTF8.self)
            }
            if b == UInt8(ascii: "\\") {
                scratch.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[runStart..<i]))
                i = try decodeEscape(at: i, open: open)
                runStart = i
                continue
            }
            if b < 0x20 { throw rawControl(at: i) }
            i = b < 0x80 ? i + 1 : try validateUTF8Sequence(at: i)
        }
        throw JSONParseError(offset: open, reason: "unterminated string")
    }

    /// Decodes the escape whose backslash is at `i` into `scratch`; returns the index after it.
    private mutating func decodeEscape(at i: Int, open: Int) throws(JSONParseError) -> Int {
        guard i + 1 < end else { throw JSONParseError(offset: open, reason: "unterminated string") }
        let decoded: UInt8
        switch bytes[i + 1] {
        case UInt8(ascii: "\""): decoded = 0x22
        case UInt8(ascii: "\\"): decoded = 0x5C
        case UInt8(ascii: "/"): decoded = 0x2F
        case UInt8(ascii: "b"): decoded = 0x08
        case UInt8(ascii: "f"): decoded = 0x0C
        case UInt8(ascii: "n"): decoded = 0x0A
        case UInt8(ascii: "r"): decoded = 0x0D
        case UInt8(ascii: "t"): decoded = 0x09
        case UInt8(ascii: "u"):
            return try decodeUnicodeEscape(at: i)
        default:
            throw JSONParseError(offset: i, reason: "invalid escape sequence")
        }
        scratch.append(decoded)
        return i + 2
    }

    /// `\uXXXX`, pairing a high surrogate with the `\uXXXX` low surrogate that
    /// must follow it; unpaired surrogates are rejected because they cannot be
    /// represented in a Swift String (they would silently become U+FFFD).
    private mutating func decodeUnicodeEscape(at i: Int) throws(JSONParseError) -> Int {
        let unit = try hex4(at: i + 2, escapeAt: i)
        let scalar: UInt32
        var next = i + 6
        switch unit {
        case 0xD800...0xDBFF:
            guard next + 1 < end, bytes[next] == UInt8(ascii: "\\"), bytes[next + 1] == UInt8(ascii: "u") else {
                throw JSONParseError(offset: i, reason: "lone surrogate in \\u escape")
            }
            let low = try hex4(at: next + 2, escapeAt: next)
            guard (0xDC00...0xDFFF).contains(low) else {
                throw JSONParseError(offset: i, reason: "lone surrogate in \\u escape")
            }
            scalar = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
            next += 6
        case 0xDC00...0xDFFF:
            throw JSONParseError(offset: i, reason: "lone surrogate in \\u escape")
        default:
            scalar = unit
        }
        appendUTF8(scalar)
        return next
    }

    /// Four hex digits at `j`; errors point at the escape's backslash.
    private func hex4(at j: Int, escapeAt escape: Int) throws(JSONParseError) -> UInt32 {
        guard j + 4 <= end else { throw JSONParseError(offset: escape, reason: "invalid \\u escape") }
        var value: UInt32 = 0
        for k in j..<(j + 4) {
            let b = bytes[k]
            let digit: UInt8
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = b - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = b - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = b - UInt8(ascii: "A") + 10
            default: throw JSONParseError(offset: escape, reason: "invalid \\u escape")
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    /// Encodes a scalar (never a surrogate, by construction) as UTF-8 into `scratch`.
    private mutating func appendUTF8(_ s: UInt32) {
        switch s {
        case 0..<0x80:
            scratch.append(UInt8(s))
        case 0x80..<0x800:
            scratch.append(UInt8(0xC0 | s >> 6))
            scratch.append(UInt8(0x80 | s & 0x3F))
        case 0x800..<0x10000:
            scratch.append(UInt8(0xE0 | s >> 12))
            scratch.append(UInt8(0x80 | s >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | s & 0x3F))
        default:
            scratch.append(UInt8(0xF0 | s >> 18))
            scratch.append(UInt8(0x80 | s >> 12 & 0x3F))
            scratch.append(UInt8(0x80 | s >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | s & 0x3F))
        }
    }

    /// Validates one multi-byte sequence starting at `i` per Unicode Table 3-7
    /// (no overlongs, no UTF-8-encoded surrogates, nothing above U+10FFFF);
    /// returns the index after it. Errors point at the lead byte.
    private func validateUTF8Sequence(at i: Int) throws(JSONParseError) -> Int {
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        let continuationCount: Int
        switch bytes[i] {
        case 0xC2...0xDF: continuationCount = 1
        case 0xE0: continuationCount = 2; low = 0xA0  // below A0 would be overlong
        case 0xE1...0xEC, 0xEE...0xEF: continuationCount = 2
        case 0xED: continuationCount = 2; high = 0x9F  // A0...BF would encode D800...DFFF
        case 0xF0: continuationCount = 3; low = 0x90  // below 90 would be overlong
        case 0xF1...0xF3: continuationCount = 3
        case 0xF4: continuationCount = 3; high = 0x8F  // above 8F would exceed U+10FFFF
        default: throw invalidUTF8(at: i)  // stray continuation, C0/C1 overlong leads, F5...FF
        }
        guard i + continuationCount < end else { throw invalidUTF8(at: i) }
        let second = bytes[i + 1]
        guard second >= low && second <= high else { throw invalidUTF8(at: i) }
        var k = 2
        while k <= continuationCount {
            guard bytes[i + k] & 0xC0 == 0x80 else { throw invalidUTF8(at: i) }
            k += 1
        }
        return i + continuationCount + 1
    }

    private func invalidUTF8(at i: Int) -> JSONParseError {
        JSONParseError(offset: i, reason: "invalid UTF-8")
    }

    private func rawControl(at i: Int) -> JSONParseError {
        JSONParseError(offset: i, reason: "unescaped control character \(hexByte(bytes[i])) in string")
    }
}
