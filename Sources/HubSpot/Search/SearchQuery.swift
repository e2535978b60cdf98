import Base
import PhoneNumbers

/// What a person typed into the contact search, and which HubSpot searches answer it.
///
/// - Letters present ("John", "Bay 123"): a full-text name search — names with digits included.
/// - Looks like a phone number (7+ digits that parse): also the exact phone lookup, whose match
///   is listed first.
/// - Digits only, 3+ of them, not a valid number ("5551", "555-12"): a partial-number search.
public struct SearchQuery: Sendable, Equatable {
    public let text: String
    public let digits: String
    public let phone: PhoneNumber?

    public static let minimumLength = 2

    public init(_ raw: String, region: PhoneRegion) {
        text = raw.trimmingWhitespace()
        digits = String(text.unicodeScalars.filter { $0.properties.numericType == .decimal }
            .compactMap { $0.properties.numericValue.map { Character(String(Int($0))) } })
        phone = digits.count >= 7 ? try? PhoneNumber(parsing: text, defaultRegion: region, accepting: .possible) : nil
    }

    public var hasLetters: Bool {
        text.unicodeScalars.contains { $0.properties.isAlphabetic }
    }

    /// Run HubSpot's full-text `query`: whenever there are letters, and for digit strings that
    /// are neither a phone number nor a usable partial number.
    public var runsTextSearch: Bool {
        hasLetters || (phone == nil && digits.count < 3)
    }

    /// Run the partial-number search (`CONTAINS_TOKEN` on the searchable phone properties).
    public var runsPartialNumberSearch: Bool {
        !hasLetters && phone == nil && digits.count >= 3
    }
}
