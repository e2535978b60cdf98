import PhoneNumbers

/// What one batch search settled, number by number (keys are E.164).
///
/// A number is in exactly one of the three: ``found``, ``notFound`` or ``unresolved``.
/// "Not found" is only ever said when HubSpot's answer was complete; a number whose candidates
/// may be on a page that was not fetched is ``unresolved`` — never reported or cached as absent.
public struct BatchLookupResult: Sendable, Equatable {
    /// The re-verified, newest contact for each number HubSpot has, by E.164.
    public var found: [String: Contact] = [:]
    /// E.164s HubSpot has no contact for, in the order asked.
    public var notFound: [String] = []
    /// Numbers the answer could not settle: more matches than one page holds and none of them
    /// were this number's. Ask again in a smaller batch.
    public var unresolved: [PhoneNumber] = []
    /// Whether the search asked every phone property a single lookup asks (the calculated ones
    /// and the raw E.164 ones). `EQ` groups for two numbers fit only the calculated ones: their
    /// "not found" is good for the store's schedule, not for the cache the single lookup reads.
    public var askedEveryPhoneProperty = true

    public init(found: [String: Contact] = [:], notFound: [String] = [], unresolved: [PhoneNumber] = []) {
        self.found = found
        self.notFound = notFound
        self.unresolved = unresolved
    }
}
