/// The E.164 check OpenPhone applies to `to` and to a `from` given as a number: `+`, a non-zero
/// first digit, 8 to 15 digits in all, nothing else (no spaces, no punctuation).
///
/// ```swift
/// E164.isValid("+19025550100")    // true
/// E164.isValid("9025550100")      // false: no +
/// E164.isValid("+1 902 555 0100") // false: spaces
/// ```
///
/// It checks the shape, not whether the number exists: the emulator has no numbering plan.
enum E164 {
    static func isValid(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count >= 9, bytes.count <= 16, bytes[0] == UInt8(ascii: "+"),
              bytes[1] != UInt8(ascii: "0") else { return false }
        return bytes.dropFirst().allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }

    /// `(902) 555-0100` for a North American number, the number itself otherwise (OpenPhone's
    /// `formattedNumber`).
    static func formatted(_ number: String) -> String {
        let digits = Array(number.utf8.dropFirst())
        guard number.hasPrefix("+1"), digits.count == 11 else { return number }
        let text = String(decoding: digits.dropFirst(), as: UTF8.self)
        let area = text.prefix(3), exchange = text.dropFirst(3).prefix(3), line = text.suffix(4)
        return "(\(area)) \(exchange)-\(line)"
    }
}
