import Base
import PhoneNumbers

/// The lookups the endpoints offer: one phone number → its contact; a typed query → a page of
/// contacts. Shared by every responder; one instance per process.
///
/// ```swift
/// let directory = ContactDirectory(client: HubSpotClient(configuration: configuration))
/// let contact = try directory.lookup(try PhoneNumber(parsing: "(902) 555-1234", defaultRegion: .us))
/// ```
public final class ContactDirectory: Sendable {
    public let client: HubSpotClient
    private let companies = CompanyNames()

    public init(client: HubSpotClient) { self.client = client }

    var region: PhoneRegion { client.configuration.defaultRegion }

    /// One search request for the number, re-verified; nil when HubSpot has no such contact.
    /// Throws when HubSpot could not answer — which is never reported as "not found".
    /// - Parameter budget: time for everything (rate wait, search, company name); default
    ///   `HUBSPOT_TIMEOUT_MS`.
    public func lookup(_ number: PhoneNumber, budget: Duration? = nil) throws(HubSpotError) -> Contact? {
        let started = MonotonicTime.now()
        let budget = budget ?? client.configuration.requestTimeout
        var search = SearchRequest(filterGroups: PhoneSearch.groups(for: number), limit: 20)
        search.sortNewestFirst = true
        let page = try client.searchContacts(search, timeout: budget)
        guard let object = CandidateSelection.best(page.results, number: number, region: region) else { return nil }
        return contact(from: object, started: started, budget: budget)
    }

    /// The newest contact whose email is `email`, as its primary email or one of its secondary
    /// emails (`hs_additional_emails`): the emails HubSpot refuses to give a second contact.
    /// HubSpot compares emails case-insensitively; every candidate is re-checked, because EQ on
    /// `email` may or may not match secondary emails and CONTAINS_TOKEN matches tokens.
    public func lookup(email: String, budget: Duration? = nil) throws(HubSpotError) -> Contact? {
        let started = MonotonicTime.now()
        var search = SearchRequest(filterGroups: [[.equals("email", email)],
                                                  [.containsToken(Self.additionalEmails, email)]], limit: 10)
        search.properties.append(Self.additionalEmails)
        search.sortNewestFirst = true
        let page: SearchPage
        do {
            page = try client.searchContacts(search, timeout: budget)
        } catch where error.kind == .invalidRequest {
            // The secondary-email group is a best effort (a whole address as a token is HubSpot's
            // to judge); the primary email alone still answers, and a refused create finds the rest.
            search.filterGroups = [[.equals("email", email)]]
            page = try client.searchContacts(search, timeout: budget)
        }
        return Self.holder(of: email, among: page.results).map { contact(from: $0, started: started, budget: budget) }
    }

    static let additionalEmails = "hs_additional_emails"

    /// The first of `objects` whose primary email is `email`, else the first holding it as a
    /// secondary email (HubSpot keeps those as one `;`-separated text).
    static func holder(of email: String, among objects: [HubSpotObject]) -> HubSpotObject? {
        let wanted = email.trimmingWhitespace().lowercased()
        guard !wanted.isEmpty else { return nil }
        if let primary = objects.first(where: { $0["email"]?.trimmingWhitespace().lowercased() == wanted }) {
            return primary
        }
        return objects.first { object in
            (object[additionalEmails] ?? "").split(separator: ";").contains {
                String($0).trimmingWhitespace().lowercased() == wanted
            }
        }
    }

    /// The contact a refused create collided with (``HubSpotError/Kind/alreadyExists``): the one
    /// HubSpot named, else the one whose primary email `email` is (read by key, which does not
    /// wait for the search index), else the one holding it as a secondary email; nil when none
    /// can be found (HubSpot named none and its search has not caught up yet).
    public func existing(after refusal: HubSpotError, email: String?, budget: Duration? = nil) throws(HubSpotError) -> Contact? {
        if let id = refusal.existingID, let named = try contact(id: id, budget: budget) { return named }
        guard let email else { return nil }
        let started = MonotonicTime.now()
        if let keyed = try client.contact(email: email, timeout: budget) {
            return contact(from: keyed, started: started, budget: budget)
        }
        return try lookup(email: email, budget: budget)
    }

    /// The contact with HubSpot id `id`; nil when it does not exist.
    public func contact(id: String, budget: Duration? = nil) throws(HubSpotError) -> Contact? {
        let started = MonotonicTime.now()
        return try client.contact(id: id, timeout: budget).map { contact(from: $0, started: started, budget: budget) }
    }

    /// Creates a contact from HubSpot properties; see ``HubSpotClient/createContact(properties:timeout:)``.
    public func create(properties: [(String, String)], budget: Duration? = nil) throws(HubSpotError) -> Contact {
        let started = MonotonicTime.now()
        return contact(from: try client.createContact(properties: properties, timeout: budget), started: started,
                       budget: budget)
    }

    /// A page of contacts for what a person typed (see ``SearchQuery``).
    public func search(_ query: SearchQuery, limit: Int, after: String?) throws(HubSpotError) -> SearchAnswer {
        let started = MonotonicTime.now()
        var objects: [HubSpotObject] = []
        var next: String? = nil
        if let phone = query.phone, after == nil {
            var search = SearchRequest(filterGroups: PhoneSearch.groups(for: phone), limit: 20)
            search.sortNewestFirst = true
            let page = try client.searchContacts(search)
            objects += CandidateSelection.matches(page.results, number: phone, region: region)
        }
        if query.runsTextSearch || query.runsPartialNumberSearch {
            var search = query.runsTextSearch
                ? SearchRequest(query: query.text, limit: limit, after: after)
                : SearchRequest(filterGroups: PhoneSearch.groups(forDigits: query.digits), limit: limit, after: after)
            search.sortNewestFirst = query.runsPartialNumberSearch
            let page = try client.searchContacts(search)
            let seen = Set(objects.map(\.id))
            objects += page.results.filter { !seen.contains($0.id) }
            next = page.nextAfter
        }
        return SearchAnswer(contacts: objects.map { contact(from: $0, started: started) }, next: next)
    }

    /// The associated company's name is fetched within what is left of the request budget.
    private func contact(from object: HubSpotObject, started: MonotonicTime, budget: Duration? = nil) -> Contact {
        companies.contact(from: object, client: client,
                          left: MonotonicTime.remaining(of: budget ?? client.configuration.requestTimeout, since: started))
    }
}
