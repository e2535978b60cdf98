@testable import HubSpotEmulator
import JSON
import PhoneNumbers
import Testing

@Suite("Calculated phone properties in the contact's country")
struct CalculatedPhonesTests {
    func realistic(_ contacts: [JSONValue], region: PhoneRegion = .us) throws -> HubSpotEmulator {
        try makeEmulator(contacts) {
            $0.behaviour.phoneRegion = .contact
            $0.defaultRegion = region
        }
    }

    func properties(_ emulator: HubSpotEmulator, _ id: Int) -> JSONValue? {
        emulator.call("GET", "/crm/v3/objects/contacts/\(id)?properties=hs_calculated_phone_number,"
            + "hs_calculated_mobile_number,hs_calculated_phone_number_country_code,"
            + "hs_searchable_calculated_phone_number,hs_searchable_calculated_mobile_number").json["properties"]
    }

    @Test("A local number is read in hs_country_region_code: E.164, country and national number")
    func contactCountry() throws {
        let emulator = try realistic([
            record(1, ["phone": "07400 127051", "hs_country_region_code": "GB"]),
            record(2, ["mobilephone": "06 12 34 56 78", "hs_country_region_code": "fr"]),
        ])
        let gb = try #require(properties(emulator, 1))
        #expect(gb["hs_calculated_phone_number"] == "+447400127051")
        #expect(gb["hs_calculated_phone_number_country_code"] == "GB")
        #expect(gb["hs_searchable_calculated_phone_number"] == "7400127051")
        let fr = try #require(properties(emulator, 2))
        #expect(fr["hs_calculated_mobile_number"] == "+33612345678")
        #expect(fr["hs_searchable_calculated_mobile_number"] == "612345678")
        #expect(fr["hs_calculated_phone_number"] == .null)
    }

