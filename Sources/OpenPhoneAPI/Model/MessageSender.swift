/// The line a message goes out from, as OpenPhone's `from` accepts it: the line's id (`PN…`) or
/// its number in E.164.
///
/// ```swift
/// MessageSender("PNabc123")      // .line("PNabc123")
/// MessageSender("+15555550100")  // .number("+15555550100")
/// MessageSender("555-0100")      // nil: neither form
/// ```
public enum MessageSender: Sendable, Equatable, CustomStringConvertible {
    /// A phone number id, `PN` followed by letters and digits.
    case line(String)
    /// An E.164 number: `+` and 8 to 15 digits.
    case number(String)

    /// Reads either form; nil for anything else (no guessing at national formats).
    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        if bytes.count > 2, bytes.count <= 64, text.hasPrefix("PN"),
           bytes.dropFirst(2).allSatisfy({ Self.isLetterOrDigit($0) }) {
            self = .line(text)
        } else if Self.isE164(text) {
            self = .number(text)
        } else {
            return nil
        }
    }

    /// What goes into the request's `from`.
    public var wireValue: String {
        switch self {
        case .line(let id): id
        case .number(let number): number
        }
    }

    public var description: String { wireValue }

    /// `+` then 8 to 15 digits, the first not 0: the shape OpenPhone accepts in `to` and `from`.
    public static func isE164(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.first == UInt8(ascii: "+"), (9...16).contains(bytes.count), bytes[1] != UInt8(ascii: "0") else {
            return false
        }
        return bytes.dropFirst().allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }

    private static func isLetterOrDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
            || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }
}
