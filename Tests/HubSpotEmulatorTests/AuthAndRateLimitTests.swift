import EmulatorSupport
import HTTPServer
@testable import HubSpotEmulator
import JSON
import Testing

@Suite("Auth, scopes and rate limits")
struct AuthAndRateLimitTests {
    @Test("Missing, malformed or unknown tokens: 401 INVALID_AUTHENTICATION", arguments: [nil, "wrong", "", "emulator-token "])
    func unauthenticated(token: String?) throws {
        let emulator = try makeEmulator()
        let answer = emulator.call("GET", "/crm/v3/objects/contacts?limit=1", token: token)
        expectHubSpotError(answer, status: 401, category: "INVALID_AUTHENTICATION")
        #expect(answer.json["message"]?.stringValue?.hasPrefix("Authentication credentials not found") == true)
        #expect(!answer.response.bodyText.contains("wrong"))
    }

    @Test("Basic auth and token without Bearer are refused")
    func otherSchemes() throws {
        let emulator = try makeEmulator()
        for header in ["Basic ZW11bGF0b3ItdG9rZW46", "emulator-token", "Bearer"] {
            let request = ServerRequestBuilder.get("/crm/v3/objects/contacts", authorization: header)
            #expect(emulator.handle(request).status == 401)
        }
        #expect(emulator.handle(ServerRequestBuilder.get("/crm/v3/objects/contacts", authorization: "bearer emulator-token"))
            .status == 200)
    }

    @Test("A token without the read scope: 403 MISSING_SCOPES naming the scope")
    func missingReadScope() throws {
        let emulator = try makeEmulator([record(1, ["firstname": "Ada"])], companies: [record(9, ["name": "Acme"])])
        for (method, path, scope) in [("GET", "/crm/v3/objects/contacts?limit=1", "crm.objects.contacts.read"),
                                      ("POST", "/crm/v3/objects/contacts/search", "crm.objects.contacts.read"),
                                      ("GET", "/crm/v3/objects/contacts/1", "crm.objects.contacts.read"),
                                      ("GET", "/crm/v3/objects/companies/9", "crm.objects.companies.read")] {
            let answer = emulator.call(method, path, body: "{}", token: "emulator-token-no-scopes")
            expectHubSpotError(answer, status: 403, category: "MISSING_SCOPES")
            #expect(answer.json["errors"]?[0]?["context"]?["requiredGranularScopes"] == [.string(scope)])
            #expect(answer.json["message"]?.stringValue?.hasPrefix("This app hasn't been granted all required scopes") == true)
        }
    }

    @Test("The read-only token reads but cannot create")
    func readOnly() throws {
        let emulator = try makeEmulator([record(1, ["firstname": "Ada"])])
        #expect(emulator.call("GET", "/crm/v3/objects/contacts/1", token: "emulator-token-read-only").status == 200)
        #expect(emulator.search("{}", token: "emulator-token-read-only").status == 200)
        let answer = emulator.call("POST", "/crm/v3/objects/contacts", body: #"{"properties":{"firstname":"B"}}"#,
                                   token: "emulator-token-read-only")
        expectHubSpotError(answer, status: 403, category: "MISSING_SCOPES")
        #expect(answer.json["errors"]?[0]?["context"]?["requiredGranularScopes"] == ["crm.objects.contacts.write"])
        #expect(emulator.counts.contacts == 1)
    }

    @Test("Configured tokens replace the defaults")
    func configuredTokens() throws {
        let emulator = try makeEmulator { configuration in
            configuration.tokens = [AccessToken(token: "pat-na1-123", scopes: [Scope.contactsRead], label: "custom")]
        }
        #expect(emulator.call("GET", "/crm/v3/objects/contacts", token: "pat-na1-123").status == 200)
        #expect(emulator.call("GET", "/crm/v3/objects/contacts", token: "emulator-token").status == 401)
    }

    @Test("Search: 5 per second per token in a sliding window, then 429 with HubSpot's body")
    func searchRateLimit() throws {
        let clock = ManualClock()
        let emulator = try makeEmulator(clock: clock) { $0.searchRatePerSecond = 5 }
        for _ in 0..<5 {
            #expect(emulator.search("{}").status == 200)
            clock.advance(milliseconds: 100)
        }
        let limited = emulator.search("{}")
        expectHubSpotError(limited, status: 429, category: "RATE_LIMITS")
        #expect(limited.json["message"] == "You have reached your secondly limit.")
        #expect(limited.json["errorType"] == "RATE_LIMIT")
        #expect(limited.json["policyName"] == "SECONDLY")
        #expect(emulator.search("{}", token: "emulator-token-read-only").status == 200)  // another token
        #expect(emulator.call("GET", "/crm/v3/objects/contacts").status == 200)  // other endpoints are not limited
        clock.advance(milliseconds: 500)  // the first call (t=0) has left the window
        #expect(emulator.search("{}").status == 200)
        #expect(emulator.search("{}").status == 429)
        #expect(emulator.stats()["rateLimited"] == 2)
        #expect(emulator.stats()["calls"]?["search"] == 9)
    }

    @Test("Stats: the most searches that arrived within any one second, refused ones included")
    func peakSearchesPerSecond() throws {
        let clock = ManualClock()
        let emulator = try makeEmulator(clock: clock)
        for _ in 0..<3 {  // 3 in the first second, 300 ms apart
            _ = emulator.search("{}")
            clock.advance(milliseconds: 300)
        }
        #expect(emulator.stats()["peakSearchesPerSecond"] == 3)
        clock.advance(milliseconds: 2000)
        for _ in 0..<2 {
            _ = emulator.search("{}")
            clock.advance(milliseconds: 100)
        }
        #expect(emulator.stats()["peakSearchesPerSecond"] == 3, "a quieter second leaves the peak")
        for _ in 0..<4 {
            _ = emulator.search("{}")
            clock.advance(milliseconds: 100)
        }
        #expect(emulator.stats()["peakSearchesPerSecond"] == 6, "the window slides over the two bursts")
    }

    @Test("Rate 0 is unlimited")
    func unlimited() throws {
        let emulator = try makeEmulator { $0.searchRatePerSecond = 0 }
        for _ in 0..<50 { #expect(emulator.search("{}").status == 200) }
    }

    @Test("Auth comes before validation; scope before rate limit")
    func order() throws {
        let emulator = try makeEmulator { $0.searchRatePerSecond = 1 }
        #expect(emulator.search("not json", token: nil).status == 401)
        #expect(emulator.search("not json", token: "emulator-token-no-scopes").status == 403)
        #expect(emulator.search("not json").status == 400)
        #expect(emulator.search("{}").status == 429)
    }
}

enum ServerRequestBuilder {
    static func get(_ target: String, authorization: String) -> ServerRequest {
        ServerRequest(method: "GET", target: target, headers: [HTTPField(name: "Authorization", value: authorization)])
    }
}
