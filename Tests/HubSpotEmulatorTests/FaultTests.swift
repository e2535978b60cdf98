import EmulatorSupport
import HTTPServer
@testable import HubSpotEmulator
import JSON
import Testing

@Suite("Fault injection, stats and reset")
struct FaultTests {
    func faults(_ emulator: HubSpotEmulator, _ body: String) -> Answer {
        emulator.call("POST", "/__emulator/faults", body: body, token: nil)
    }

    @Test("A status for the next N calls, then back to normal")
    func statusCount() throws {
        let emulator = try makeEmulator()
        #expect(faults(emulator, #"{"status":500,"count":2}"#).status == 200)
        expectHubSpotError(emulator.search("{}"), status: 500, category: "INTERNAL_ERROR")
        expectHubSpotError(emulator.call("GET", "/crm/v3/objects/contacts"), status: 500, category: "INTERNAL_ERROR")
        #expect(emulator.search("{}").status == 200)
        #expect(emulator.stats()["faulted"] == 2)
    }

    @Test("Faults can be limited to one endpoint and apply before auth")
    func endpointScope() throws {
        let emulator = try makeEmulator()
        #expect(faults(emulator, #"{"status":503,"endpoint":"search"}"#).status == 200)
        #expect(emulator.call("GET", "/crm/v3/objects/contacts").status == 200)
        for _ in 0..<3 { #expect(emulator.search("{}", token: nil).status == 503) }
        #expect(emulator.call("DELETE", "/__emulator/faults", token: nil).status == 200)
        #expect(emulator.search("{}").status == 200)
    }

    @Test("429, 401 and 403 faults use HubSpot's bodies; Retry-After when asked")
    func specialStatuses() throws {
        let emulator = try makeEmulator()
        _ = faults(emulator, #"{"status":429,"count":1,"retryAfter":2,"policyName":"TEN_SECONDLY_ROLLING"}"#)
        let limited = emulator.search("{}")
        expectHubSpotError(limited, status: 429, category: "RATE_LIMITS")
        #expect(limited.json["policyName"] == "TEN_SECONDLY_ROLLING")
        #expect(limited.header("Retry-After") == "2")
        _ = faults(emulator, #"{"status":401,"count":1}"#)
        expectHubSpotError(emulator.search("{}"), status: 401, category: "INVALID_AUTHENTICATION")
        _ = faults(emulator, #"{"status":403,"count":1}"#)
        expectHubSpotError(emulator.call("POST", "/crm/v3/objects/contacts", body: "{}"), status: 403, category: "MISSING_SCOPES")
        _ = faults(emulator, #"{"status":502,"count":1,"body":"<html>bad gateway</html>"}"#)
        let gateway = emulator.search("{}")
        #expect(gateway.status == 502 && gateway.response.bodyText == "<html>bad gateway</html>")
        #expect(gateway.header("Content-Type")?.hasPrefix("text/html") == true)
    }

    @Test("Latency is added before answering")
    func latency() throws {
        let clock = ManualClock()
        let emulator = try makeEmulator(clock: clock)
        _ = faults(emulator, #"{"latencyMs":200,"endpoint":"search"}"#)
        #expect(emulator.search("{}").status == 200)
        #expect(emulator.call("GET", "/crm/v3/objects/contacts").status == 200)
        #expect(clock.slept == [.milliseconds(200)])
    }

    @Test("Down closes without answering; timeout stalls up to the cap")
    func modes() throws {
        let emulator = try makeEmulator()
        _ = faults(emulator, #"{"mode":"down"}"#)
        #expect(emulator.search("{}").response.action == .close)
        _ = faults(emulator, #"{"mode":"timeout","timeoutMs":1500}"#)
        #expect(emulator.search("{}").response.action == .stall(seconds: 1.5))
        _ = faults(emulator, #"{"mode":"timeout","endpoint":"company"}"#)
        #expect(emulator.search("{}").response.action == .answer)
        #expect(emulator.call("GET", "/crm/v3/objects/companies/1").response.action == .stall(seconds: 1.5))
        _ = faults(emulator, #"{"mode":"normal"}"#)
        #expect(emulator.call("GET", "/crm/v3/objects/companies/1").status == 404)
        #expect(emulator.call("GET", "/__emulator/stats", token: nil).status == 200)  // controls never fault
    }

    @Test("Bad fault settings are refused and change nothing", arguments: [
        #"{"latency":5}"#, #"{"status":200}"#, #"{"status":500,"count":0}"#, #"{"count":3}"#, #"{"mode":"slow"}"#,
        #"{"endpoint":"delete","status":500}"#, #"{"latencyMs":600000}"#, "[]", "nope",
    ])
    func badSettings(body: String) throws {
        let emulator = try makeEmulator()
        let answer = faults(emulator, body)
        #expect(answer.status == 400)
        #expect(answer.json["error"]?.stringValue?.isEmpty == false)
        #expect(emulator.search("{}").status == 200)
    }

    @Test("Index lag: a new contact reaches search only later")
    func indexLag() throws {
        let clock = ManualClock()
        let emulator = try makeEmulator(clock: clock)
        _ = faults(emulator, #"{"indexLagMs":3000}"#)
        let created = emulator.call("POST", "/crm/v3/objects/contacts", body: #"{"properties":{"email":"new@x.example"}}"#)
        #expect(created.status == 201)
        #expect(emulator.search(#"{"query":"new@x"}"#).ids.isEmpty)
        #expect(emulator.call("POST", "/crm/v3/objects/contacts", body: #"{"properties":{"email":"NEW@x.example"}}"#).status == 409)
        clock.advance(milliseconds: 3000)
        #expect(emulator.search(#"{"query":"new@x"}"#).ids.count == 1)
    }

    @Test("Stats count every call per endpoint and keep the last 50 search bodies; reset clears all")
    func statsAndReset() throws {
        let emulator = try makeEmulator([record(1, ["firstname": "Ada"])])
        for n in 0..<55 { _ = emulator.search(#"{"limit":\#(n % 5)}"#) }
        _ = emulator.search("not json")
        _ = emulator.call("GET", "/crm/v3/objects/contacts", token: nil)
        _ = emulator.call("GET", "/crm/v3/objects/contacts/1")
        _ = emulator.call("POST", "/crm/v3/objects/contacts", body: #"{"properties":{"firstname":"B"}}"#)
        _ = emulator.call("GET", "/crm/v3/objects/companies/4")
        _ = faults(emulator, #"{"status":500}"#)
        let stats = emulator.stats()
        #expect(stats["calls"] == ["search": 56, "list": 1, "get": 1, "create": 1, "update": 0, "archive": 0, "merge": 0,
                                   "company": 1, "communicationCreate": 0, "communicationsBatchCreate": 0,
                                   "communicationGet": 0, "communicationsSearch": 0, "associationLabels": 0])
        #expect(stats["recentSearches"]?.arrayValue?.count == 50)
        #expect(stats["recentSearches"]?[48] == ["limit": 4])
        #expect(stats["recentSearches"]?[49] == "not json")
        #expect(stats["statuses"] == ["200": 56, "201": 1, "400": 1, "401": 1, "404": 1])
        #expect(emulator.counts.contacts == 2)

        #expect(emulator.call("POST", "/__emulator/reset", token: nil).json == ["reset": true, "contacts": 1, "companies": 0])
        #expect(emulator.counts.contacts == 1)
        #expect(emulator.stats()["calls"]?["search"] == 0)
        #expect(emulator.search("{}").status == 200)  // the fault is gone too
    }

    @Test("Seed replaces the data held until reset")
    func seedReplacement() throws {
        let emulator = try makeEmulator([record(1, ["firstname": "Ada"])])
        let body = #"{"contacts":[{"id":"40","properties":{"phone":"+44 20 7946 0018"}}],"companies":[]}"#
        #expect(emulator.call("POST", "/__emulator/seed", body: body, token: nil).status == 200)
        #expect(emulator.ids(matching: #"{"propertyName":"hs_searchable_calculated_phone_number","operator":"EQ","value":"2079460018"}"#) == ["40"])
        #expect(emulator.call("POST", "/__emulator/seed", body: #"{"contacts":[{"id":"x"}]}"#, token: nil).status == 400)
        _ = emulator.call("POST", "/__emulator/reset", token: nil)
        #expect(emulator.search("{}").ids == ["1"])
    }

    @Test("Unknown control paths and methods")
    func unknownControl() throws {
        let emulator = try makeEmulator()
        #expect(emulator.call("GET", "/__emulator/nothing", token: nil).status == 404)
        #expect(emulator.call("GET", "/__emulator/reset", token: nil).status == 405)
    }
}
