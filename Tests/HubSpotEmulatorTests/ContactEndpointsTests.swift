import EmulatorSupport
@testable import HubSpotEmulator
import JSON
import Testing

@Suite("Contacts and companies endpoints")
struct ContactEndpointsTests {
    let clock = ManualClock()
    let emulator: HubSpotEmulator

    init() throws {
        emulator = try makeEmulator((1...25).map { record($0 * 10, ["firstname": "P\($0)", "email": "p\($0)@x.example"]) },
                                    companies: [record(9001, ["name": "Acme Corporation", "domain": "acme.example"])],
                                    clock: clock)
    }

    @Test("List pages in id order with a cursor and a link")
    func list() {
        let first = emulator.call("GET", "/crm/v3/objects/contacts?limit=10")
        #expect(first.status == 200)
        #expect(first.ids == (1...10).map { String($0 * 10) })
        #expect(first.json["total"] == nil)
        let next = first.json["paging"]?["next"]
        #expect(next?["after"] == "110")
        #expect(next?["link"] == "http://hubspot.test/crm/v3/objects/contacts?limit=10&after=110")
        let last = emulator.call("GET", "/crm/v3/objects/contacts?limit=10&after=210")
        #expect(last.ids == ["210", "220", "230", "240", "250"])
        #expect(last.json["paging"] == nil)
        #expect(emulator.call("GET", "/crm/v3/objects/contacts").ids.count == 10)
        #expect(emulator.call("GET", "/crm/v3/objects/contacts?archived=true").ids.isEmpty)
    }

    @Test("List refuses bad limits and cursors", arguments: ["limit=0", "limit=101", "limit=x", "after=abc", "after=-1"])
    func badList(query: String) {
        expectHubSpotError(emulator.call("GET", "/crm/v3/objects/contacts?\(query)"), status: 400, category: "VALIDATION_ERROR")
    }

    @Test("Get by id or by email; 404 OBJECT_NOT_FOUND otherwise")
    func get() {
        #expect(emulator.call("GET", "/crm/v3/objects/contacts/30").json["properties"]?["firstname"] == "P3")
        #expect(emulator.call("GET", "/crm/v3/objects/contacts/P3%40X.example?idProperty=email").json["id"] == "30")
        let missing = emulator.call("GET", "/crm/v3/objects/contacts/31")
        expectHubSpotError(missing, status: 404, category: "OBJECT_NOT_FOUND")
        #expect(missing.json["context"]?["id"] == ["31"])
        expectHubSpotError(emulator.call("GET", "/crm/v3/objects/contacts/abc"), status: 404, category: "OBJECT_NOT_FOUND")
        expectHubSpotError(emulator.call("GET", "/crm/v3/objects/contacts/1?idProperty=phone"), status: 400, category: "VALIDATION_ERROR")
    }

    @Test("Company by id, default and named properties")
    func company() {
        let company = emulator.call("GET", "/crm/v3/objects/companies/9001?properties=name")
        #expect(company.status == 200)
        #expect(company.json["properties"]?.objectValue?.keys == ["createdate", "hs_lastmodifieddate", "hs_object_id", "name"])
        #expect(company.json["properties"]?["name"] == "Acme Corporation")
        #expect(emulator.call("GET", "/crm/v3/objects/companies/9001").json["properties"]?["domain"] == "acme.example")
        expectHubSpotError(emulator.call("GET", "/crm/v3/objects/companies/9002"), status: 404, category: "OBJECT_NOT_FOUND")
    }

    @Test("Create answers 201 with computed properties and is then searchable")
    func create() {
        let body = #"{"properties":{"firstname":"Zed","email":"zed@new.example","phone":"+33 6 55 55 55 55","mobilephone":""},"associations":[]}"#
        let created = emulator.call("POST", "/crm/v3/objects/contacts", body: body)
        #expect(created.status == 201)
        let properties = created.json["properties"]
        #expect(created.json["id"] == "251")
        #expect(properties?["hs_object_id"] == "251")
        #expect(properties?["hs_searchable_calculated_phone_number"] == "655555555")
        #expect(properties?["mobilephone"] == nil)
        #expect(properties?["createdate"] == .string(ISO8601.format(milliseconds: clock.now.milliseconds)))
        #expect(properties?["lastmodifieddate"] == properties?["createdate"])
        #expect(created.json["archived"] == false)
        #expect(emulator.ids(matching: #"{"propertyName":"hs_searchable_calculated_phone_number","operator":"EQ","value":"655555555"}"#) == ["251"])
    }

    @Test("Duplicate email (any case): 409 CONFLICT naming the existing id")
    func conflict() {
        let answer = emulator.call("POST", "/crm/v3/objects/contacts", body: #"{"properties":{"email":"P7@X.EXAMPLE"}}"#)
        expectHubSpotError(answer, status: 409, category: "CONFLICT")
        #expect(answer.json["message"] == "Contact already exists. Existing ID: 70")
        #expect(emulator.counts.contacts == 25)
    }

    @Test("Create validates properties like HubSpot", arguments: [
        (#"{"properties":{"nope":"x"}}"#, "PROPERTY_DOESNT_EXIST"), (#"{"properties":{"email":"not-an-email"}}"#, "INVALID_EMAIL"),
        (#"{"properties":{"hs_object_id":"5"}}"#, "READ_ONLY_VALUE"), (#"{"properties":{"createdate":"later"}}"#, "INVALID_DATE"),
        (#"{"properties":{"associatedcompanyid":"acme"}}"#, "INVALID_LONG"), (#"{"properties":{"firstname":["a"]}}"#, "INVALID_VALUE"),
        (#"{}"#, "properties"), ("", "end-of-input"), (#"{"properties":{},"associations":[{"to":{"id":"1"},"types":[]}]}"#, "associations"),
    ])
    func validation(body: String, fragment: String) {
        let answer = emulator.call("POST", "/crm/v3/objects/contacts", body: body)
        expectHubSpotError(answer, status: 400, category: "VALIDATION_ERROR")
        #expect(answer.response.bodyText.contains(fragment))
        #expect(emulator.counts.contacts == 25)
    }

    @Test("A primary company association sets associatedcompanyid")
    func association() {
        let body = #"{"properties":{"firstname":"Cy"},"associations":[{"to":{"id":"9001"},"types":[{"associationCategory":"HUBSPOT_DEFINED","associationTypeId":1}]}]}"#
        let created = emulator.call("POST", "/crm/v3/objects/contacts", body: body)
        #expect(created.status == 201)
        #expect(created.json["properties"]?["associatedcompanyid"] == "9001")
    }

    @Test("Unknown paths 404, other methods 405, in HubSpot's error shape")
    func routing() {
        expectHubSpotError(emulator.call("GET", "/crm/v3/objects/deals/1"), status: 404, category: "OBJECT_NOT_FOUND")
        expectHubSpotError(emulator.call("GET", "/crm/v3/objects/contacts/search"), status: 405, category: "VALIDATION_ERROR")
        expectHubSpotError(emulator.call("PUT", "/crm/v3/objects/contacts/10"), status: 405, category: "VALIDATION_ERROR")
        expectHubSpotError(emulator.call("GET", "/"), status: 404, category: "OBJECT_NOT_FOUND")
    }
}
