import Base
extension HubSpotSignature {
    /// The characters HubSpot decodes in the URL before signing v3, by the two hex digits of
    /// their escape: `%3A %2F %3F %40 %21 %24 %27 %28 %29 %2A %2C %3B`.
    private static let decodedEscapes: [UInt8: UInt8] = [
        0x3A: UInt8(ascii: ":"), 0x2F: UInt8(ascii: "/"), 0x3F: UInt8(ascii: "?"), 0x40: UInt8(ascii: "@"),
        0x21: UInt8(ascii: "!"), 0x24: UInt8(ascii: "$"), 0x27: UInt8(ascii: "'"), 0x28: UInt8(ascii: "("),
        0x29: UInt8(ascii: ")"), 0x2A: UInt8(ascii: "*"), 0x2C: UInt8(ascii: ","), 0x3B: UInt8(ascii: ";"),
    ]

    /// The URL with only HubSpot's 12 listed %-escapes decoded (`%3A %2F %3F %40 %21 %24 %27 %28
    /// %29 %2A %2C %3B`), as v3 signs it. Every other escape (`%20`, `%26`, `%3D`, `%25`, …) stays
    /// as it is. Hex digits match in either case (`%3a` is `%3A`, RFC 3986 §2.1).
    ///
    /// ```swift
    /// HubSpotSignature.normalizedURL("https://x.test/h?src=hs%3Aapp%2Fv3&q=a%20b")
    /// // "https://x.test/h?src=hs:app/v3&q=a%20b"
    /// ```
    ///
    /// Idempotent: a decoded character is never `%` or a hex digit, so no new escape can form.
    public static func normalizedURL(_ url: String) -> String {
        let input = Array(url.utf8)
        guard input.contains(UInt8(ascii: "%")) else { return url }
        var output: [UInt8] = []
        output.reserveCapacity(input.count)
        var index = 0
        while index < input.count {
            if input[index] == UInt8(ascii: "%"), index + 2 < input.count,
               let high = Hex.value(of: input[index + 1]), let low = Hex.value(of: input[index + 2]),
               let decoded = decodedEscapes[high << 4 | low]
            {
                output.append(decoded)
                index += 3
            } else {
                output.append(input[index])
                index += 1
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}
