/// Base64 with the standard alphabet of RFC 4648 §4 (`A–Z a–z 0–9 + /`), as pure functions.
///
/// ```swift
/// Base64.encode(Array("foob".utf8))  // "Zm9vYg=="
/// Base64.decode("Zm9vYg")            // [0x66, 0x6f, 0x6f, 0x62] — padding is optional
/// Base64.decode("Zm9v YmFy")         // nil — strict: no whitespace, no URL alphabet
/// ```
///
/// Decoding is strict because its inputs are signatures and secrets: anything that is not
/// canonical base64 (a stray character, a lone trailing symbol, misplaced `=`, non-zero
/// leftover bits) is `nil` rather than a guess.
public enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Encodes with `=` padding, as OpenPhone and Standard Webhooks send signatures.
    public static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index + 3 <= bytes.count {
            let group = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
            out += [symbol(group >> 18), symbol(group >> 12), symbol(group >> 6), symbol(group)]
            index += 3
        }
        switch bytes.count - index {
        case 1:
            let group = UInt32(bytes[index]) << 16
            out += [symbol(group >> 18), symbol(group >> 12), UInt8(ascii: "="), UInt8(ascii: "=")]
        case 2:
            let group = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8
            out += [symbol(group >> 18), symbol(group >> 12), symbol(group >> 6), UInt8(ascii: "=")]
        default:
            break
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes padded or unpadded base64; `nil` for anything else. `""` decodes to `[]`.
    public static func decode(_ text: String) -> [UInt8]? {
        decode(utf8: Array(text.utf8))
    }

    /// Decodes base64 held in a slice of a header value without copying it into a `String` first.
    public static func decode(_ text: Substring) -> [UInt8]? {
        decode(utf8: Array(text.utf8))
    }

    static func decode(utf8 input: [UInt8]) -> [UInt8]? {
        var length = input.count
        // Up to two `=` at the very end; when present, the whole text must be whole quads.
        var padding = 0
        while length > 0, padding < 2, input[length - 1] == UInt8(ascii: "=") {
            length -= 1
            padding += 1
        }
        if padding > 0, input.count % 4 != 0 { return nil }
        // One symbol carries only 6 bits: a lone trailing symbol cannot be a byte.
        if length % 4 == 1 { return nil }

        var out: [UInt8] = []
        out.reserveCapacity(length * 3 / 4)
        var accumulator: UInt32 = 0
        var bits = 0
        for index in 0..<length {
            guard let value = value(of: input[index]) else { return nil }
            accumulator = accumulator << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
                accumulator &= (1 << UInt32(bits)) - 1
            }
        }
        // Canonical encodings leave the unused low bits zero; anything else is a different text
        // for the same bytes, which a strict decoder refuses.
        if accumulator != 0 { return nil }
        return out
    }

    private static func symbol(_ sextet: UInt32) -> UInt8 { alphabet[Int(sextet & 0x3f)] }

    private static func value(of symbol: UInt8) -> UInt8? {
        switch symbol {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return symbol - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return symbol - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return symbol - UInt8(ascii: "0") + 52
        case UInt8(ascii: "+"): return 62
        case UInt8(ascii: "/"): return 63
        default: return nil
        }
    }
}
