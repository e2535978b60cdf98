@testable import HubSpotEmulator
import JSON
import Testing

@Suite("Full-text query")
struct QueryTests {
    let emulator: HubSpotEmulator

    init() throws {
        emulator = try makeEmulator([
            record(1, ["firstname": "John", "lastname": "Smith", "email": "john.smith@harbourview.example",
                       "phone": "(902) 555-1234", "company": "Harbourview Dental"]),
            record(2, ["firstname": "Bay 123 Golf", "company": "Bay 123 Golf Club", "mobilephone": "+1 902 555 0124"]),
            record(3, ["firstname": "Sarah", "lastname": "O'Brien", "hs_additional_emails": "sob@old.example;sarah@x.example"]),
            record(4, ["firstname": "Zoë", "lastname": "Adams", "city": "Smithers", "fax": "+44 20 7946 0018"]),
        ])
    }

    func query(_ text: String) -> [String] {
        let body = JSONValue.object(["query": .string(text), "limit": 200]).encodedString()
        let answer = emulator.search(body)
        #expect(answer.status == 200)
        return answer.ids
    }

    @Test("Words match token prefixes, case-insensitively, across properties")
    func prefixes() {
        #expect(query("john") == ["1"])
        #expect(query("JO") == ["1"])
        #expect(query("john smith") == ["1"])
        #expect(query("smith john") == ["1"])
        #expect(query("ohn") == [])
        #expect(query("harbour") == ["1"])
        #expect(query("smith") == ["1"])  // "Smithers" is a city, not a searchable property
    }

    @Test("Emails match whole or by their parts; additional emails are searched")
    func emails() {
        #expect(query("john.smith@harbourview.example") == ["1"])
        #expect(query("harbourview.example") == ["1"])
        #expect(query("sob@old") == ["3"])
    }

    @Test("Names with digits and punctuation")
    func digitsAndPunctuation() {
        #expect(query("Bay 123") == ["2"])
        #expect(query("bay 12") == ["2"])
        #expect(query("o'brien") == ["3"])
        #expect(query("zoë") == ["4"])
    }

    @Test("Phone words compare by digits, from the start of a number or group")
    func phones() {
        #expect(query("902") == ["1", "2"])
        #expect(query("9025551234") == ["1"])
        #expect(query("(902) 555-1234") == ["1"])
        #expect(query("555-1234") == ["1"])
        #expect(query("2079460018") == ["4"])
        #expect(query("5551234") == ["1"])
        #expect(query("0555") == [])
    }

    @Test("* is a wildcard inside a word")
    func wildcard() {
        #expect(query("*mith") == ["1"])
        #expect(query("s*h") == ["1", "3"])
    }

    @Test("An empty query matches everything")
    func empty() {
        #expect(query("") == ["1", "2", "3", "4"])
    }
}
