import JSON
import PhoneNumbers
import Testing
@testable import HubSpot

/// ``BatchLookup`` against the emulator: one search request for many numbers, re-verified per
/// number, and "not found" only from a complete answer.
@Suite("Batch lookup: many numbers, one search")
struct BatchLookupTests {
    func number(_ text: String) throws -> PhoneNumber { try PhoneNumber(parsing: text, defaultRegion: .us) }

    @Test func manyNumbersAreOneSearchRequest() throws {
        let people = (0..<15).map { contact(100 + $0, phone: "(902) 555-\(1110 + $0)", first: "P\($0)") }
        let emulator = try EmulatorProcess(contacts: people)
        let batch = BatchLookup(client: try emulator.stack().client)
        let asked = try (0..<20).map { try number("+1902555\(1110 + $0)") }

        let result = try batch.lookup(asked, mode: .inOperator)

        #expect(try emulator.searches == 1)
        #expect(result.found.count == 15)
        #expect(result.found["+19025551110"]?.firstName == "P0")
        let absent: [String] = (15..<20).map { "+1902555\(1110 + $0)" }
        #expect(result.notFound == absent)
        #expect(result.unresolved.isEmpty)
        // Four IN filters whatever the count: inside HubSpot's 5 groups / 18 filters.
        let body = try #require(try emulator.recentSearches.last)
        let filters = body["filterGroups"]?.arrayValue?.compactMap { $0["filters"]?.arrayValue } ?? []
        #expect(filters.count == 4 && filters.allSatisfy { $0.count == 1 && $0[0]["operator"] == "IN" })
        #expect(filters.first?.first?["values"]?.arrayValue?.count == 20)
        #expect(body["limit"]?.intValue == 200)
    }

    @Test func sameDigitsInAnotherCountryAreReVerified() throws {
        // The UK number's national digits equal the US number's: both come back from the IN
        // on the searchable property, and only re-verification tells them apart.
        let emulator = try EmulatorProcess(contacts: [contact(1, phone: "(207) 946-0018", first: "Maine")])
        let batch = BatchLookup(client: try emulator.stack().client)
        let us = try number("+1 207 946 0018"), uk = try number("+44 20 7946 0018")
        #expect(us.nationalNumber == uk.nationalNumber)

        let onlyUS = try batch.lookup([us, uk], mode: .inOperator)
        #expect(onlyUS.found.keys.sorted() == [us.e164])
        #expect(onlyUS.found[us.e164]?.id == "1")
        #expect(onlyUS.notFound == [uk.e164])

        try emulator.seed([contact(1, phone: "(207) 946-0018", first: "Maine"),
                           contact(2, phone: "+44 20 7946 0018", first: "London")])
        let both = try batch.lookup([us, uk], mode: .inOperator)
        #expect(both.found[us.e164]?.firstName == "Maine")
        #expect(both.found[uk.e164]?.firstName == "London")
        #expect(both.notFound.isEmpty)
    }

    @Test func duplicatesGiveTheNewestWhateverTheStoredFormat() throws {
        let emulator = try EmulatorProcess(contacts: [
            contact(5, phone: "(902) 555-0143", first: "Old", modified: "2025-01-01T00:00:00Z"),
            contact(6, mobile: "+19025550143", first: "New", modified: "2026-03-01T00:00:00Z"),
            contact(7, phone: "902.555.0143", first: "Middle", modified: "2025-06-01T00:00:00Z"),
        ])
        let batch = BatchLookup(client: try emulator.stack().client)
        let wanted = try number("902-555-0143")
        let result = try batch.lookup([wanted, wanted, try number("+1 902 555 0199")], mode: .inOperator)
        #expect(result.found[wanted.e164]?.firstName == "New")
        #expect(result.notFound == ["+19025550199"])
        #expect(try emulator.searches == 1)
    }

    @Test func anIncompletePageLeavesUnmatchedNumbersUnresolvedNotNotFound() throws {
        // 201 newer contacts share one number: the 200-result page cannot hold the older match
        // of the second number, and cannot prove the third has none.
        var contacts = (1...201).map { contact($0, phone: "+19025550100", modified: "2026-05-01T00:00:00Z") }
        contacts.append(contact(500, phone: "+19025550101", first: "Oldest", modified: "2020-01-01T00:00:00Z"))
        let emulator = try EmulatorProcess(contacts: contacts)
        let batch = BatchLookup(client: try emulator.stack().client)
        let crowded = try number("+19025550100"), older = try number("+19025550101"), absent = try number("+19025550102")

        let result = try batch.lookup([crowded, older, absent], mode: .inOperator)

        #expect(result.found[crowded.e164]?.id == "1")
        #expect(result.unresolved.map(\.e164) == [older.e164, absent.e164])
        #expect(result.notFound.isEmpty)
        // Asked again without the crowding number, the answer is complete.
        let again = try batch.lookup(result.unresolved, mode: .inOperator)
        #expect(again.found[older.e164]?.firstName == "Oldest")
        #expect(again.notFound == [absent.e164])
    }

    @Test func numbersBeyondTheBatchSizeAreNotAskedAndSaySo() throws {
        let emulator = try EmulatorProcess()
        let batch = BatchLookup(client: try emulator.stack().client)
        let asked = try (0..<30).map { try number("+1902555\(2000 + $0)") }
        let result = try batch.lookup(asked, mode: .inOperator)
        #expect(result.notFound.count == BatchLookup.maxNumbers)
        let overflow: [String] = asked.suffix(5).map { $0.e164 }
        #expect(result.unresolved.map { $0.e164 } == overflow)
        #expect(try emulator.searches == 1)
    }

    @Test func associatedCompanyNameWinsOverFreeText() throws {
        let emulator = try EmulatorProcess(
            contacts: [contact(9, phone: "+19025550177", company: "free text", companyID: "44")],
            companies: [["id": "44", "properties": ["name": "Bay Golf Ltd"]]])
        let batch = BatchLookup(client: try emulator.stack().client)
        let result = try batch.lookup([try number("+19025550177")], mode: .inOperator)
        #expect(result.found["+19025550177"]?.company == "Bay Golf Ltd")
        #expect(result.found["+19025550177"]?.hubspotURL == "https://app.hubspot.com/contacts/123/record/0-1/9")
    }

    @Test func aHubSpotFailureIsThrownNeverNotFound() throws {
        let emulator = try EmulatorProcess(contacts: [contact(1, phone: "+19025550123")])
        try emulator.fault(["status": 500, "endpoint": "search"])
        let batch = BatchLookup(client: try emulator.stack().client)
        #expect(throws: HubSpotError.self) { try batch.lookup([try number("+19025550123")], mode: .inOperator) }
        let wanted = try number("+19025550123")
        do throws(HubSpotError) {
            _ = try batch.lookup([wanted], mode: .inOperator)
        } catch {
            #expect(error.kind == .unavailable)
            #expect(error.status == 500)
        }
    }

    @Test func noNumbersNoRequest() throws {
        let emulator = try EmulatorProcess()
        let result = try BatchLookup(client: try emulator.stack().client).lookup([], mode: .inOperator)
        #expect(result == BatchLookupResult())
        #expect(try emulator.searches == 0)
    }
}
