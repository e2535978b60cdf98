import Base
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
    private let transport: any HubSpotTransport
    /// One per ``RequestClass``: HubSpot limits searches and other calls separately, so a 429 or
    /// a used-up budget of one never holds up the other.
    private let searches: RequestLane
    private let general: RequestLane

    /// - Parameters:
    ///   - searchGate: what every search passes first (the stack-wide budget and hold-off).
    ///   - generalGate: the same for every other call. nil admits all and shares no hold-off.
    ///   - transport: what carries the requests; nil for an ``HTTPClient`` with the
    ///     configuration's timeouts and CA file.
    public init(configuration: HubSpotConfiguration, searchGate: (any RequestGate)? = nil,
                generalGate: (any RequestGate)? = nil, transport: (any HubSpotTransport)? = nil) {
        self.configuration = configuration
        searches = RequestLane(.search, gate: searchGate)
        general = RequestLane(.general, gate: generalGate)
        self.transport = transport ?? Self.httpClient(for: configuration)
    }

    private static func httpClient(for configuration: HubSpotConfiguration) -> HTTPClient {
        var settings = HTTPClientConfiguration()
        settings.connectTimeout = configuration.connectTimeout
        settings.totalTimeout = configuration.requestTimeout
        settings.caFile = configuration.caFile
        settings.userAgent = "hubspot-fcgi/\(BuildInfo.version)"
        return HTTPClient(configuration: settings)
    }

    /// `POST /crm/v3/objects/contacts/search`.
    public func searchContacts(_ search: SearchRequest, timeout: Duration? = nil) throws(HubSpotError) -> SearchPage {
        let json = try send("POST", "/crm/v3/objects/contacts/search", body: search.json, timeout: timeout, as: .search)
        return try SearchPage(json: json)
    }

    /// `GET /crm/v3/objects/contacts?limit=1`: the cheapest call that proves the token and the
    /// read scope work (HubSpot's own recommendation for a connection check).
    public func verifyConnection(timeout: Duration? = nil) throws(HubSpotError) {
        _ = try send("GET", "/crm/v3/objects/contacts?limit=1", body: nil, timeout: timeout, as: .general)
    }

    /// `GET /crm/v3/objects/companies/{id}?properties=name`; nil when the company does not exist.
    public func companyName(id: String, timeout: Duration? = nil) throws(HubSpotError) -> String? {
        guard id.allSatisfy(\.isNumber), !id.isEmpty else { return nil }
        do {
            let json = try send("GET", "/crm/v3/objects/companies/\(id)?properties=name", body: nil, timeout: timeout,
                                as: .general)
            return json["properties"]?["name"]?.stringValue
        } catch where error.kind == .notFound {
            return nil
        }
    }

    /// `POST /crm/v3/objects/contacts` with `properties` (HubSpot property names → values); the
    /// created contact. Needs the `crm.objects.contacts.write` scope. A duplicate — 409, or a 400
    /// `VALIDATION_ERROR` saying the value is another contact's — throws
    /// ``HubSpotError/Kind/alreadyExists``, with ``HubSpotError/existingID`` when HubSpot named it.
    public func createContact(properties: [(String, String)], timeout: Duration? = nil) throws(HubSpotError) -> HubSpotObject {
        var values = JSONObject()
        for (name, value) in properties { values[name] = .string(value) }
        let json = try send("POST", "/crm/v3/objects/contacts", body: ["properties": .object(values)], timeout: timeout,
                            as: .general)
        return try HubSpotObject(json: json)
    }

    /// `GET /crm/v3/objects/contacts/{email}?idProperty=email` with the lookup properties: the
    /// contact whose email it is, read by key, so without waiting for HubSpot's search index (a
    /// contact created seconds ago is there already); nil when there is none.
    public func contact(email: String, timeout: Duration? = nil) throws(HubSpotError) -> HubSpotObject? {
        let key = Self.pathSegment(email.trimmingWhitespace())
        guard !key.isEmpty else { return nil }
        do {
            let json = try send("GET", "/crm/v3/objects/contacts/\(key)?idProperty=email&properties="
                                    + Contact.properties.joined(separator: ","),
                                body: nil, timeout: timeout, as: .general)
            return try HubSpotObject(json: json)
        } catch where error.kind == .notFound {
            return nil
        }
    }

    /// Text as one URL path segment: every byte but RFC 3986's unreserved ones percent-encoded.
    static func pathSegment(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var bytes: [UInt8] = []
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                 UInt8(ascii: "~"):
                bytes.append(byte)
            default:
                bytes += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 15)]]
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `GET /crm/v3/objects/contacts/{id}` with the lookup properties; nil when it does not exist.
    public func contact(id: String, timeout: Duration? = nil) throws(HubSpotError) -> HubSpotObject? {
        guard id.allSatisfy(\.isNumber), !id.isEmpty else { return nil }
        do {
            let json = try send("GET", "/crm/v3/objects/contacts/\(id)?properties=" + Contact.properties.joined(separator: ","),
                                body: nil, timeout: timeout, as: .general)
            return try HubSpotObject(json: json)
        } catch where error.kind == .notFound {
            return nil
        }
    }

    // MARK: - Transport

    private func lane(_ requestClass: RequestClass) -> RequestLane {
        switch requestClass {
        case .search: searches
        case .general: general
        }
    }

    /// Sends one request of `requestClass`: refused at once while HubSpot's last 429 for the
    /// class holds; otherwise it waits for a token of the class's budget (up to half of
    /// `timeout`) and gets what is left. A 5xx or a failed connection is retried once, and only
    /// with a token of its own: a retry is another request at HubSpot. `retrying: false` for a
    /// create whose repetition would make a second object (a 5xx may come after the commit): it
    /// also goes on a connection of its own, since curl repeats a request on its own when a
    /// kept-alive connection dies after the request was written.
    func send(_ method: String, _ path: String, body: JSONValue?, timeout: Duration?,
              as requestClass: RequestClass, retrying: Bool = true) throws(HubSpotError) -> JSONValue {
        guard let token = configuration.accessToken else { throw .notConfigured }
        let lane = lane(requestClass)
        try lane.checkCooldown()
        let budget = timeout ?? configuration.requestTimeout
        let started = MonotonicTime.now()
        try lane.admit(maxWait: budget / 2)
        let mayRetry = { () -> Bool in
            retrying && (try? lane.admit(maxWait: max(.zero, MonotonicTime.remaining(of: budget, since: started)) / 2)) != nil
        }
        var headers: [(name: String, value: String)] = [("Authorization", "Bearer " + token.reveal()),
                                                        ("Accept", "application/json")]
        if body != nil { headers.append(("Content-Type", "application/json")) }
        let request = HTTPClientRequest(method: method, url: configuration.baseURL + path, headers: headers,
                                        body: body?.encoded(), atMostOnce: !retrying)
        var attempt = 0
        while true {
            attempt += 1
            let remaining = MonotonicTime.remaining(of: budget, since: started)
            guard remaining > .milliseconds(10) else { throw .timeout(after: budget) }
            let response: HTTPClientResponse
            do {
                response = try transport.send(request, timeout: remaining)
            } catch {
                switch error.kind {
                case .timeout: throw .timeout(after: budget)
                case .connectFailed:
                    if attempt == 1 && retryPauseFits(budget: budget, started: started) && mayRetry() { continue }
                    throw .unreachable("HubSpot is unreachable (\(error.message))")
                case .tls: throw .unreachable("TLS to HubSpot failed (\(error.message))")
                case .responseTooLarge: throw .invalidResponse("the answer is larger than allowed")
                case .invalidURL: throw .unreachable("HUBSPOT_BASE_URL is not a usable URL")
                case .other: throw .unavailable(status: nil, reason: error.message)
                }
            }
            do {
                return try HubSpotResponse.json(from: response)
            } catch {
                // Only HubSpot's own 429 (its Retry-After, else its policy's wait) holds the class off.
                if error.kind == .rateLimited, let wait = error.retryAfter { lane.rateLimited(for: wait) }
                // HubSpot's own SDK retries 5xx after a short pause; once, and only within budget.
                if error.kind == .unavailable && attempt == 1 && retryPauseFits(budget: budget, started: started)
                    && mayRetry() {
                    continue
                }
                throw error
            }
        }
    }

    private func retryPauseFits(budget: Duration, started: MonotonicTime) -> Bool {
        let pause = Duration.milliseconds(100)
        guard MonotonicTime.remaining(of: budget, since: started) > pause * 3 else { return false }
        sleepSeconds(pause.inSeconds)
        return true
    }
}
