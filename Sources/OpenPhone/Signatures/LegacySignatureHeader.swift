import Crypto

/// The parsed `openphone-signature` header: `hmac;1;<timestamp>;<base64 signature>`.
///
/// OpenPhone may send several signatures separated by `,` (during a secret rotation). Each
/// element is normally a full `hmac;1;<timestamp>;<signature>`; an element that is only a
/// signature is read as another signature for the previous element's timestamp, so both
/// readings of the documentation verify.
struct LegacySignatureHeader: Sendable, Equatable {
    struct Entry: Sendable, Equatable {
        let timestamp: SignatureTimestamp
        let signature: [UInt8]
    }

    let entries: [Entry]

    /// Rotation needs two or three; a bound keeps a hostile header from buying many HMACs.
    static let maximumEntries = 16

    init(parsing value: String) throws(WebhookSignatureError) {
        var entries: [Entry] = []
        let elements = value.split(separator: ",", omittingEmptySubsequences: false)
        guard elements.count <= Self.maximumEntries else {
            throw .malformed("openphone-signature carries more than \(Self.maximumEntries) signatures")
        }
        for element in elements {
            let fields = element.trimmingSpaces().split(separator: ";", omittingEmptySubsequences: false)
            switch fields.count {
            case 4:
                guard fields[0] == "hmac" else { throw .malformed("openphone-signature: the scheme must be hmac") }
                guard fields[1] == "1" else { throw .malformed("openphone-signature: only version 1 is supported") }
                guard let timestamp = SignatureTimestamp.legacy(fields[2]) else {
                    throw .malformed("openphone-signature: the timestamp must be Unix seconds or milliseconds")
                }
                entries.append(Entry(timestamp: timestamp, signature: try Self.signature(fields[3])))
            case 1 where !entries.isEmpty && !fields[0].isEmpty:
                entries.append(Entry(timestamp: entries[entries.count - 1].timestamp,
                                     signature: try Self.signature(fields[0])))
            default:
                throw .malformed("openphone-signature must look like hmac;1;<timestamp>;<signature>")
            }
        }
        self.entries = entries
    }

    private static func signature(_ text: Substring) throws(WebhookSignatureError) -> [UInt8] {
        guard !text.isEmpty, let bytes = Base64.decode(text) else {
            throw .malformed("openphone-signature: the signature is not base64")
        }
        return bytes
    }
}

extension Substring {
    /// Without the spaces and tabs HTTP allows around header values and list elements.
    func trimmingSpaces() -> Substring {
        var text = self
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return text
    }
}
