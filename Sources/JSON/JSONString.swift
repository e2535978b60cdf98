/// JSON string-literal writing, usable on its own by hand-rolled encoders.
///
/// ```swift
/// var out: [UInt8] = []
/// JSONString.appendQuoted("say \"hi\"\n", to: &out)   // "say \"hi\"\n" (quoted, escaped)
/// ```
public enum JSONString {
    /// Appends `s` as a quoted, escaped JSON string literal.
    ///
    /// Escapes `"`, `\`, control characters below U+0020 (short forms
    /// `\b \f \n \r \t` where they exist, else `\u00xx`), and U+2028/U+2029 so
    /// the output is also safe inside JavaScript source. `/` and other
    /// non-ASCII text pass through as raw UTF-8.
    ///
    /// ```swift
    /// JSONString.appendQuoted("a/é", to: &buffer)   // appends "a/é" with quotes
    /// ```
    public static func appendQuoted(_ s: String, to buffer: inout [UInt8]) {
        // Native Swift strings are always contiguous UTF-8, so this avoids the
        // copy-and-check that the mutating `withUTF8` would cost per string.
        let done: Void? = s.utf8.withContiguousStorageIfAvailable { appendQuoted(utf8: $0, to: &buffer) }
        if done == nil {
            var s = s  // rare: non-contiguous storage; withUTF8 makes it contiguous
            s.withUTF8 { appendQuoted(utf8: $0, to: &buffer) }
        }
    }

    /// Core loop over already-contiguous UTF-8; `String` guarantees it is valid.
    static func appendQuoted(utf8: UnsafeBufferPointer<UInt8>, to buffer: inout [UInt8]) {
        // No reserveCapacity here: Array.reserveCapacity grows to the exact size
        // asked for, so calling it per string would defeat geometric growth and
        // turn large encodes quadratic.
        buffer.append(0x22)
        let n = utf8.count
        var runStart = 0
        var i = 0
        while i < n {
            let b = utf8[i]
            // Common case: bytes that need no escaping are copied later in one
            // bulk append. 0xE2 is the lead byte of U+2028/U+2029, so it needs a look.
            if b >= 0x20 && b != 0x22 && b != 0x5C && b != 0xE2 {
                i += 1
                continue
            }
            if b == 0xE2 {
                if i + 2 < n, utf8[i + 1] == 0x80, utf8[i + 2] == 0xA8 || utf8[i + 2] == 0xA9 {
                    flush(utf8, from: runStart, to: i, into: &buffer)
                    appendUnicodeEscape(0x2000 | UInt16(utf8[i + 2] - 0xA8 + 0x28), to: &buffer)
                    i += 3
                    runStart = i
                } else {
                    i += 1
                }
                continue
            }
            flush(utf8, from: runStart, to: i, into: &buffer)
            appendEscape(for: b, to: &buffer)
            i += 1
            runStart = i
        }
        flush(utf8, from: runStart, to: n, into: &buffer)
        buffer.append(0x22)
    }

    @inline(__always)
    static func flush(_ utf8: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, into buffer: inout [UInt8]) {
        if start < end {
            buffer.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<end]))
        }
    }

    /// Escape for `"`, `\` or a C0 control byte.
    static func appendEscape(for b: UInt8, to buffer: inout [UInt8]) {
        let short: UInt8
        switch b {
        case 0x22: short = 0x22  // "
        case 0x5C: short = 0x5C  // \
        case 0x08: short = 0x62  // b
        case 0x0C: short = 0x66  // f
        case 0x0A: short = 0x6E  // n
        case 0x0D: short = 0x72  // r
        case 0x09: short = 0x74  // t
        default:
            appendUnicodeEscape(UInt16(b), to: &buffer)
            return
        }
        buffer.append(0x5C)
        buffer.append(short)
    }

    /// Appends `\uXXXX` with lowercase hex digits.
    static func appendUnicodeEscape(_ unit: UInt16, to buffer: inout [UInt8]) {
        buffer.append(0x5C)
        buffer.append(0x75)  // u
        for shift in stride(from: 12, through: 0, by: -4) {
            buffer.append(hexDigit(UInt8(truncatingIfNeeded: unit >> UInt16(shift)) & 0xF))
        }
    }

    @inline(__always)
    static func hexDigit(_ d: UInt8) -> UInt8 {
        d < 10 ? 0x30 + d : 0x57 + d  // 0x57 + 10 == "a"
    }
}
