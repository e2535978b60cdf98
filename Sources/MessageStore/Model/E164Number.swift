/// A phone number as stored: E.164 text such as `"+19025551234"`.
///
/// ```swift
/// let customer = E164Number(phoneNumber.e164)!   // PhoneNumbers.PhoneNumber from the webhook
/// ```
///
/// Only the shape is checked (`+`, a non-zero digit, at most 15 digits in all). The store keys
/// and compares numbers; judging whether one is in service is libphonenumber's job, done once
/// by the caller on the way in. Rows read back are trusted to be in this shape already, so
/// listing a page of conversations costs no parse (a `PhoneNumber(e164:)` would call into
/// libphonenumber for every row) and this library does not link libphonenumber at all.
public struct E164Number: RawRepresentable, Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The E.164 text, for example `"+19025551234"`.
    public let rawValue: String

    /// Accepts `+` followed by 2 to 15 ASCII digits, the first not zero; nil for anything else.
    public init?(rawValue: String) {
        var bytes = rawValue.utf8[...]
        guard bytes.popFirst() == UInt8(ascii: "+"), (2...15).contains(bytes.count),
              bytes.first != UInt8(ascii: "0"),
              bytes.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) })
        else { return nil }
        self.rawValue = rawValue
    }

    /// ``init(rawValue:)`` without the label.
    public init?(_ text: String) { self.init(rawValue: text) }

    /// A value read from the database, where only valid numbers were ever written.
    init(stored: String) { rawValue = stored }

    public var description: String { rawValue }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}
