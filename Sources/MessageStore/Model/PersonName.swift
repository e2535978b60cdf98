/// A name fit to show for a customer: never empty, never a phone number, never "Unknown".
///
/// ```swift
/// PersonName("  Ada Lovelace ")?.rawValue   // "Ada Lovelace"
/// PersonName("(902) 555-1234")              // nil: a number is not a name
/// PersonName("unknown")                     // nil
/// PersonName("Bay 123")?.rawValue           // "Bay 123": letters make it a name
/// ```
///
/// A phone number or the literal "Unknown" stored as a name would look like a real name and
/// never be looked up again. Rejecting them here, at the type every naming API takes, makes
/// that impossible.
public struct PersonName: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The name, trimmed of surrounding whitespace.
    public let rawValue: String

    /// The trimmed `raw`, or nil when it is empty, only whitespace, looks like a phone number,
    /// or is some spelling of "Unknown" (`"unknown"`, `"Unknown Unknown"`).
    public init?(rawValue raw: String) {
        let name = TextCleaning.trimmed(raw)
        guard !name.isEmpty, !TextCleaning.isPlaceholder(name), !Self.looksLikePhoneNumber(name) else {
            return nil
        }
        rawValue = name
    }

    /// ``init(rawValue:)`` without the label.
    public init?(_ raw: String) { self.init(rawValue: raw) }

    /// A name read from the database, where only accepted names were ever written.
    init(stored: String) { rawValue = stored }

    public var description: String { rawValue }

    /// True for text made of digits and phone punctuation (`+ ( ) - . /`, spaces), optionally
    /// with an extension marker (`x`, `ext`): `"+1 902 555 1234"`, `"(902) 555-1234 x12"`.
    /// One other letter makes it a name (`"Bay 123"`, `"Rex 4"`).
    static func looksLikePhoneNumber(_ text: String) -> Bool {
        var digits = 0
        var letters = ""
        for character in text {
            if character.isWholeNumber { digits += 1 }
            else if character.isLetter { letters.append(contentsOf: character.lowercased()) }
            else if !(character.isWhitespace || "+()-./#*,".contains(character)) { return false }
        }
        guard digits > 0 else { return false }
        return letters.isEmpty || letters == "x" || letters == "ext"
    }
}

/// Small text helpers without Foundation.
enum TextCleaning {
    /// `text` without leading and trailing whitespace (Unicode's definition).
    static func trimmed(_ text: String) -> String {
        guard let first = text.firstIndex(where: { !$0.isWhitespace }),
              let last = text.lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return String(text[first...last])
    }

    /// Whether every word of `text` is "unknown", in any case: what CRMs and inbox tools write
    /// where they have no name (first and last name both "Unknown" gives two).
    static func isPlaceholder(_ text: String) -> Bool {
        let words = text.split(whereSeparator: \.isWhitespace)
        return !words.isEmpty && words.allSatisfy { $0.lowercased() == "unknown" }
    }

    /// A company name as stored: trimmed, nil when empty or a placeholder.
    static func company(_ text: String?) -> String? {
        guard let text else { return nil }
        let company = trimmed(text)
        return company.isEmpty || isPlaceholder(company) ? nil : company
    }
}
