/// Where a conversation's customer name came from, ranked by how much it is trusted.
///
/// `none < openphone < hubspot < manual`: a name is written only by a source ranked at least
/// as high as the current one, so a HubSpot lookup never overwrites what staff typed, and an
/// OpenPhone contact name never overwrites HubSpot's.
public enum NameSource: String, Sendable, Hashable, CaseIterable, Comparable {
    /// No name yet (stored as NULL).
    case none
    /// The name OpenPhone sent with a webhook (from the OpenPhone contact).
    case openphone
    /// The HubSpot contact found for the number.
    case hubspot
    /// Typed by staff.
    case manual

    /// The trust order, 0 for ``none``.
    public var rank: Int {
        switch self {
        case .none: 0
        case .openphone: 1
        case .hubspot: 2
        case .manual: 3
        }
    }

    /// Whether a conversation with a name from this source still wants a HubSpot lookup.
    public var needsLookup: Bool { rank < NameSource.hubspot.rank }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }

    /// Reads the `name_source` column (NULL is ``none``).
    init(stored: String?) {
        self = stored.flatMap(NameSource.init(rawValue:)) ?? .none
    }

    /// The `name_source` column's value: NULL for ``none``.
    var storedValue: SQLValue { self == .none ? .null : .text(rawValue) }

    /// SQL giving the rank of the `name_source` column, built from ``rank`` so the two agree.
    static let rankSQL: String = {
        let cases = allCases.filter { $0 != .none }.map { "WHEN '\($0.rawValue)' THEN \($0.rank)" }
        return "(CASE name_source \(cases.joined(separator: " ")) ELSE 0 END)"
    }()
}
