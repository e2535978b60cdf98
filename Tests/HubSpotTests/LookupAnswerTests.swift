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

    @Test func theRecordReadsBackAsTheSameAnswer() throws {
        #expect(LookupAnswer(cacheBytes: LookupAnswer(contact).cacheBytes) == LookupAnswer(contact))
        #expect(LookupAnswer(cacheBytes: LookupAnswer(nil).cacheBytes) == LookupAnswer(nil))
        var partial = contact
        partial.lastName = nil
        partial.company = ""
        partial.email = "ünïcode+\"quoted\"@example.com"
        #expect(LookupAnswer(cacheBytes: LookupAnswer(partial).cacheBytes)?.contact == partial)
    }

    @Test func aSearchPageReadsBackInOrderWithItsCursor() {
        var other = contact
        other.id = "43"
        let page = SearchAnswer(contacts: [contact, other], next: "20")
        #expect(SearchAnswer(cacheBytes: page.cacheBytes) == page)
        let last = SearchAnswer(contacts: [], next: nil)
        #expect(SearchAnswer(cacheBytes: last.cacheBytes) == last)
        // One key space, two record types: neither reads as the other.
        #expect(LookupAnswer(cacheBytes: page.cacheBytes) == nil)
        #expect(SearchAnswer(cacheBytes: LookupAnswer(contact).cacheBytes) == nil)
    }

    @Test func aContactsNumbersReadBackAndAreBounded() {
        let index = ContactNumbers(numbers: ["+19025551234", "+442079460018"])
        #expect(ContactNumbers(cacheBytes: index.cacheBytes) == index)
        #expect(LookupAnswer(cacheBytes: index.cacheBytes) == nil)
        let tooMany = ContactNumbers(numbers: (0..<40).map { "+1902555\(1000 + $0)" })
        #expect(ContactNumbers(cacheBytes: tooMany.cacheBytes) == nil)
    }

    @Test func storedJSONTruncatedOrForeignBytesAreNotARecord() {
        let bytes = LookupAnswer(contact).cacheBytes
        for cut in [0, 1, 2, 3, 10, bytes.count - 1] {
            #expect(LookupAnswer(cacheBytes: Array(bytes.prefix(cut))) == nil, "cut at \(cut)")
        }
        #expect(LookupAnswer(cacheBytes: bytes + [0]) == nil)
        // What an earlier version stored under the same key: JSON text.
        #expect(LookupAnswer(cacheBytes: Array(#"{"found":false,"contact":null}"#.utf8)) == nil)
        var otherVersion = bytes
        otherVersion[0] &+= 1
        #expect(LookupAnswer(cacheBytes: otherVersion) == nil)
        // A page claiming a billion contacts in a few bytes is refused, not allocated.
        var huge = SearchAnswer(contacts: [], next: nil).cacheBytes
        huge.replaceSubrange(6..<10, with: [0, 0xCA, 0x9A, 0x3B])
        #expect(SearchAnswer(cacheBytes: huge) == nil)
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
    func answer(_ stored: LookupAnswer, _ source: ContactCache.Source) -> ContactCache.Answer<LookupAnswer> {
        ContactCache.Answer(record: stored, source: source, ageSeconds: 0)
    }

    /// The body as the endpoint renders it, the contact through a memo as on every request.
    func rendered(_ answer: ContactCache.Answer<LookupAnswer>, check: NumberCheck) -> [UInt8] {
        LookupEndpoint.body(answer, check: check,
                            contactJSON: answer.record.contact.map { RenderedContacts().json(of: $0, forPhone: "+19025550123") })
    }

    @Test func aPossibleNumberSaysSoAfterTheCacheSource() throws {
        let body = rendered(answer(LookupAnswer(nil), .miss), check: .possible)
        #expect(String(decoding: body, as: UTF8.self)
            == #"{"found":false,"contact":null,"cache":"miss","numberCheck":"possible"}"#)
        let parsed = try JSONValue(parsing: body)
        #expect(parsed["numberCheck"]?.stringValue == "possible")
    }

    @Test func aValidNumberAnswersExactlyAsBefore() {
        let body = rendered(answer(LookupAnswer(nil), .hit), check: .valid)
        #expect(String(decoding: body, as: UTF8.self) == #"{"found":false,"contact":null,"cache":"hit"}"#)
    }

    @Test func theRenderedContactIsTheContactsJSON() throws {
        var contact = Contact(object: HubSpotObject(id: "7", properties: ["firstname": "Zoë \"Z\"", "email": "z@x.io"]),
                              region: .us, companyName: "Ünïon", portalID: nil)
        for portal in [nil, "123"] {
            contact.hubspotURL = portal.map { "https://app.hubspot.com/contacts/\($0)/record/0-1/7" }
            let body = try JSONValue(parsing: rendered(answer(LookupAnswer(contact), .hit), check: .valid))
            #expect(body["contact"] == contact.json)
        }
    }

    @Test func aFoundAnswerRendersTheContactBeforeTheCacheSource() throws {
        let contact = Contact(object: HubSpotObject(id: "42", properties: ["firstname": "John", "lastname": "Smith"]),
                              region: .us, companyName: nil, portalID: "123")
        let body = String(decoding: rendered(answer(LookupAnswer(contact), .stale), check: .valid),
                          as: UTF8.self)
        #expect(body.hasPrefix(#"{"found":true,"contact":{"id":"42","name":"John Smith","#))
        #expect(body.hasSuffix(#""hubspotUrl":"https://app.hubspot.com/contacts/123/record/0-1/42"},"cache":"stale"}"#))
    }
}

