import FastCGI
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
    /// - Parameter budget: seconds for everything (rate wait, search, company name); default
    ///   `HUBSPOT_TIMEOUT_MS`.
    public func lookup(_ number: PhoneNumber, budget: Double? = nil) throws(HubSpotError) -> Contact? {
        let started = MonotonicTime.now()
        let budget = budget ?? client.configuration.requestTimeout
        var search = SearchRequest(filterGroups: PhoneSearch.groups(for: number), limit: 20)
        search.sortNewestFirst = true
        let page = try client.searchContacts(search, timeout: budget)
        guard let object = CandidateSelection.best(page.results, number: number, region: region) else { return nil }
        return contact(from: object, started: started, budget: budget)
    }

    /// The newest contact whose email is `email` (HubSpot compares emails case-insensitively).
    public func lookup(email: String, budget: Double? = nil) throws(HubSpotError) -> Contact? {
        let started = MonotonicTime.now()
        var search = SearchRequest(filterGroups: [[.equals("email", email)]], limit: 10)
        search.sortNewestFirst = true
        let page = try client.searchContacts(search, timeout: budget)
        return page.results.first.map { contact(from: $0, started: started, budget: budget) }
    }

    /// The contact with HubSpot id `id`; nil when it does not exist.
    public func contact(id: String, budget: Double? = nil) throws(HubSpotError) -> Contact? {
        let started = MonotonicTime.now()
        return try client.contact(id: id, timeout: budget).map { contact(from: $0, started: started, budget: budget) }
    }

    /// Creates a contact from HubSpot properties; see ``HubSpotClient/createContact(properties:timeout:)``.
    public func create(properties: [(String, String)], budget: Double? = nil) throws(HubSpotError) -> Contact {
        let started = MonotonicTime.now()
        return contact(from: try client.createContact(properties: properties, timeout: budget), started: started,
                       budget: budget)
    }

    /// A page of contacts for what a person typed (see ``SearchQuery``).
    public func search(_ query: SearchQuery, limit: Int, after: String?) throws(HubSpotError) -> (contacts: [Contact], next: String?) {
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
        return (objects.map { contact(from: $0, started: started) }, next)
    }

    /// The associated company's name is fetched within what is left of the request budget.
    private func contact(from object: HubSpotObject, started: MonotonicTime, budget: Double? = nil) -> Contact {
        var companyName: String? = nil
        if let companyID = object["associatedcompanyid"] {
            let left = (budget ?? client.configuration.requestTimeout) - MonotonicTime.now().seconds(since: started)
            if left > 0.05 { companyName = companies.name(id: companyID, client: client, timeout: left) }
        }
        return Contact(object: object, region: region, companyName: companyName,
                       portalID: client.configuration.portalID)
    }
}
