/// A signed timestamp from a header: its exact text (part of the signed content, so it is never
/// re-rendered) and its value in Unix milliseconds (for the replay window).
struct SignatureTimestamp: Sendable, Equatable {
    let text: String
    let milliseconds: Int64

    /// `webhook-timestamp`: Unix seconds, digits only (no sign, no fraction).
    static func seconds(_ text: Substring) -> SignatureTimestamp? {
        // 15 digits keep seconds × 1000 inside Int64; real values have 10.
        guard let value = digits(text, atMost: 15) else { return nil }
        return SignatureTimestamp(text: String(text), milliseconds: value * 1000)
    }

    /// `openphone-signature`'s timestamp: milliseconds in OpenPhone's published example (13
    /// digits), seconds in some deliveries (10 digits). The unit is decided by the digit count:
    /// 12 or more digits are milliseconds. Either reading of a 11–12 digit value lies decades away
    /// from now, so the replay window rejects it whichever unit is picked.
    static func legacy(_ text: Substring) -> SignatureTimestamp? {
        guard let value = digits(text, atMost: 16) else { return nil }
        let milliseconds = text.utf8.count >= 12 ? value : value * 1000
        return SignatureTimestamp(text: String(text), milliseconds: milliseconds)
    }

    private static func digits(_ text: Substring, atMost limit: Int) -> Int64? {
        guard !text.isEmpty, text.utf8.count <= limit else { return nil }
        var value: Int64 = 0
        for byte in text.utf8 {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int64(byte - UInt8(ascii: "0"))
        }
        return value
    }
}
