/// Byte-level ASCII helpers for HTTP's case-insensitive, ASCII-only syntax (header names,
/// methods). `String.lowercased()` would apply Unicode rules, which HTTP does not.
enum ASCII {
    static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }

    static func lowercased(_ text: String) -> String {
        if !text.utf8.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) { return text }
        return String(decoding: text.utf8.map(lowercased), as: UTF8.self)
    }

    /// An RFC 9110 token: what a method or a header name must be.
    static func isToken(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy(isTokenCharacter)
    }

    static func isTokenCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "A")...UInt8(ascii: "Z"):
            true
        default:
            "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }

    /// True for the bytes that would end or split a header line in curl's request.
    static func breaksHeaderLine(_ byte: UInt8) -> Bool {
        byte == 0x0D || byte == 0x0A || byte == 0x00
    }

    static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
}
