/// The store's id of a message: stable from the moment it is stored, also for a message sent
/// from here before OpenPhone gave it an id of its own (``StoredMessage/openPhoneID``).
public struct MessageID: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: Int64

    public init(rawValue: Int64) { self.rawValue = rawValue }

    /// `"m_42"`: the form the API shows, so it cannot be mistaken for OpenPhone's `AC…` ids.
    public var description: String { "m_\(rawValue)" }

    /// Reads ``description``'s form.
    public init?(_ text: String) {
        let digits = text.utf8.dropFirst(2)
        guard text.hasPrefix("m_"), (1...18).contains(digits.count),
              digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
              let value = Int64(text.dropFirst(2)), value > 0 else { return nil }
        rawValue = value
    }
}
