/// What a HubSpot lookup of a customer number found, for ``MessageStore/recordLookup(_:for:now:retryAfter:)``.
public enum NameLookupOutcome: Sendable, Hashable {
    /// HubSpot has a contact with this number. `name` is nil when the contact has none, in
    /// which case the number is looked up again after the back-off. `hubspotCompanyID`: the
    /// contact's associated company, whose renaming then reaches the conversation.
    case found(name: PersonName?, company: String?, hubspotContactID: String, hubspotCompanyID: String? = nil)
    /// HubSpot has no contact with this number.
    case notFound
    /// The lookup failed (timeout, 429, 5xx): says nothing about the number.
    case error

    /// The `lookup_outcome` column's value.
    var storedValue: String {
        switch self {
        case .found: "found"
        case .notFound: "notFound"
        case .error: "error"
        }
    }
}
