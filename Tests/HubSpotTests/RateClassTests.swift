import JSON
import SharedCache
import Testing
@testable import HubSpot

/// HubSpot limits searches (5/s per account) apart from every other call (100 per 10 s per app):
/// a 429 of one class holds off that class only, for HubSpot's Retry-After or, without one, its
/// policy's wait, in every process of the stack; and each class has its own stack-wide budget.
@Suite("429s and budgets by request class")
struct RateClassTests {
    static let company: JSONValue = ["id": "44", "properties": ["name": "Bay Golf Ltd"]]
    static let contact: JSONValue = ["id": "9", "properties": ["firstname": "Ada", "phone": "+19025550177",
                                                               "associatedcompanyid": "44"]]

    func emulator() throws -> EmulatorProcess {
        try EmulatorProcess(contacts: [Self.contact], companies: [Self.company])
    }

    /// A client as a worker process of the stack has it: both classes gated through the shared
    /// rate segment of the emulator's cache file. Each call opens that file anew, so two clients
    /// share nothing but what every process of a stack shares.
    func worker(_ emulator: EmulatorProcess, generalRate: Double = 1000, generalBurst: Double = 1000) throws
        -> HubSpotClient
    {
        let (cache, client) = try emulator.stack()
        return HubSpotClient(configuration: client.configuration,
                             searchGate: StackRateGate(cache: cache.file, requestClass: .search, rate: 1000, burst: 1000),
                             generalGate: StackRateGate(cache: cache.file, requestClass: .general, rate: generalRate,
                                                        burst: generalBurst))
    }

    func calls(_ emulator: EmulatorProcess, _ endpoint: String) throws -> Int64 {
        try emulator.stats()["calls"]?[endpoint]?.intValue ?? -1
    }

    var search: SearchRequest { SearchRequest(filterGroups: [[.equals("phone", "+19025550177")]]) }

    /// The error `body` threw, or nil when it did not throw.
    func failure<T>(_ body: () throws -> T) -> HubSpotError? {
        do {
            _ = try body()
            return nil
        } catch {
            return error as? HubSpotError
        }
    }

    @Test func aCompanyReadsRateLimitDoesNotStopSearches() throws {
        let emulator = try emulator()
        let client = try worker(emulator)
        try emulator.fault(["status": 429, "endpoint": "company", "count": 1, "policyName": "TEN_SECONDLY_ROLLING"])
        #expect(failure { try client.companyName(id: "44") }?.status == 429)

        #expect(try client.searchContacts(search).results.map(\.id) == ["9"])
        // The read class itself holds off, without asking HubSpot again.
        #expect(failure { try client.companyName(id: "44") }?.status == 429)
        #expect(failure { try client.contact(id: "9") }?.status == 429)
        #expect(try calls(emulator, "company") == 1 && calls(emulator, "get") == 0)
    }

    @Test func aSearchRateLimitDoesNotStopReadsOrCreates() throws {
        let emulator = try emulator()
        let client = try worker(emulator)
        try emulator.fault(["status": 429, "endpoint": "search", "count": 1, "policyName": "SECONDLY", "retryAfter": 30])
        #expect(failure { try client.searchContacts(search) }?.status == 429)

        #expect(try client.companyName(id: "44") == "Bay Golf Ltd")
        #expect(try client.contact(id: "9")?.id == "9")
        #expect(try client.createContact(properties: [("firstname", "Grace")]).id.isEmpty == false)
        try client.verifyConnection()
        // Searches hold off, without asking HubSpot again.
        #expect(failure { try client.searchContacts(search) }?.status == 429)
        #expect(try emulator.searches == 1)
    }

    /// What a 429 said (its Retry-After, its policy) → how long its class is held off: Retry-After
    /// when HubSpot sends it; otherwise the policy's own window.
    static let waits: [(fault: JSONObject, seconds: Double)] = [
        (["retryAfter": 7], 7),
        (["policyName": "SECONDLY"], 1),
        (["policyName": "TEN_SECONDLY_ROLLING"], 10),
        (["policyName": "TEN_SECONDLY_ROLLING", "retryAfter": 3], 3),
        (["policyName": "DAILY"], 3600),
    ]

    @Test(arguments: waits)
    func theHoldOffLastsAsLongAsHubSpotSays(fault: JSONObject, seconds: Double) throws {
        let emulator = try emulator()
        let client = try worker(emulator)
        var settings = fault
        settings["status"] = 429
        settings["endpoint"] = "company"
        settings["count"] = 1
        try emulator.fault(.object(settings))
        #expect(failure { try client.companyName(id: "44") }?.retryAfter == seconds)

        let held = failure { try client.companyName(id: "44") }
        #expect(held?.status == 429)
        // What is left of the wait: all of it but the moments since the 429.
        let left = held?.retryAfter ?? 0
        #expect(left <= seconds && left > seconds - 1)
        #expect(try calls(emulator, "company") == 1)
        // Searches were never held off.
        #expect(try client.searchContacts(search).results.count == 1)
    }

    @Test func aHoldOffHoldsInEveryProcessOfTheStack() throws {
        let emulator = try emulator()
        let told = try worker(emulator)
        let other = try worker(emulator)
        try emulator.fault(["status": 429, "endpoint": "company", "count": 1, "policyName": "TEN_SECONDLY_ROLLING"])
        #expect(failure { try told.companyName(id: "44") }?.status == 429)

        // The other process does not ask HubSpot to be told again, and still searches.
        let held = failure { try other.companyName(id: "44") }
        #expect(held?.status == 429 && (held?.retryAfter ?? 0) > 9)
        #expect(try calls(emulator, "company") == 1)
        #expect(try other.searchContacts(search).results.count == 1)
    }

    @Test func theGeneralBudgetIsTheStacksAndApartFromSearches() throws {
        let emulator = try emulator()
        // Two calls at once, then one every 10 s: far beyond the 1 s a call may wait for a token.
        let first = try worker(emulator, generalRate: 0.1, generalBurst: 2)
        let second = try worker(emulator, generalRate: 0.1, generalBurst: 2)
        #expect(try first.companyName(id: "44") == "Bay Golf Ltd")
        #expect(try second.contact(id: "9")?.id == "9")

        let refused = failure { try second.companyName(id: "44") }
        #expect(refused?.kind == .rateLimited && refused?.isLocalRateLimit == true)
        #expect(try calls(emulator, "company") == 1 && calls(emulator, "get") == 1)
        // The search budget is another bucket, and a local refusal is no 429: nothing is held off.
        #expect(try first.searchContacts(search).results.count == 1)
        #expect(try emulator.searches == 1)
    }
}