    @Test("Without hs_country_region_code the account's region reads the number")
    func accountRegion() throws {
        let us = try realistic([record(1, ["phone": "(415) 555-0132"]), record(2, ["phone": "07400 127051"])])
        #expect(properties(us, 1)?["hs_calculated_phone_number"] == "+14155550132")
        #expect(properties(us, 2)?["hs_calculated_phone_number"] == .null)  // not a US number
        #expect(properties(us, 2)?["hs_searchable_calculated_phone_number"] == "07400127051")  // digits only
        let gb = try realistic([record(1, ["phone": "07400 127051"])], region: try #require(PhoneRegion("GB")))
        #expect(properties(gb, 1)?["hs_calculated_phone_number"] == "+447400127051")
    }

    @Test("A number typed with + keeps its own country whatever the contact's")
    func internationalWins() throws {
        let emulator = try realistic([record(1, ["phone": "+33 7 81 23 45 67", "hs_country_region_code": "GB"])])
        #expect(properties(emulator, 1)?["hs_calculated_phone_number"] == "+33781234567")
        #expect(properties(emulator, 1)?["hs_calculated_phone_number_country_code"] == "FR")
    }

    @Test("An unknown hs_country_region_code falls back to the account's region")
    func unknownCountry() throws {
        let emulator = try realistic([record(1, ["phone": "(415) 555-0132", "hs_country_region_code": "Narnia"])])
        #expect(properties(emulator, 1)?["hs_calculated_phone_number"] == "+14155550132")
    }

    @Test("Found by its national number through EQ and through query")
    func searchable() throws {
        let emulator = try realistic([record(1, ["phone": "07400 127051", "hs_country_region_code": "GB"]),
                                      record(2, ["phone": "(740) 012-7051"])])
        #expect(emulator.ids(matching: #"{"propertyName":"hs_searchable_calculated_phone_number","operator":"EQ","value":"7400127051"}"#) == ["1", "2"])
        #expect(emulator.ids(matching: #"{"propertyName":"hs_calculated_phone_number","operator":"EQ","value":"+447400127051"}"#) == ["1"])
        #expect(emulator.search(#"{"query":"7400127051"}"#).ids == ["1", "2"])
    }

    @Test("The fast profile reads every number in the account's region, as before")
    func fastUnchanged() throws {
        let emulator = try makeEmulator([record(1, ["phone": "07400 127051", "hs_country_region_code": "GB"])])
        let props = try #require(properties(emulator, 1))
        #expect(props["hs_searchable_calculated_phone_number"] == "07400127051")
        #expect(props["hs_calculated_phone_number"] == .null)
        #expect(emulator.ids(matching: #"{"propertyName":"hs_searchable_calculated_phone_number","operator":"EQ","value":"7400127051"}"#) == [])
    }

    @Test("A Nigerian new-plan number gets its calculated values, so an E.164 lookup finds it")
    func newerThanOurMetadata() throws {
        let emulator = try realistic([record(1, ["phone": "0203 312 7560", "hs_country_region_code": "NG"]),
                                      record(2, ["mobilephone": "+234 2033 12 7561"]),
                                      record(3, ["phone": "(203) 312-7560"])])
        let local = try #require(properties(emulator, 1))
        #expect(local["hs_calculated_phone_number"] == "+2342033127560")
        #expect(local["hs_calculated_phone_number_country_code"] == "NG")
        #expect(local["hs_searchable_calculated_phone_number"] == "2033127560")
        let international = try #require(properties(emulator, 2))
        #expect(international["hs_calculated_mobile_number"] == "+2342033127561")
        #expect(international["hs_searchable_calculated_mobile_number"] == "2033127561")
        // Connecticut's number shares the national digits: found too, told apart by E.164.
        #expect(emulator.ids(matching: #"{"propertyName":"hs_searchable_calculated_phone_number","operator":"EQ","value":"2033127560"}"#) == ["1", "3"])
        #expect(emulator.ids(matching: #"{"propertyName":"hs_calculated_phone_number","operator":"EQ","value":"+2342033127560"}"#) == ["1"])
    }

    @Test("The fast profile finds a new-plan number typed in E.164 by its national number")
    func newerThanOurMetadataFast() throws {
        let emulator = try makeEmulator([record(1, ["phone": "+234 2033 12 7560"])])
        #expect(properties(emulator, 1)?["hs_searchable_calculated_phone_number"] == "2033127560")
    }

    @Test("Seeded calculated values are kept")
    func seededKept() throws {
        let emulator = try realistic([record(1, ["phone": "07400 127051", "hs_country_region_code": "GB",
                                                 "hs_calculated_phone_number": "+447400000000"])])
        #expect(properties(emulator, 1)?["hs_calculated_phone_number"] == "+447400000000")
        #expect(properties(emulator, 1)?["hs_searchable_calculated_phone_number"] == "7400127051")
    }

    @Test("Created contacts get them too, from the hs_country_region_code they are created with")
    func created() throws {
        let emulator = try realistic([])
        let answer = emulator.create(#"{"phone":"0412 345 678","hs_country_region_code":"AU"}"#)
        #expect(answer.status == 201, "\(answer.response.bodyText)")
        #expect(answer.json["properties"]?["hs_calculated_phone_number"] == "+61412345678")
        #expect(answer.json["properties"]?["hs_searchable_calculated_phone_number"] == "412345678")
        #expect(emulator.create(#"{"hs_calculated_phone_number":"+61412345678"}"#).status == 400)  // read-only
    }

    @Test("Seed replacement through /__emulator/seed computes them the same way")
    func seedReplacement() throws {
        let emulator = try realistic([])
        let body = #"{"contacts":[{"id":"7","properties":{"phone":"021 123 4567","hs_country_region_code":"NZ"}}]}"#
        #expect(emulator.call("POST", "/__emulator/seed", body: body, token: nil).status == 200)
        #expect(properties(emulator, 7)?["hs_calculated_phone_number"] == "+64211234567")
    }
}
