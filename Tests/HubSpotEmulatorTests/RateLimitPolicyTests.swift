import EmulatorSupport
@testable import HubSpotEmulator
import JSON
import Testing

@Suite("Non-search rate limit and Retry-After")
struct RateLimitPolicyTests {
    func emulator(_ clock: ManualClock, limit: Int = 100, retryAfter: Bool = false, searchRate: Int = 5) throws
        -> HubSpotEmulator
    {
        try makeEmulator([record(1, ["firstname": "Ada"])], companies: [record(9, ["name": "Acme"])], clock: clock) {
            $0.behaviour.tenSecondlyLimit = limit
            $0.behaviour.retryAfter = retryAfter
            $0.searchRatePerSecond = searchRate
        }
    }

    @Test("100 non-search calls per token in a rolling 10 s, then 429 TEN_SECONDLY_ROLLING")
    func tenSecondly() throws {
        let clock = ManualClock()
        let emulator = try emulator(clock)
        let paths = ["/crm/v3/objects/contacts/1", "/crm/v3/objects/contacts?limit=1", "/crm/v3/objects/companies/9"]
        for i in 0..<100 {
            #expect(emulator.call("GET", paths[i % 3]).status == 200)
            clock.advance(milliseconds: 50)  // 100 calls over 5 s
        }
        let limited = emulator.call("GET", "/crm/v3/objects/contacts/1")
        expectHubSpotError(limited, status: 429, category: "RATE_LIMITS")
        #expect(limited.json["policyName"] == "TEN_SECONDLY_ROLLING")
        #expect(limited.json["errorType"] == "RATE_LIMIT")
        #expect(limited.json["message"] == "You have reached your ten_secondly_rolling limit.")
        #expect(limited.header("Retry-After") == nil)
        #expect(emulator.create(#"{"firstname":"B"}"#).status == 429)  // create counts too
        // Searches have their own limit and are exempt from this one.
        #expect(emulator.search("{}").status == 200)
        // Another token has its own budget.
        #expect(emulator.call("GET", "/crm/v3/objects/contacts/1", token: "emulator-token-read-only").status == 200)
        // Rolling: at t = 10 s the first call (t = 0) has left the window, one slot frees.
        clock.advance(milliseconds: 5000)
        #expect(emulator.call("GET", "/crm/v3/objects/contacts/1").status == 200)
        #expect(emulator.call("GET", "/crm/v3/objects/contacts/1").status == 429)
        clock.advance(milliseconds: 50)
        #expect(emulator.call("GET", "/crm/v3/objects/contacts/1").status == 200)
    }

    @Test("Non-search answers carry HubSpot's rate-limit headers")
    func headers() throws {
        let clock = ManualClock()
        let emulator = try emulator(clock, limit: 3)
        let first = emulator.call("GET", "/crm/v3/objects/contacts/1")
        #expect(first.header("X-HubSpot-RateLimit-Max") == "3")
        #expect(first.header("X-HubSpot-RateLimit-Remaining") == "2")
        #expect(first.header("X-HubSpot-RateLimit-Interval-Milliseconds") == "10000")
        _ = emulator.call("GET", "/crm/v3/objects/contacts/1")
        #expect(emulator.call("GET", "/crm/v3/objects/contacts/1").header("X-HubSpot-RateLimit-Remaining") == "0")
        #expect(emulator.call("GET", "/crm/v3/objects/contacts/1").header("X-HubSpot-RateLimit-Remaining") == "0")
        #expect(emulator.search("{}").header("X-HubSpot-RateLimit-Max") == nil)
    }

    @Test("A search 429 does not touch the non-search budget and the other way round")
    func separate() throws {
        let clock = ManualClock()
        let emulator = try emulator(clock, limit: 2, searchRate: 1)
        #expect(emulator.search("{}").status == 200)
        #expect(emulator.search("{}").json["policyName"] == "SECONDLY")
        #expect(emulator.call("GET", "/crm/v3/objects/contacts/1").status == 200)
        #expect(emulator.call("GET", "/crm/v3/objects/contacts/1").status == 200)
        #expect(emulator.call("GET", "/crm/v3/objects/contacts/1").json["policyName"] == "TEN_SECONDLY_ROLLING")
        clock.advance(milliseconds: 1000)
        #expect(emulator.search("{}").status == 200)
        #expect(emulator.call("GET", "/crm/v3/objects/contacts/1").status == 429)
        #expect(emulator.stats()["rateLimited"] == 3)
    }

    @Test("With Retry-After: whole seconds until the window frees a slot")
    func retryAfter() throws {
        let clock = ManualClock()
        let emulator = try emulator(clock, limit: 2, retryAfter: true, searchRate: 1)
        _ = emulator.call("GET", "/crm/v3/objects/contacts/1")
        clock.advance(milliseconds: 2500)
        _ = emulator.call("GET", "/crm/v3/objects/contacts/1")
        let limited = emulator.call("GET", "/crm/v3/objects/contacts/1")
        #expect(limited.status == 429 && limited.header("Retry-After") == "8")  // 7.5 s rounded up
        _ = emulator.search("{}")
        clock.advance(milliseconds: 300)
        let search = emulator.search("{}")
        #expect(search.status == 429 && search.header("Retry-After") == "1")
    }

    @Test("Without Retry-After (the default) neither limit sends it")
    func noRetryAfter() throws {
        let clock = ManualClock()
        let emulator = try emulator(clock, limit: 1, searchRate: 1)
        _ = emulator.call("GET", "/crm/v3/objects/contacts/1")
        _ = emulator.search("{}")
        #expect(emulator.call("GET", "/crm/v3/objects/contacts/1").header("Retry-After") == nil)
        #expect(emulator.search("{}").header("Retry-After") == nil)
        #expect(emulator.behave(#"{"retryAfter":true}"#).status == 200)
        #expect(emulator.search("{}").header("Retry-After") == "1")
    }

    @Test("The fast profile has no non-search limit")
    func fastUnlimited() throws {
        let emulator = try makeEmulator([record(1, ["firstname": "Ada"])])
        for _ in 0..<150 { #expect(emulator.call("GET", "/crm/v3/objects/contacts/1").status == 200) }
        #expect(emulator.call("GET", "/crm/v3/objects/contacts/1").header("X-HubSpot-RateLimit-Max") == nil)
    }
}
