@testable import HubSpotEmulator
import JSON
import Testing

@Suite("IN on the calculated phone properties")
struct CalculatedPhoneINTests {
    static let contacts = [record(1, ["phone": "(415) 555-0132"]), record(2, ["mobilephone": "(212) 555-0187"]),
                           record(3, ["firstname": "Ada", "phone": "(303) 555-0199"])]
    static let phoneIN = #"{"propertyName":"hs_searchable_calculated_phone_number","operator":"IN","values":["4155550132","3035550199"]}"#
    static let mobileIN = #"{"propertyName":"hs_searchable_calculated_mobile_number","operator":"IN","values":["2125550187"]}"#

    func emulator(_ choice: CalculatedPhoneIN) throws -> HubSpotEmulator {
        try makeEmulator(Self.contacts) {
            $0.behaviour.calculatedPhoneIN = choice
            $0.behaviour.phoneRegion = .contact
        }
    }

    @Test("works: matches like any string property")
    func works() throws {
        let emulator = try emulator(.works)
        #expect(emulator.ids(matching: Self.phoneIN) == ["1", "3"])
        #expect(emulator.ids(matching: Self.mobileIN) == ["2"])
        #expect(emulator.ids(matching: #"{"propertyName":"hs_calculated_phone_number","operator":"IN","values":["+14155550132"]}"#) == ["1"])
    }

    @Test("400: VALIDATION_ERROR in HubSpot's shape naming the property")
    func refused() throws {
        let emulator = try emulator(.refused)
        for filter in [Self.phoneIN, Self.mobileIN,
                       #"{"propertyName":"hs_calculated_mobile_number","operator":"IN","values":["+12125550187"]}"#] {
            let answer = emulator.search(#"{"filterGroups":[{"filters":[{"propertyName":"firstname","operator":"HAS_PROPERTY"}]},{"filters":[\#(filter)]}]}"#)
            expectHubSpotError(answer, status: 400, category: "VALIDATION_ERROR")
            #expect(answer.json["message"]?.stringValue?.contains("IN") == true)
            #expect(answer.json["errors"]?[0]?["code"] == "INVALID_FILTER_OPERATOR")
        }
        // EQ on the same property and IN on other properties still work.
        #expect(emulator.ids(matching: #"{"propertyName":"hs_searchable_calculated_phone_number","operator":"EQ","value":"4155550132"}"#) == ["1"])
        #expect(emulator.ids(matching: #"{"propertyName":"firstname","operator":"IN","values":["ada"]}"#) == ["3"])
    }

    @Test("empty: 200 with nothing matched, other groups unaffected")
    func empty() throws {
        let emulator = try emulator(.empty)
        #expect(emulator.ids(matching: Self.phoneIN) == [])
        #expect(emulator.ids(matching: Self.mobileIN) == [])
        let answer = emulator.search(#"{"filterGroups":[{"filters":[\#(Self.phoneIN)]},{"filters":[{"propertyName":"hs_searchable_calculated_phone_number","operator":"EQ","value":"3035550199"}]}]}"#)
        #expect(answer.status == 200 && answer.ids == ["3"] && answer.json["total"] == 1)
        #expect(emulator.ids(matching: #"{"propertyName":"firstname","operator":"IN","values":["ada"]}"#) == ["3"])
    }

    @Test("Switched at run time through /__emulator/behaviour")
    func switched() throws {
        let emulator = try emulator(.works)
        #expect(emulator.behave(#"{"calculatedPhoneIN":"400"}"#).status == 200)
        #expect(emulator.search(#"{"filterGroups":[{"filters":[\#(Self.phoneIN)]}]}"#).status == 400)
        #expect(emulator.behave(#"{"calculatedPhoneIN":"empty"}"#).status == 200)
        #expect(emulator.ids(matching: Self.phoneIN) == [])
        #expect(emulator.call("DELETE", "/__emulator/behaviour", token: nil).json["calculatedPhoneIN"] == "works")
        #expect(emulator.ids(matching: Self.phoneIN) == ["1", "3"])
    }
}
