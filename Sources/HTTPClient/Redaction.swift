/// Cuts given strings out of a message. curl's messages describe the transport, not the
/// request, so this should never find anything; it is here so that "never" does not depend on
/// every future curl message staying that way.
enum Redaction {
    /// Values shorter than this are not secrets worth mangling a message for ("1", "json").
    static let shortest = 8

    /// What to keep out of messages for these request headers: each value, and each of its
    /// blank-separated words (the token in "Bearer <token>").
    static func secrets(in headers: [(name: String, value: String)]) -> [String] {
        headers.flatMap { header in
            [header.value] + header.value.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        }
    }

    static func removing(_ secrets: [String], from message: String) -> String {
        var bytes = Array(message.utf8)
        var changed = false
        for secret in secrets where secret.utf8.count >= shortest {
            let needle = Array(secret.utf8)
            var index = 0
            while index + needle.count <= bytes.count {
                if bytes[index..<(index + needle.count)].elementsEqual(needle) {
                    bytes.replaceSubrange(index..<(index + needle.count), with: "[redacted]".utf8)
                    changed = true
                    index += "[redacted]".utf8.count
                } else {
                    index += 1
                }
            }
        }
        return changed ? String(decoding: bytes, as: UTF8.self) : message
    }
}
