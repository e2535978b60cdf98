@testable import HubSpotEmulator
import JSON
import PhoneNumbers
import Testing

@Suite("Searchable phone numbers")
struct SearchableNumberTests {
    @Test("The national significant number, read with the account's region", arguments: [
        ("(902) 555-1234", "9025551234"), ("902.555.1234", "9025551234"), ("1-902-555-1234", "9025551234"),
        ("+1 902 555 1234", "9025551234"), ("+19025551234", "9025551234"), ("(902) 555-1234 x123", "9025551234"),
        ("+33 6 55 55 55 55", "655555555"), ("+5511999999999", "11999999999"), ("+49 30 123456", "30123456"),
        ("513-227-1572", "5132271572"), ("+44 20 7946 0018", "2079460018"), ("0044 20 7946 0018", "2079460018"),
        ("+39 02 1234 5678", "0212345678"), ("+1 ３０５ ５５５ ０１１２", "3055550112"),
    ])
    func national(text: String, expected: String) {
        #expect(SearchableNumber.compute(text, region: .us) == expected)
    }

    @Test("Text that is not even a possible number falls back to its digits", arguments: [
        ("020 7946 0018", "02079460018"), ("555-1234", "5551234"), ("+234 203 312 756", "234203312756"),
        ("12345", "12345"), ("call 902 x", "902"),
    ])
    func fallback(text: String, expected: String) {
        #expect(SearchableNumber.compute(text, region: .us) == expected)
    }

    @Test("A number newer than our metadata is read as HubSpot's current metadata reads it", arguments: [
        ("+234 2033 12 7560", "2033127560"), ("+2342033127560", "2033127560"), ("00234 2033 127560", "2033127560"),
    ])
    func possible(text: String, expected: String) {
        #expect(SearchableNumber.compute(text, region: .us) == expected)
    }

    @Test("No digits, no searchable number")
    func none() {
        #expect(SearchableNumber.compute("n/a", region: .us) == nil)
        #expect(SearchableNumber.compute("", region: .us) == nil)
    }

    @Test("The account region decides how national formats read")
    func region() throws {
        #expect(SearchableNumber.compute("020 7946 0018", region: try #require(PhoneRegion("GB"))) == "2079460018")
    }

    @Test("Seeding computes both properties and fills id and timestamps; seeded values are kept")
    func seeding() throws {
        let seed = try SeedData(contacts: Array(#"""
            [{"id":"5","properties":{"phone":"+33 6 55 55 55 55","mobilephone":"(506) 555-0178"}},
             {"id":6,"createdAt":"2021-05-05T00:00:00Z","properties":{"phone":"x","hs_searchable_calculated_phone_number":"123"}},
             {"properties":{"hs_object_id":"8","mobilephone":"n/a"}}]
            """#.utf8), region: .us, now: 0)
        let five = seed.contacts[0], six = seed.contacts[1], eight = seed.contacts[2]
        #expect(five["hs_searchable_calculated_phone_number"] == "655555555")
        #expect(five["hs_searchable_calculated_mobile_number"] == "5065550178")
        #expect(five["hs_object_id"] == "5")
        #expect(five["createdate"] == "1970-01-01T00:00:00.000Z" && five["lastmodifieddate"] == five["createdate"])
        #expect(six["hs_searchable_calculated_phone_number"] == "123")
        #expect(six["createdate"] == "2021-05-05T00:00:00.000Z" && six.updatedAt == six.createdAt)
        #expect(eight.id == 8 && eight["hs_searchable_calculated_mobile_number"] == nil)
    }

    @Test("Bad seed data is refused with its place", arguments: [
        (#"{"id":1}"#, "expected an array"), (#"[{"id":"x"}]"#, "contacts[0]: id"), (#"[{"id":"1"},{"id":1}]"#, "duplicate id"),
        (#"[{"id":"1","properties":{"createdate":"soon"}}]"#, "createdate"), (#"[{"id":"1","properties":{"a":[]}}]"#, "property a"),
    ])
    func badSeed(json: String, fragment: String) {
        #expect {
            _ = try SeedData(contacts: Array(json.utf8), region: .us, now: 0)
        } throws: { error in
            (error as? SeedError)?.message.contains(fragment) == true
        }
    }

    @Test("Phone search finds a number however it was stored")
    func lookup() throws {
        let emulator = try makeEmulator([
            record(1, ["phone": "(902) 555-1234"]), record(2, ["mobilephone": "902.555.1234"]),
            record(3, ["phone": "+44 20 7946 0018"]), record(4, ["phone": "+1 207 946 0018"]),
        ])
        let body = #"""
            {"filterGroups":[
              {"filters":[{"propertyName":"hs_searchable_calculated_phone_number","operator":"EQ","value":"9025551234"}]},
              {"filters":[{"propertyName":"hs_searchable_calculated_mobile_number","operator":"EQ","value":"9025551234"}]}]}
            """#
        #expect(emulator.search(body).ids == ["1", "2"])
        #expect(emulator.ids(matching: #"{"propertyName":"phone","operator":"EQ","value":"+19025551234"}"#) == [])
        #expect(emulator.ids(matching: #"{"propertyName":"hs_searchable_calculated_phone_number","operator":"IN","values":["2079460018","9999999999"]}"#) == ["3", "4"])  // same digits, two countries
    }
}
