import FastCGI
import HTTPClient
import JSON

/// The HubSpot CRM v3 API, as much of it as the product uses. One instance per process, shared
/// by all threads; connections are reused.
///
/// ```swift
/// let client = HubSpotClient(configuration: try HubSpotConfiguration(environment: .current()))
/// let page = try client.searchContacts(SearchRequest(filterGroups: PhoneSearch.groups(for: number)))
/// ```
public final class HubSpotClient: Sendable {
    public let configuration: HubSpotConfiguration
    private let http: HTTPClient
    private let cooldown = CooldownGate()
    /// What every search request passes first (the stack-wide rate limiter); nil admits all.
    private let searchGate: (any RequestGate)?

    public init(configuration: HubSpotConfiguration, searchGate: (any RequestGate)? = nil) {
        self.configuration = configuration
        self.searchGate = searchGate
        var settings = HTTPClientConfiguration()
        settings.connectTimeout = configuration.connectTimeout
        settings.totalTimeout = configuration.requestTimeout
        settings.caFile = configuration.caFile
        settings.userAgent = "hubspot-fcgi/\(BuildInfo.version)"
        http = HTTPClient(configuration: settings)
    }

    /// `POST /crm/v3/objects/contacts/search`.
    public func searchContacts(_ search: SearchRequest, timeout: Double? = nil) throws(HubSpotError) -> SearchPage {
        try cooldown.check()
        // Waiting for a token may use up to half the budget; the request gets what is left.
        let budget = timeout ?? configuration.requestTimeout
        let started = MonotonicTime.now()
        try searchGate?.admit(maxWait: budget / 2)
        let left = budget - MonotonicTime.now().seconds(since: started)
        // A retry is another search at HubSpot: it takes its own token, or is not made.
        let json = try send("POST", "/crm/v3/objects/contacts/search", body: search.json, timeout: left) { () -> Bool in
            guard let gate = searchGate else { return true }
            return (try? gate.admit(maxWait: max(0, budget - MonotonicTime.now().seconds(since: started)) / 2)) != nil
        }
        return try SearchPage(json: json)
    }

    /// `GET /crm/v3/objects/contacts?limit=1`: the cheapest call that proves the token and the
    /// read scope work (HubSpot's own recommendation for a connection check).
    public func verifyConnection(timeout: Double? = nil) throws(HubSpotError) {
        _ = try send("GET", "/crm/v3/objects/contacts?limit=1", body: nil, timeout: timeout)
    }

    /// `GET /crm/v3/objects/companies/{id}?properties=name`; nil when the company does not exist.
    public func companyName(id: String, timeout: Double? = nil) throws(HubSpotError) -> String? {
        guard id.allSatisfy(\.isNumber), !id.isEmpty else { return nil }
        do {
            let json = try send("GET", "/crm/v3/objects/companies/\(id)?properties=name", body: nil, timeout: timeout)
            return json["properties"]?["name"]?.stringValue
        } catch where error.kind == .invalidResponse && error.status == 404 {
            return nil
        }
    }

    /// `POST /crm/v3/objects/contacts` with `properties` (HubSpot property names → values); the
    /// created contact. Needs the `crm.objects.contacts.write` scope. 409 → ``HubSpotError/existingID``.
    public func createContact(properties: [(String, String)], timeout: Double? = nil) throws(HubSpotError) -> HubSpotObject {
        var values = JSONObject()
        for (name, value) in properties { values[name] = .string(value) }
        let json = try send("POST", "/crm/v3/objects/contacts", body: ["properties": .object(values)], timeout: timeout)
        return try HubSpotObject(json: json)
    }

    /// `GET /crm/v3/objects/contacts/{id}` with the lookup properties; nil when it does not exist.
    public func contact(id: String, timeout: Double? = nil) throws(HubSpotError) -> HubSpotObject? {
        guard id.allSatisfy(\.isNumber), !id.isEmpty else { return nil }
        do {
            let json = try send("GET", "/crm/v3/objects/contacts/\(id)?properties=" + Contact.properties.joined(separator: ","),
                                body: nil, timeout: timeout)
            return try HubSpotObject(json: json)
        } catch where error.kind == .invalidResponse && error.status == 404 {
            return nil
        }
    }

    // MARK: - Transport

    /// - Parameter mayRetry: asked before the one retry of a 5xx or failed connection; false
    ///   (e.g. no rate token in time) answers the first failure instead.
    func send(_ method: String, _ path: String, body: JSONValue?, timeout: Double?,
              mayRetry: () -> Bool = { true }) throws(HubSpotError) -> JSONValue {
        guard let token = configuration.accessToken else { throw .notConfigured }
        try cooldown.check()
        var headers: [(name: String, value: String)] = [("Authorization", "Bearer " + token.reveal()),
                                                        ("Accept", "application/json")]
        if body != nil { headers.append(("Content-Type", "application/json")) }
        let request = HTTPClientRequest(method: method, url: configuration.baseURL + path, headers: headers,
                                        body: body?.encoded())
        let budget = timeout ?? configuration.requestTimeout
        let started = MonotonicTime.now()
        var attempt = 0
        while true {
            attempt += 1
            let remaining = budget - MonotonicTime.now().seconds(since: started)
            guard remaining > 0.01 else { throw .timeout(seconds: budget) }
            let response: HTTPClientResponse
            do {
                response = try http.send(request, timeout: remaining)
            } catch {
                switch error.kind {
                case .timeout: throw .timeout(seconds: budget)
                case .connectFailed:
                    if attempt == 1 && retryPauseFits(budget: budget, started: started) && mayRetry() { continue }
                    throw .unavailable(status: nil, reason: "HubSpot is unreachable (\(error.message))")
                case .tls: throw .unavailable(status: nil, reason: "TLS to HubSpot failed (\(error.message))")
                case .responseTooLarge: throw .invalidResponse("the answer is larger than allowed")
                case .invalidURL: throw .unavailable(status: nil, reason: "HUBSPOT_BASE_URL is not a usable URL")
                case .other: throw .unavailable(status: nil, reason: error.message)
                }
            }
            if response.status == 404 {
                throw HubSpotError(kind: .invalidResponse, message: "HubSpot answered 404", status: 404)
            }
            do {
                return try HubSpotResponse.json(from: response)
            } catch {
                if error.kind == .rateLimited, let wait = error.retryAfter { cooldown.block(for: wait) }
                // HubSpot's own SDK retries 5xx after a short pause; once, and only within budget.
                if error.kind == .unavailable && attempt == 1 && retryPauseFits(budget: budget, started: started)
                    && mayRetry() {
                    continue
                }
                throw error
            }
        }
    }

    private func retryPauseFits(budget: Double, started: MonotonicTime) -> Bool {
        let pause = 0.1
        guard budget - MonotonicTime.now().seconds(since: started) > pause * 3 else { return false }
        sleepSeconds(pause)
        return true
    }
}
