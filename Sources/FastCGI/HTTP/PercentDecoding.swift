import Base

/// Percent-decoding for URL paths and query strings (RFC 3986, plus `+` as space in queries).
enum PercentDecoding {
    /// Decodes `%XX` escapes; `plusAsSpace` applies the form encoding used in query strings.
    /// Returns nil when an escape is malformed or the result is not valid UTF-8, so callers can
    /// answer 400 instead of guessing.
    static func decode<S: StringProtocol>(_ text: S, plusAsSpace: Bool) -> String? {
        // Most paths and queries have nothing to decode: answer without copying.
        guard text.utf8.contains(where: { $0 == 37 || (plusAsSpace && $0 == 43) }) else { return String(text) }
        let utf8 = Array(text.utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var index = 0
        while index < utf8.count {
            let byte = utf8[index]
            if byte == 37 {  // '%'
                guard index + 2 < utf8.count,
                      let high = Hex.value(of: utf8[index + 1]), let low = Hex.value(of: utf8[index + 2])
                else { return nil }
                bytes.append(high << 4 | low)
                index += 3
            } else {
                bytes.append(plusAsSpace && byte == 43 ? 32 : byte)
                index += 1
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
