import Base
import PhoneNumbers

/// Several phone numbers → their contacts, in ONE HubSpot search request, newest first, as many
/// results as a page holds; then, per number, the same re-verification and choice as a single
/// lookup (``CandidateSelection/best(_:number:region:)``). How the numbers are put in one search
/// is the ``Mode``: `IN` over all of them where a probe showed HubSpot supports it
/// (``InOperatorProbe``), else OR-ed `EQ` groups for a few.
///
/// ```swift
/// let batch = BatchLookup(client: client)
/// let result = try batch.lookup([alice, bob, carol], timeout: 0.5)
/// result.found["+19025550143"]?.name   // "Alice Martin"
/// ```
///
/// The search costs one token of the stack-wide rate gate however many numbers it carries — the
/// point of batching: the conversation list and the background sync resolve up to
/// ``maxNumbers`` numbers for the price of one lookup. No cache here; ``NameResolver`` adds it.
public final class BatchLookup: Sendable {
    /// How several numbers share one search.
    public enum Mode: Sendable, Equatable {
        /// The four phone properties each matched with `IN` over all the numbers
        /// (``PhoneSearch/groups(forBatch:)``): up to ``BatchLookup/maxNumbers`` per search.
        case inOperator
        /// One `EQ` group per number and searchable property (``PhoneSearch/groups(forEquals:)``):
        /// what works wherever `IN` on the calculated properties does not, 2 numbers per search.
        case equalsGroups

        /// Numbers one search carries.
        public var numbersPerSearch: Int {
            switch self {
            case .inOperator: BatchLookup.maxNumbers
            case .equalsGroups: SearchRequest.maxGroups / 2
            }
        }
    }

    public let client: HubSpotClient
    /// Whether `IN` may be used; shared by every batch of this process.
    public let inOperator: InOperatorProbe
    /// Associated companies' names. A memo of its own: ``ContactDirectory`` keeps its memo private.
    private let companies = CompanyNames()

    /// Numbers per search. HubSpot documents no limit on `IN` values in the reference we code
    /// against (unconfirmed; 100 is often quoted), so stay well under it; 25 numbers × up to 4
    /// stored numbers per contact also leaves room in a 200-result page for duplicates.
    public static let maxNumbers = 25
    /// Results per page: HubSpot's maximum. A fuller answer makes numbers unresolved.
    public static let pageLimit = SearchRequest.maxLimit

    public init(client: HubSpotClient, inOperator: InOperatorProbe = InOperatorProbe()) {
        self.client = client
        self.inOperator = inOperator
    }

    /// The mode to batch with now: `IN` only when the probe (asked within `timeout` when it has
    /// no finding) showed it works, else `EQ` groups. Throws when HubSpot could not answer the
    /// probe: then it would not answer a batch either.
    public func mode(timeout: Duration) throws(HubSpotError) -> Mode {
        try inOperator.finding(client: client, timeout: timeout) == .works ? .inOperator : .equalsGroups
    }

    var region: PhoneRegion { client.configuration.defaultRegion }

    /// Looks up `numbers` in one search; duplicates are asked once, and numbers beyond the first
    /// ``Mode/numbersPerSearch`` distinct ones are not asked at all (they come back
    /// ``BatchLookupResult/unresolved``).
    /// `timeout` covers the rate gate's wait, the search and the company names (default: the
    /// configured request timeout). Throws when HubSpot could not answer: then nothing is known
    /// about any of the numbers, and none of them may be called "not found".
    public func lookup(_ numbers: [PhoneNumber], mode: Mode,
                       timeout: Duration? = nil) throws(HubSpotError) -> BatchLookupResult {
        let started = MonotonicTime.now()
        let budget = timeout ?? client.configuration.requestTimeout
        var seen: Set<String> = []
        let distinct = numbers.filter { seen.insert($0.e164).inserted }
        let wanted = Array(distinct.prefix(mode.numbersPerSearch))
        guard !wanted.isEmpty else { return BatchLookupResult() }
        // One number alone gets the single lookup's search, which asks every phone property.
        let groups = wanted.count == 1 ? PhoneSearch.groups(for: wanted[0])
            : mode == .inOperator ? PhoneSearch.groups(forBatch: wanted) : PhoneSearch.groups(forEquals: wanted)
        var search = SearchRequest(filterGroups: groups, limit: Self.pageLimit)
        search.sortNewestFirst = true
        let page = try client.searchContacts(search, timeout: budget)
        // With a next page, a number without a match here may have its match there.
        let complete = page.nextAfter == nil
        var result = BatchLookupResult()
        result.askedEveryPhoneProperty = wanted.count == 1 || mode == .inOperator
        for number in wanted {
            if let object = CandidateSelection.best(page.results, number: number, region: region) {
                // Sorted newest first, so no unseen page holds a newer match than this one.
                result.found[number.e164] = contact(from: object, started: started, budget: budget)
            } else if complete {
                result.notFound.append(number.e164)
            } else {
                result.unresolved.append(number)
            }
        }
        result.unresolved += distinct.dropFirst(mode.numbersPerSearch)
        return result
    }

    /// As ``ContactDirectory``: the associated company's name, fetched only within what is left
    /// of the budget; otherwise the contact's own `company` text.
    private func contact(from object: HubSpotObject, started: MonotonicTime, budget: Duration) -> Contact {
        companies.contact(from: object, client: client, left: MonotonicTime.remaining(of: budget, since: started))
    }
}
