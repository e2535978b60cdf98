import Base
import HTTPClient
import JSON
import PhoneNumbers
import SharedCache
import Testing
@testable import HubSpot

/// A retried search is a second search at HubSpot: it must pass the stack-wide rate gate too,
/// or a HubSpot answering 5xx would receive twice `HUBSPOT_SEARCH_RATE`.
@Suite("Search retries and the rate gate")
struct SearchRetryTests {
    func searches(_ emulator: EmulatorProcess) throws -> Int64 {
        try emulator.stats()["calls"]?["search"]?.intValue ?? 0
    }

    @Test func aRetryWithoutATokenInTimeIsNotSent() throws {
        let emulator = try EmulatorProcess(contacts: [])
        try emulator.fault(["status": 503, "endpoint": "search", "count": 2])
        // One search every 5 s: the retry cannot get a token within the 2 s budget.
        let (cache, client) = try emulator.stack(rate: 0.2, burst: 1)
        let number = try PhoneNumber(parsing: "+19025550143", defaultRegion: .us)
        #expect(throws: HubSpotError.self) { _ = try ContactDirectory(client: client).lookup(number) }
        #expect(try searches(emulator) == 1)
        #expect(cache.file.stats().count(.upstreamCalls) == 1)
    }

    /// In-process: a scripted transport answers 503 once, then an empty page.
    @Test func aRetryWithATokenIsSentAndCounted() throws {
        let transport = ScriptedTransport([.json(503, #"{"status":"error","message":"down"}"#),
                                           .json(200, #"{"total":0,"results":[]}"#)])
        let gate = CountingGate()
        let client = HubSpotClient(configuration: HubSpotConfiguration(accessToken: Secret("token")),
                                   searchGate: gate, transport: transport)
        let number = try PhoneNumber(parsing: "+19025550143", defaultRegion: .us)
        #expect(try ContactDirectory(client: client).lookup(number) == nil)
        #expect(transport.sent.map(\.url) == Array(repeating: HubSpotConfiguration.defaultBaseURL
                                                    + "/crm/v3/objects/contacts/search", count: 2))
        #expect(gate.admissions == 2)
    }
}
