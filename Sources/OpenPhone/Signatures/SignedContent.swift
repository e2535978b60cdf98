/// The exact bytes each scheme signs. The timestamp and id are used as they appear in the
/// header, and the body as it arrived: re-rendering any of them would break the signature.
enum SignedContent {
    /// Legacy: `<timestamp>.<raw body>`.
    static func legacy(timestamp: String, body: [UInt8]) -> [UInt8] {
        var content = Array(timestamp.utf8)
        content.reserveCapacity(content.count + 1 + body.count)
        content.append(UInt8(ascii: "."))
        content += body
        return content
    }

    /// Standard Webhooks: `<webhook-id>.<webhook-timestamp>.<raw body>`.
    static func standard(id: String, timestamp: String, body: [UInt8]) -> [UInt8] {
        var content = Array(id.utf8)
        content.reserveCapacity(content.count + timestamp.utf8.count + 2 + body.count)
        content.append(UInt8(ascii: "."))
        content += timestamp.utf8
        content.append(UInt8(ascii: "."))
        content += body
        return content
    }
}