@Suite("The lookup endpoint's rendered contacts")
struct RenderedContactsTests {
    func contact(_ id: String, first: String?, company: String? = nil) -> Contact {
        var properties: [String: String] = ["email": "\(id)@example.com"]
        properties["firstname"] = first
        return Contact(object: HubSpotObject(id: id, properties: properties), region: .us, companyName: company,
                       portalID: "123")
    }

    @Test func aRepeatedNumberGetsTheSameJSONTheContactRendersTo() throws {
        let rendered = RenderedContacts()
        let ada = contact("1", first: "Ada \"A\"")
        let first = rendered.json(of: ada, forPhone: "+19025550001")
        let again = rendered.json(of: ada, forPhone: "+19025550001")
        #expect(first == RenderedContacts.render(ada) && again == first)
        #expect(try JSONValue(parsing: again) == ada.json)
    }

    @Test func aContactThatChangedUnderTheSameNumberIsRenderedAfresh() throws {
        let rendered = RenderedContacts()
        let before = contact("1", first: "Ada")
        _ = rendered.json(of: before, forPhone: "+19025550001")
        for after in [contact("1", first: "Grace"), contact("2", first: "Ada"), contact("1", first: "Ada", company: "Acme"),
                      contact("1", first: nil)] {
            #expect(try JSONValue(parsing: rendered.json(of: after, forPhone: "+19025550001")) == after.json)
        }
    }

    @Test func aNameRewrittenInAnotherUnicodeFormIsRenderedAfresh() {
        let rendered = RenderedContacts()
        let decomposed = contact("1", first: "Rene\u{301}e")
        let precomposed = contact("1", first: "Ren\u{E9}e")
        #expect(decomposed == precomposed)  // equal as Swift strings: why the memo compares bytes
        _ = rendered.json(of: decomposed, forPhone: "+19025550001")
        #expect(rendered.json(of: precomposed, forPhone: "+19025550001") == RenderedContacts.render(precomposed))
        #expect(RenderedContacts.render(precomposed) != RenderedContacts.render(decomposed))
    }

    @Test func isIdenticalComparesEveryStoredProperty() {
        let base = contact("1", first: "Ada", company: "Acme")
        let fields: [WritableKeyPath<Contact, String?>] = [\.firstName, \.lastName, \.phone, \.mobilePhone, \.email,
                                                          \.company, \.companyID, \.hubspotURL]
        // A property added to Contact must be added to isIdentical (and here).
        #expect(Mirror(reflecting: base).children.count == fields.count + 1)
        var other = base
        other.id = "2"
        #expect(!base.isIdentical(to: other))
        for field in fields {
            var changed = base
            changed[keyPath: field] = (base[keyPath: field] ?? "") + "x"
            #expect(!base.isIdentical(to: changed) && !changed.isIdentical(to: base))
        }
        #expect(base.isIdentical(to: base))
    }

    @Test func aContactWithVeryLongFieldsStillRendersCorrectly() throws {
        let rendered = RenderedContacts()
        let long = contact("1", first: String(repeating: "Ada ", count: 400))
        let json = rendered.json(of: long, forPhone: "+19025550001")
        #expect(json.count > RenderedContacts.largestKept)
        #expect(rendered.json(of: long, forPhone: "+19025550001") == json)
        #expect(try JSONValue(parsing: json) == long.json)
    }

    @Test func manyNumbersStayCorrectPastTheBound() throws {
        let rendered = RenderedContacts(capacity: 64)  // 4 per stripe
        let people = (0..<50).map { contact(String($0), first: "Person \($0)") }
        for round in 0..<2 {
            for (index, person) in people.enumerated() {
                let json = rendered.json(of: person, forPhone: "+1902555\(1000 + index)")
                #expect(try JSONValue(parsing: json) == person.json, "round \(round), number \(index)")
            }
        }
    }
}
