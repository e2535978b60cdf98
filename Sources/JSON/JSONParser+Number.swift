// Number literals: exact grammar check first, then conversion.
//
// Plain integers that fit Int64 are accumulated by hand (the hot case for ids
// and counts). Anything with a fraction, an exponent, or too many digits goes
// through Swift's locale-independent Double(String) parser, which is correctly
// rounded; the grammar has already been enforced so it never sees "inf"/"nan"/hex.

extension JSONParser {
    /// Parses the number starting at `pos` (a '-' or a digit).
    mutating func parseNumber() throws(JSONParseError) -> JSONValue {
        let start = pos
        var i = pos
        let negative = bytes[i] == UInt8(ascii: "-")
        if negative { i += 1 }

        // Integer part: "0" or [1-9][0-9]*.
        guard i < end, Self.isDigit(bytes[i]) else {
            throw JSONParseError(offset: i, reason: "expected digit")
        }
        var magnitude: UInt64 = 0
        var overflowed = false
        if bytes[i] == UInt8(ascii: "0") {
            i += 1
            if i < end, Self.isDigit(bytes[i]) {
                throw JSONParseError(offset: i - 1, reason: "leading zeros are not allowed")
            }
        } else {
            while i < end, Self.isDigit(bytes[i]) {
                let digit = UInt64(bytes[i] &- UInt8(ascii: "0"))
                let (shifted, o1) = magnitude.multipliedReportingOverflow(by: 10)
                let (sum, o2) = shifted.addingReportingOverflow(digit)
                overflowed = overflowed || o1 || o2
                magnitude = sum
                i += 1
            }
        }

        var isInteger = true
        if i < end, bytes[i] == UInt8(ascii: ".") {
            isInteger = false
            i += 1
            guard i < end, Self.isDigit(bytes[i]) else {
                throw JSONParseError(offset: i, reason: "expected digit after '.'")
            }
            while i < end, Self.isDigit(bytes[i]) { i += 1 }
        }
        if i < end, bytes[i] | 0x20 == UInt8(ascii: "e") {
            isInteger = false
            i += 1
            if i < end, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard i < end, Self.isDigit(bytes[i]) else {
                throw JSONParseError(offset: i, reason: "expected digit in exponent")
            }
            while i < end, Self.isDigit(bytes[i]) { i += 1 }
        }
        pos = i

        if isInteger && !overflowed {
            // Negating in UInt64 two's complement covers Int64.min (magnitude 2^63).
            if negative, magnitude <= UInt64(Int64.max) + 1 {
                return .int(Int64(bitPattern: 0 &- magnitude))
            }
            if !negative, magnitude <= UInt64(Int64.max) {
                return .int(Int64(magnitude))
            }
        }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
        // Overflow to ±infinity has no JSON spelling and could not round-trip,
        // so reject it; underflow to 0 / subnormals is fine.
        guard let value = Double(text), value.isFinite else {
            throw JSONParseError(offset: start, reason: "number out of range")
        }
        return .double(value)
    }
}
