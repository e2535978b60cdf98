/// Number rendering for the encoder. Integers are formatted by hand to avoid
/// a String allocation per number; doubles reuse Swift's shortest round-trip
/// printing, which is already valid JSON for every finite value.
enum JSONNumberFormatting {
    /// Decimal digits of `value`, e.g. `-42` -> `-42`; Int64.min is handled via magnitude.
    static func append(_ value: Int64, to buffer: inout [UInt8]) {
        if value < 0 { buffer.append(0x2D) }  // -
        var magnitude = value.magnitude  // UInt64, so Int64.min does not overflow
        if magnitude < 10 {
            buffer.append(0x30 &+ UInt8(truncatingIfNeeded: magnitude))
            return
        }
        // Digits come out least-significant first; reversing the appended
        // range in place is cheaper than a temporary buffer.
        let start = buffer.count
        while magnitude > 0 {
            let (q, r) = magnitude.quotientAndRemainder(dividingBy: 10)
            buffer.append(0x30 &+ UInt8(truncatingIfNeeded: r))
            magnitude = q
        }
        buffer[start...].reverse()
    }

    /// Shortest round-trip form (`0.5`, `1.0`, `1e+100`, `-0.0`); non-finite
    /// values have no JSON spelling, so they become `null` rather than `inf`/`nan`.
    static func append(_ value: Double, to buffer: inout [UInt8]) {
        guard value.isFinite else {
            appendStatic("null", to: &buffer)
            return
        }
        // Swift's description never emits a leading ".", a trailing "." or
        // "inf"/"nan" for finite values, so it always matches RFC 8259's grammar.
        buffer.append(contentsOf: value.description.utf8)
    }
}
