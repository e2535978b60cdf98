import FastCGI
import HTTPClient
import JSON
import Testing
@testable import HubSpot

@Suite("HubSpot answers into JSON or typed errors")
struct HubSpotResponseTests {
    func response(_ status: Int, _ body: String, headers: [(name: String, value: String)] = []) -> HTTPClientResponse {
        HTTPClientResponse(status: status, headers: headers, body: Array(body.utf8))
    }

    func error(_ status: Int, _ body: String, headers: [(name: String, value: String)] = []) -> HubSpotError {
        HubSpotResponse.error(from: response(status, body, headers: headers))
    }

    @Test func unauthorized() {
        let failure = error(401, #"{"status":"error","message":"Authentication credentials not found.","category":"INVALID_AUTHENTICATION"}"#)
        #expect(failure.kind == .unauthorized)
        #expect(failure.httpError.status.code == 503)
        #expect(failure.httpError.code == "hubspot_unauthorized")
    }

    @Test func aConflictNamesTheExistingContact() {
        let failure = error(409, #"{"status":"error","message":"Contact already exists. Existing ID: 12345","category":"CONFLICT"}"#)
        #expect(failure.status == 409 && failure.existingID == "12345")
        #expect(error(409, #"{"status":"error","message":"Contact already exists.","category":"CONFLICT"}"#).existingID == nil)
        #expect(error(409, "not json").existingID == nil)
    }

    @Test func missingScopesAreNamed() {
        let failure = error(403, #"{"status":"error","category":"MISSING_SCOPES","errors":[{"message":"x","context":{"requiredGranularScopes":["crm.objects.contacts.read"]}}]}"#)
        #expect(failure.kind == .missingScopes)
        #expect(failure.scopes == ["crm.objects.contacts.read"])
        #expect(failure.message.contains("crm.objects.contacts.read"))
        #expect(failure.httpError.details["scopes"] == ["crm.objects.contacts.read"])
    }

    @Test(arguments: [
        ("", #"{"policyName":"SECONDLY"}"#, 1.0),
        ("", #"{"policyName":"TEN_SECONDLY_ROLLING"}"#, 10.0),
        ("", #"{"policyName":"DAILY"}"#, 3600.0),
        ("7", #"{"policyName":"SECONDLY"}"#, 7.0),
        ("", "not json", 1.0),
    ])
    func rateLimitWaitFollowsRetryAfterOrPolicy(header: String, body: String, expected: Double) {
        let headers: [(name: String, value: String)] = header.isEmpty ? [] : [("retry-after", header)]
        let failure = error(429, body, headers: headers)
        #expect(failure.kind == .rateLimited)
        #expect(failure.retryAfter == expected)
        #expect(failure.httpError.headers["Retry-After"] == String(Int(expected)))
        #expect(failure.httpError.code == "rate_limited")
    }

    @Test(arguments: [500, 502, 503, 504])
    func serverErrorsAreUnavailable(status: Int) {
        let failure = error(status, "<html>oops</html>")
        #expect(failure.kind == .unavailable)
        #expect(failure.httpError.status.code == 503)
    }

    @Test func successWithBrokenJSONIsInvalidResponse() {
        #expect(throws: HubSpotError.self) { try HubSpotResponse.json(from: response(200, "{\"results\": [")) }
        do {
            _ = try HubSpotResponse.json(from: response(200, "{\"results\": ["))
        } catch {
            #expect(error.kind == .invalidResponse)
        }
    }

    @Test func searchPageNeedsResults() throws {
        let page = try SearchPage(json: try JSONValue(parsing: #"{"total":1,"results":[{"id":"5","properties":{"firstname":"A","phone":null}}],"paging":{"next":{"after":"10"}}}"#))
        #expect(page.results.first?.id == "5")
        #expect(page.results.first?["phone"] == nil)
        #expect(page.nextAfter == "10")
        #expect(throws: HubSpotError.self) { try SearchPage(json: ["total": 0]) }
    }
}
