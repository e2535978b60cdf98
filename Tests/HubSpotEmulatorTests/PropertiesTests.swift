@testable import HubSpotEmulator
import JSON
import Testing

@Suite("Returned properties")
struct PropertiesTests {
    let emulator: HubSpotEmulator

    init() throws {
        emulator = try makeEmulator([
            ["id": "7", "properties": ["firstname": "Ada", "phone": "(902) 555-1234", "email": .null, "lastname": "",
                                       "createdate": "2020-02-03T04:05:06.789Z", "lastmodifieddate": "1700000000000",
                                       "favourite_colour": "green"]],
        ])
    }

    @Test("Default properties when none are named, unset ones null, in name order")
    func defaults() {
        let result = emulator.search("{}").json["results"]?[0]
        let properties = result?["properties"]?.objectValue
        #expect(properties?.keys == ["createdate", "email", "firstname", "hs_object_id", "lastmodifieddate", "lastname"])
        #expect(properties?["email"] == .null)
        #expect(properties?["lastname"] == .null)
        #expect(properties?["hs_object_id"] == "7")
        #expect(properties?["lastmodifieddate"] == "2023-11-14T22:13:20.000Z")
        #expect(result?["createdAt"] == "2020-02-03T04:05:06.789Z")
        #expect(result?["updatedAt"] == "2023-11-14T22:13:20.000Z")
        #expect(result?["archived"] == false)
        #expect(result?["id"] == "7")
    }

    @Test("Named properties plus id and timestamps; unknown names left out, unset known ones null")
    func selection() {
        let properties = emulator.search(#"{"properties":["phone","mobilephone","nonexistent","favourite_colour","hs_searchable_calculated_phone_number"]}"#)
            .json["results"]?[0]?["properties"]?.objectValue
        #expect(properties?.keys == ["createdate", "favourite_colour", "hs_object_id", "hs_searchable_calculated_phone_number",
                                     "lastmodifieddate", "mobilephone", "phone"])
        #expect(properties?["mobilephone"] == .null)
        #expect(properties?["favourite_colour"] == "green")
        #expect(properties?["hs_searchable_calculated_phone_number"] == "9025551234")
    }

    @Test("GET takes properties comma-separated or repeated")
    func getSelection() {
        let properties = emulator.call("GET", "/crm/v3/objects/contacts/7?properties=phone,mobilephone&properties=company")
            .json["properties"]?.objectValue
        #expect(properties?.keys == ["company", "createdate", "hs_object_id", "lastmodifieddate", "mobilephone", "phone"])
    }

    @Test("Custom properties from the seed can be filtered on")
    func customProperty() {
        #expect(emulator.ids(matching: #"{"propertyName":"favourite_colour","operator":"EQ","value":"GREEN"}"#) == ["7"])
    }
}
