/// The two sets of defaults for ``AccountBehaviour``: `fast` (answers at once, forgiving; what
/// most tests want) and `realistic` (HubSpot's latency, limits and quirks, to prove a client
/// against the service as it is).
public enum EmulatorProfile: String, Sendable, CaseIterable {
    case fast, realistic
}

/// Where the calculated phone properties read a number typed without a country code.
public enum PhoneRegionSource: String, Sendable, CaseIterable {
    /// The account's default region for every contact (only the searchable national numbers are
    /// computed).
    case account
    /// The contact's `hs_country_region_code`, else the account's region, as HubSpot does; also
    /// fills `hs_calculated_phone_number` / `_mobile_number` (E.164) and
    /// `hs_calculated_phone_number_country_code`.
    case contact
}

/// What `IN` does on the calculated phone properties (type `phone_number`), whose support
/// HubSpot does not document.
public enum CalculatedPhoneIN: String, Sendable, CaseIterable {
    /// Matches like on any string property.
    case works
    /// 400 VALIDATION_ERROR naming the operator and property.
    case refused = "400"
    /// 200 with nothing matched.
    case empty

    /// The properties this applies to.
    static let properties: Set<String> = [
        "hs_searchable_calculated_phone_number", "hs_searchable_calculated_mobile_number",
        "hs_calculated_phone_number", "hs_calculated_mobile_number",
    ]
}

/// How create answers an email another contact already has.
public enum DuplicateEmailAnswer: String, Sendable, CaseIterable {
    /// Always 409 CONFLICT `Contact already exists. Existing ID: n`.
    case conflict = "409"
    /// Always 400 VALIDATION_ERROR naming the existing record.
    case validation = "400"
    /// HubSpot's observed mix: 409 for another contact's primary email, 400 when the email is
    /// another contact's `hs_additional_emails`.
    case hubspot
}

/// The emulated account's behaviour beyond injected faults: latency, the calculated phone
/// properties, `IN` on them, the non-search rate limit, `Retry-After`, duplicate answers, the
/// communications index lag and labels, merges, and how webhooks misbehave.
/// Starts from a profile; each setting can then be changed on the command line, in the
/// environment or through `POST /__emulator/behaviour`.
///
/// ```swift
/// var behaviour = AccountBehaviour(profile: .realistic)
/// behaviour.calculatedPhoneIN = .empty     // the silent-miss case
/// ```
public struct AccountBehaviour: Sendable, Equatable {
    /// Latency added to every answered API call (rate-limit refusals excepted).
    public var latency: LatencyDistribution = .none
    /// Seed of the generator latencies are drawn from.
    public var randomSeed: UInt64 = 1
    public var phoneRegion: PhoneRegionSource = .account
    public var calculatedPhoneIN: CalculatedPhoneIN = .works
    /// Non-search calls admitted per token in any rolling 10 s; 0 is unlimited. HubSpot: 100
    /// (Free/Starter private apps), 190 (Professional/Enterprise).
    public var tenSecondlyLimit = 0
    /// Whether 429s from the rate limits carry `Retry-After` (HubSpot's practice is unconfirmed).
    public var retryAfter = false
    public var duplicateEmail: DuplicateEmailAnswer = .conflict
    /// How long a new communication takes to reach search (HubSpot: "a few moments"), so a
    /// lost-response check that searches at once can see nothing.
    public var communicationIndexLagMs = 0
    /// Whether the association labels list a portal's own USER_DEFINED label before the
    /// unlabeled HUBSPOT_DEFINED type, as a customised portal does.
    public var userDefinedLabels = false
    /// Percent of webhook deliveries sent a second time (HubSpot delivers at least once).
    public var webhookDuplicatePercent = 0
    /// Whether the events of a delivery come in shuffled order (HubSpot does not keep order).
    public var webhookReorder = false
    /// Whether a merge makes a new contact id (HubSpot's `newObjectId`) instead of keeping the
    /// primary's.
    public var mergeCreatesNewID = false

    public init() {}

    public init(profile: EmulatorProfile) {
        switch profile {
        case .fast:
            self.init()
        case .realistic:
            self.init()
            latency = LatencyDistribution(medianMs: 250, p99Ms: 1000)
            phoneRegion = .contact
            // Undocumented either way; `works` is the likeliest answer and keeps the other
            // suites meaningful, while `400` and `empty` are set where a test is about them.
            calculatedPhoneIN = .works
            tenSecondlyLimit = 100
            // Without it the client has to pick its own back-off, the harder of the two cases.
            retryAfter = false
            duplicateEmail = .hubspot
            communicationIndexLagMs = 2000
            userDefinedLabels = true
            webhookDuplicatePercent = 5
            webhookReorder = true
        }
    }
}
