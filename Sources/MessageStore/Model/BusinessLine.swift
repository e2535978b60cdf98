/// Our side of a conversation: the OpenPhone number that sent or received the message, as its
/// `phoneNumberId` (`"PN123abc"`) or its E.164 text.
///
/// The same customer texting two of our lines has two conversations, as in OpenPhone.
/// Use one spelling per line consistently (the webhook's `phoneNumberId` is always present).
public struct BusinessLine: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The identifier, for example `"PNabc123"`.
    public let rawValue: String

    /// Accepts 1 to 64 characters with no whitespace or control characters; nil otherwise.
    public init?(rawValue: String) {
        guard (1...64).contains(rawValue.unicodeScalars.count),
              !rawValue.unicodeScalars.contains(where: {
                  $0.properties.isWhitespace || $0.properties.generalCategory == .control
              })
        else { return nil }
        self.rawValue = rawValue
    }

    /// ``init(rawValue:)`` without the label.
    public init?(_ text: String) { self.init(rawValue: text) }

    init(stored: String) { rawValue = stored }

    public var description: String { rawValue }
}
