import Base
import ContactEndpoints
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
        #expect(failure.kind == .alreadyExists && failure.status == 409 && failure.existingID == "12345")
        #expect(error(409, #"{"status":"error","message":"Contact already exists.","category":"CONFLICT"}"#).existingID == nil)
        #expect(error(409, "not json").kind == .alreadyExists)
        #expect(error(409, "not json").existingID == nil)
    }

    /// HubSpot's newer 409 names the record in `identityProfile.vid` and in `errors[].message`.
    @Test(arguments: [
        #"{"message":"Contact already exists.","identityProfile":{"vid":2926551,"identity":[{"value":"lee@xyz.example","type":"EMAIL","isPrimary":true}]},"status":"error","category":"OBJECT_ALREADY_EXISTS","error":"CONTACT_EXISTS"}"#,
        #"{"message":"Contact already exists.","errors":[{"message":"A contact with email lee@xyz.example already exists. Existing ID: 2926551","in":"email"}],"status":"error","category":"OBJECT_ALREADY_EXISTS","error":"CONTACT_EXISTS"}"#,
    ])
    func theNewerConflictNamesTheExistingContact(body: String) {
        let failure = error(409, body)
        #expect(failure.kind == .alreadyExists && failure.existingID == "2926551")
    }

    /// A 400 VALIDATION_ERROR saying the email is taken (e.g. another contact's secondary email).
    @Test(arguments: [
        // The emulator's shape: the record in errors[0].context.id.
        (#"{"status":"error","message":"Property values were not valid: [{\"isValid\":false,\"message\":\"Contact 77 already has that value.\",\"error\":\"CONFLICTING_UNIQUE_VALUE\",\"name\":\"email\"}]","category":"VALIDATION_ERROR","errors":[{"message":"Contact 77 already has that value.","code":"CONFLICTING_UNIQUE_VALUE","context":{"propertyName":["email"],"id":["77"]}}]}"#, "77"),
        // HubSpot's documented validation wrapper, the code only inside the message.
        (#"{"status":"error","message":"Property values were not valid: [{\"isValid\":false,\"message\":\"A contact with the email p.old@example.com already exists. Existing ID: 88\",\"error\":\"CONFLICTING_UNIQUE_VALUE\",\"name\":\"email\"}]","category":"VALIDATION_ERROR"}"#, "88"),
        (#"{"status":"error","message":"Property values were not valid: [{\"isValid\":false,\"message\":\"p.old@example.com already has that value.\",\"error\":\"CONFLICTING_UNIQUE_VALUE\",\"name\":\"email\"}]","category":"VALIDATION_ERROR"}"#, nil),
        // No code anywhere, only HubSpot's wording.
        (#"{"status":"error","message":"email: another contact already has that value","category":"VALIDATION_ERROR"}"#, nil),
        (#"{"status":"error","message":"Contact already exists. Existing ID: 91","category":"VALIDATION_ERROR"}"#, "91"),
        (#"{"status":"error","message":"x","category":"VALIDATION_ERROR","errors":[{"message":"x","code":"CONFLICTING_UNIQUE_VALUE","context":{"id":92}}]}"#, "92"),
    ] as [(String, String?)])
    func aValidationDuplicateIsTheExistingContact(body: String, id: String?) {
        let failure = error(400, body)
        #expect(failure.kind == .alreadyExists)
        #expect(failure.status == 400 && failure.existingID == id)
    }

    /// Other 400s are refusals of the request, never read as a duplicate, even when a quoted
    /// value looks like one.
    @Test(arguments: [
        #"{"status":"error","message":"Property values were not valid: [{\"isValid\":false,\"message\":\"Email address a@b..example is invalid\",\"error\":\"INVALID_EMAIL\",\"name\":\"email\"}]","category":"VALIDATION_ERROR","errors":[{"message":"Email address a@b..example is invalid","code":"INVALID_EMAIL","context":{"propertyName":["email"]}}]}"#,
        #"{"status":"error","message":"Property values were not valid: [{\"isValid\":false,\"message\":\"Property \\\"mobile\\\" does not exist\",\"error\":\"PROPERTY_DOESNT_EXIST\",\"name\":\"mobile\"}]","category":"VALIDATION_ERROR"}"#,
        #"{"status":"error","message":"Property values were not valid: [{\"isValid\":false,\"message\":\"Existing ID: 5 already has that value was not one of the allowed options\",\"error\":\"INVALID_OPTION\",\"name\":\"lifecyclestage\"}]","category":"VALIDATION_ERROR"}"#,
        #"{"status":"error","message":"Invalid input JSON on line 1, column 2: Unexpected character","category":"VALIDATION_ERROR"}"#,
        #"{"status":"error","message":"x","category":"VALIDATION_ERROR","errors":[{"message":"Existing ID: 5","code":"INVALID_LONG","context":{"id":["5"]}}]}"#,
        "not json",
        "",
    ])
    func otherBadRequestsAreRefusalsNotDuplicates(body: String) {
        let failure = error(400, body)
        #expect(failure.kind == .invalidRequest && failure.status == 400)
        #expect(failure.existingID == nil)
        #expect(failure.httpError.status.code == 503)
        #expect(failure.httpError.code == "hubspot_invalid_request")
    }

    @Test func aValidationErrorIsARefusedRequestNamingTheCategory() {
        let failure = error(400, #"{"status":"error","message":"Invalid filter: operator IN is not allowed for property phone","category":"VALIDATION_ERROR"}"#)
        #expect(failure.kind == .invalidRequest)
        #expect(failure.message == "HubSpot refused the request (400 VALIDATION_ERROR)")
    }

    @Test(arguments: [405, 413, 415, 422])
    func otherClientErrorsAreRefusedRequests(status: Int) {
        let failure = error(status, #"{"status":"error","message":"x"}"#)
        #expect(failure.kind == .invalidRequest && failure.status == status)
    }

    @Test(arguments: [#"{"status":"error","message":"resource not found","category":"OBJECT_NOT_FOUND"}"#, "", "<html>"])
    func aMissingObjectIsNotFound(body: String) {
        let failure = error(404, body)
        #expect(failure.kind == .notFound && failure.status == 404)
        #expect(failure.code == "hubspot_not_found")
    }

    /// Only an answer that cannot be read is "invalid": a status HubSpot does not document.
    @Test(arguments: [301, 302, 304, 100])
    func anUnexpectedStatusIsAnInvalidResponse(status: Int) {
        let failure = error(status, "")
        #expect(failure.kind == .invalidResponse && failure.status == status)
        #expect(failure.code == "hubspot_invalid_response")
    }

    /// Clients, logs, health and the OpenAPI description match on these: a new kind adds a code
    /// and never changes one.
    @Test func codesAndNamesAreStable() {
        let codes: [(HubSpotError, String, String)] = [
            (.unauthorized, "hubspot_unauthorized", "unauthorized"),
            (.missingScopes(["crm.objects.contacts.read"]), "hubspot_missing_scopes", "missingScopes"),
            (.rateLimited(retryAfter: 1), "rate_limited", "rateLimited"),
            (.unavailable(status: 502), "hubspot_unavailable", "unavailable"),
            (.notConfigured, "hubspot_unavailable", "unavailable"),
            (.timeout(after: .seconds(1)), "hubspot_timeout", "timeout"),
            (.invalidResponse("x"), "hubspot_invalid_response", "invalidResponse"),
            (.alreadyExists(existingID: "1", status: 409), "hubspot_duplicate", "alreadyExists"),
            (.notFound, "hubspot_not_found", "notFound"),
            (.invalidRequest(status: 400), "hubspot_invalid_request", "invalidRequest"),
        ]
        for (failure, code, name) in codes {
            #expect(failure.code == code)
            #expect(failure.httpError.code == code)
            #expect(failure.kind.description == name)
            #expect(failure.description.hasPrefix(name + ": "))
        }
    }

    /// Callers outside the module match kinds in a `switch` as they would enum cases.
    @Test func kindsMatchInASwitch() {
        func verdict(_ failure: HubSpotError) -> String {
            switch failure.kind {
            case .notFound: "absent"
            case .invalidRequest, .alreadyExists: "refused"
            default: "failed"
            }
        }
        #expect(verdict(error(404, "")) == "absent")
        #expect(verdict(error(400, "")) == "refused")
        #expect(verdict(error(409, "")) == "refused")
        #expect(verdict(error(500, "")) == "failed")
        #expect(HubSpotError.Kind.notFound != .invalidResponse)
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
