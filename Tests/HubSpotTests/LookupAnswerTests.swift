@testable import ContactEndpoints
import JSON
import PhoneNumbers
import Testing
@testable import HubSpot

@Suite("The cached lookup answer")
struct LookupAnswerTests {
    let contact = Contact(object: HubSpotObject(id: "42", properties: [
        "firstname": "John", "lastname": "Smith", "phone": "(902) 555-0123", "email": "john@example.com",
        "company": "Acme",
    ]), region: .us, companyName: nil, portalID: "123")

    @Test func rendersTheShapeTheLookupEndpointHasAlwaysStored() {
        #expect(String(decoding: LookupAnswer(nil).json, as: UTF8.self) == #"{"found":false,"contact":null}"#)
        let found = String(decoding: LookupAnswer(contact).json, as: UTF8.self)
        #expect(found.hasPrefix(#"{"found":true,"contact":{"id":"42","name":"John Smith","#))
    }

    @Test func decodesBackToTheSameContactAndTheSameBytes() throws {
        let bytes = LookupAnswer(contact).json
        let decoded = try #require(LookupAnswer(json: bytes))
        #expect(decoded.contact == contact)
        #expect(decoded.json == bytes)
        #expect(LookupAnswer(json: LookupAnswer(nil).json) == LookupAnswer(nil))
    }

    @Test(arguments: ["", "[]", #"{"contact":null}"#, #"{"found":true,"contact":null}"#,
                      #"{"found":true,"contact":{"name":"no id"}}"#, "{\"found\":tru"])
    func anythingElseIsNotALookupAnswer(text: String) {
        #expect(LookupAnswer(json: Array(text.utf8)) == nil)
    }

    @Test func batchGroupsAreFourINFiltersWithDistinctValues() throws {
        let us = try PhoneNumber(parsing: "+1 207 946 0018", defaultRegion: .us)
        let uk = try PhoneNumber(parsing: "+44 20 7946 0018", defaultRegion: .us)
        let groups = PhoneSearch.groups(forBatch: [us, uk, us])
        #expect(groups.count == 4 && groups.allSatisfy { $0.count == 1 && $0[0].operator == "IN" })
        #expect(groups.map { $0[0].propertyName } == [
            "hs_searchable_calculated_phone_number", "hs_searchable_calculated_mobile_number", "phone", "mobilephone",
        ])
        #expect(groups[0][0].values == ["2079460018"])
        #expect(groups[2][0].values == ["+12079460018", "+442079460018"])
        let body = SearchRequest(filterGroups: groups).json
        #expect(body["filterGroups"]?[0]?["filters"]?[0]?["values"] == ["2079460018"])
    }
}

@Suite("The lookup endpoint's answer for numbers newer than our metadata")
struct LookupNumberCheckTests {
    func answer(_ stored: LookupAnswer, _ source: ContactCache.Source) -> ContactCache.Answer {
        ContactCache.Answer(json: stored.json, found: stored.found, source: source, ageSeconds: 0)
    }

    @Test func aPossibleNumberSaysSoAfterTheCacheSource() throws {
        let body = LookupEndpoint.body(answer(LookupAnswer(nil), .miss), check: .possible)
        #expect(String(decoding: body, as: UTF8.self)
            == #"{"found":false,"contact":null,"cache":"miss","numberCheck":"possible"}"#)
        let parsed = try JSONValue(parsing: body)
        #expect(parsed["numberCheck"]?.stringValue == "possible")
    }

    @Test func aValidNumberAnswersExactlyAsBefore() {
        let body = LookupEndpoint.body(answer(LookupAnswer(nil), .hit), check: .valid)
        #expect(String(decoding: body, as: UTF8.self) == #"{"found":false,"contact":null,"cache":"hit"}"#)
    }

    @Test func theCachedBytesNeverHoldTheCheck() {
        // The check belongs to the asking, not to the stored answer that batch naming shares.
        #expect(!String(decoding: LookupAnswer(nil).json, as: UTF8.self).contains("numberCheck"))
    }
}
