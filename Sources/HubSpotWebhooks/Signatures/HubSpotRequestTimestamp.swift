/// `X-HubSpot-Request-Timestamp`: its exact text (signed as is, never re-rendered) and its value
/// in epoch milliseconds (for the replay window).
struct HubSpotRequestTimestamp: Sendable, Equatable {
    let text: String
    let milliseconds: Int64

    /// Digits only, at most 16 (real values have 13; 16 stays far inside Int64 and inside the
    /// arithmetic of the replay window).
    init?(_ text: String) {
        guard !text.isEmpty, text.utf8.count <= 16 else { return nil }
        var value: Int64 = 0
        for byte in text.utf8 {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int64(byte - UInt8(ascii: "0"))
        }
        self.text = text
        self.milliseconds = value
    }
}
