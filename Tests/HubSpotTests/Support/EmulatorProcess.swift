import Base
import Glibc
import TestSupport
import HTTPClient
import JSON
import SharedCache
@testable import HubSpot

/// A `hubspot-emulator` process (built beside this test bundle) on a free port, with its own
/// temporary directory for its log and a cache file: the real HTTP path, the real search
/// validation, and `/__emulator/…` controls to seed data, inject faults and count calls.
/// (HubSpotTests does not link the emulator library, so it runs as the stack runs it.)
final class EmulatorProcess {
    let baseURL: String
    let directory: TemporaryDirectory
    private let process: ChildProcess
    private let http = HTTPClient()

    init(contacts: [JSONValue] = [], companies: [JSONValue] = []) throws {
        directory = TemporaryDirectory(prefix: "hubspot-batch")
        let log = directory.file("emulator.log")
        process = ChildProcess.spawn(executable: ChildProcess.siblingExecutable("hubspot-emulator"),
                                     arguments: ["--listen", "127.0.0.1:0", "--search-rate", "0", "--default-region", "US"],
                                     environment: ["LOG_LEVEL": "warning"], inheritEnvironment: false, log: log)
        var port: String? = nil
        waitUntil(timeout: 5) {
            port = Self.listeningPort(in: readTextFile(log))
            return port != nil
        }
        guard let port else { throw EmulatorError(message: "the emulator did not start: \(readTextFile(log))") }
        baseURL = "http://127.0.0.1:\(port)"
        if !contacts.isEmpty || !companies.isEmpty { try seed(contacts, companies: companies) }
    }

    deinit {
        process.kill()
        process.wait()
        directory.remove()
    }

    /// Replaces the emulator's data (counters and faults are kept).
    func seed(_ contacts: [JSONValue], companies: [JSONValue] = []) throws {
        try control("POST", "/__emulator/seed", ["contacts": .array(contacts), "companies": .array(companies)])
    }

    /// Injected misbehaviour, e.g. `["status": 500, "endpoint": "search"]`.
    func fault(_ settings: JSONValue) throws { try control("POST", "/__emulator/faults", settings) }

    func clearFaults() throws { try control("DELETE", "/__emulator/faults", nil) }

    /// Changes how the account behaves, e.g. `["calculatedPhoneIN": "400"]` (see the emulator's
    /// `/__emulator/behaviour`).
    func behave(_ settings: JSONValue) throws { try control("POST", "/__emulator/behaviour", settings) }

    /// Search requests the emulator received, whatever it answered.
    var searches: Int { get throws { Int(try stats()["calls"]?["search"]?.intValue ?? -1) } }

    /// The bodies of the last searches, oldest first.
    var recentSearches: [JSONValue] { get throws { try stats()["recentSearches"]?.arrayValue ?? [] } }

    func stats() throws -> JSONValue { try control("GET", "/__emulator/stats", nil) }

    /// A client and cache file of the stack's shape (the rate gate in the cache file) pointed at
    /// this emulator. `rate` is the stack-wide search rate.
    func stack(rate: Double = 1000, burst: Double = 1000, timeoutMilliseconds: Int = 2000) throws
        -> (cache: ContactCache, client: HubSpotClient)
    {
        let environment = Environment([
            "HUBSPOT_ACCESS_TOKEN": "emulator-token", "HUBSPOT_BASE_URL": baseURL,
            "HUBSPOT_TIMEOUT_MS": String(timeoutMilliseconds), "HUBSPOT_PORTAL_ID": "123",
            "CONTACTS_CACHE_FILE": directory.file("contacts.cache"),
        ])
        var settings = try CacheSettings(environment: environment)
        settings.layout = CacheLayout(slotCount: 1024, slotSize: 4096)
        settings.searchRate = rate
        settings.searchBurst = burst
        let cache = try ContactCache(settings: settings)
        let client = HubSpotClient(configuration: try HubSpotConfiguration(environment: environment),
                                   searchGate: StackRateGate(cache: cache.file, requestClass: .search, rate: rate, burst: burst))
        return (cache, client)
    }

    @discardableResult
    private func control(_ method: String, _ path: String, _ body: JSONValue?) throws -> JSONValue {
        let response = try http.send(HTTPClientRequest(method: method, url: baseURL + path,
                                                       headers: [("Content-Type", "application/json")],
                                                       body: body?.encoded()), timeout: .seconds(5))
        guard response.status == 200 else {
            throw EmulatorError(message: "\(method) \(path): \(response.status) \(String(decoding: response.body, as: UTF8.self))")
        }
        return try JSONValue(parsing: response.body)
    }

    // MARK: - Process plumbing

    private static func listeningPort(in log: String) -> String? {
        let marker = "listening on http://127.0.0.1:"
        guard let range = log.firstRange(of: marker) else { return nil }
        let digits = log[range.upperBound...].prefix { $0.isNumber }
        return digits.isEmpty ? nil : String(digits)
    }
}

struct EmulatorError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// A seed contact: `{"id": id, "properties": {…}}`, modified at `modified`.
func contact(_ id: Int, phone: String? = nil, mobile: String? = nil, first: String? = nil, last: String? = nil,
             company: String? = nil, companyID: String? = nil, modified: String = "2026-01-01T00:00:00Z") -> JSONValue {
    var properties: JSONObject = ["lastmodifieddate": .string(modified)]
    if let phone { properties["phone"] = .string(phone) }
    if let mobile { properties["mobilephone"] = .string(mobile) }
    if let first { properties["firstname"] = .string(first) }
    if let last { properties["lastname"] = .string(last) }
    if let company { properties["company"] = .string(company) }
    if let companyID { properties["associatedcompanyid"] = .string(companyID) }
    return ["id": .string(String(id)), "properties": .object(properties)]
}
