@testable import HubSpotEmulator
import JSON
import Testing

@Suite("Search limits, paging and sorting")
struct SearchRequestTests {
    static func filter(_ n: Int) -> String { #"{"propertyName":"firstname","operator":"NEQ","value":"x\#(n)"}"# }

    static func groups(_ sizes: [Int]) -> String {
        let groups = sizes.map { size in #"{"filters":[\#((0..<size).map(filter).joined(separator: ","))]}"# }
        return #"{"filterGroups":[\#(groups.joined(separator: ","))]}"#
    }

    @Test("5 groups, 6 filters per group and 18 filters in all are accepted")
    func atTheLimits() throws {
        let emulator = try makeEmulator([record(1, ["firstname": "Ada"])])
        #expect(emulator.search(Self.groups([1, 1, 1, 1, 1])).status == 200)
        #expect(emulator.search(Self.groups([6])).status == 200)
        #expect(emulator.search(Self.groups([6, 6, 6])).status == 200)
        #expect(emulator.search(Self.groups([6, 6, 4, 1, 1])).status == 200)
    }

    @Test("Beyond the limits: 400 VALIDATION_ERROR", arguments: [[1, 1, 1, 1, 1, 1], [7], [6, 6, 6, 1], [5, 5, 5, 4]])
    func beyondTheLimits(sizes: [Int]) throws {
        let emulator = try makeEmulator([record(1, ["firstname": "Ada"])])
        expectHubSpotError(emulator.search(Self.groups(sizes)), status: 400, category: "VALIDATION_ERROR")
    }

    @Test("An empty filter group is refused")
    func emptyGroup() throws {
        let emulator = try makeEmulator()
        expectHubSpotError(emulator.search(#"{"filterGroups":[{"filters":[]}]}"#), status: 400, category: "VALIDATION_ERROR")
    }

    @Test("Bodies that are not JSON, or of the wrong shape, are 400 with HubSpot's wording")
    func malformedBodies() throws {
        let emulator = try makeEmulator()
        for body in ["", "{", "[]", #"{"filterGroups":{}}"#, #"{"limit":"ten"}"#, #"{"properties":[1]}"#,
                     #"{"sorts":[{"propertyName":"createdate","direction":"UP"}]}"#, #"{"query":5}"#] {
            let answer = emulator.search(body)
            expectHubSpotError(answer, status: 400, category: "VALIDATION_ERROR")
        }
        #expect(emulator.search("{\n  \"limit\": 1,\n  x}").json["message"]?.stringValue?
            .hasPrefix("Invalid input JSON on line 3, column 3") == true)
    }

    @Test("limit defaults to 10, accepts 0…200, refuses more")
    func limits() throws {
        let emulator = try makeEmulator((1...250).map { record($0, ["firstname": "P\($0)"]) })
        #expect(emulator.search("{}").ids.count == 10)
        #expect(emulator.search(#"{"limit":200}"#).ids.count == 200)
        let none = emulator.search(#"{"limit":0}"#)
        #expect(none.ids.isEmpty && none.json["total"]?.intValue == 250 && none.json["paging"] == nil)
        expectHubSpotError(emulator.search(#"{"limit":201}"#), status: 400, category: "VALIDATION_ERROR")
        expectHubSpotError(emulator.search(#"{"limit":-1}"#), status: 400, category: "VALIDATION_ERROR")
        let query = String(repeating: "a", count: 3001)
        expectHubSpotError(emulator.search(#"{"query":"\#(query)"}"#), status: 400, category: "VALIDATION_ERROR")
    }

    @Test("after pages through results; paging only while more remain")
    func paging() throws {
        let emulator = try makeEmulator((1...25).map { record($0, ["lastname": "Smith"]) })
        var seen: [String] = []
        var after: String? = nil
        var pages = 0
        repeat {
            let cursor = after.map { #","after":"\#($0)""# } ?? ""
            let page = emulator.search(#"{"query":"smith","limit":10\#(cursor)}"#)
            #expect(page.status == 200)
            #expect(page.json["total"]?.intValue == 25)
            seen += page.ids
            after = page.json["paging"]?["next"]?["after"]?.stringValue
            pages += 1
        } while after != nil && pages < 10
        #expect(pages == 3)
        #expect(seen == (1...25).map(String.init))
        #expect(emulator.search(#"{"after":"20","limit":5}"#).json["paging"] == nil)
        #expect(emulator.search(#"{"after":20,"limit":5}"#).ids == ["21", "22", "23", "24", "25"])
        expectHubSpotError(emulator.search(#"{"after":"abc"}"#), status: 400, category: "VALIDATION_ERROR")
    }

    @Test("Searches cannot page past 10,000 results")
    func tenThousandCap() throws {
        let emulator = try makeEmulator((1...10_050).map { ["id": .string(String($0)), "properties": ["lastname": "Smith"]] })
        let last = emulator.search(#"{"after":"9800","limit":200}"#)
        #expect(last.status == 200 && last.ids.count == 200 && last.json["total"]?.intValue == 10_050)
        #expect(last.json["paging"]?["next"]?["after"]?.stringValue == "10000")
        expectHubSpotError(emulator.search(#"{"after":"10000","limit":10}"#), status: 400, category: "VALIDATION_ERROR")
        expectHubSpotError(emulator.search(#"{"after":"9995","limit":10}"#), status: 400, category: "VALIDATION_ERROR")
    }

    @Test("sorts: property and direction, unset values last, id breaks ties; string form too")
    func sorting() throws {
        let emulator = try makeEmulator([
            record(1, ["lastmodifieddate": "2024-01-01T00:00:00Z", "createdate": "2020-01-01T00:00:00Z"]),
            record(2, ["lastmodifieddate": "2024-06-01T00:00:00Z", "createdate": "2020-01-01T00:00:00Z"]),
            record(3, ["lastmodifieddate": "2023-01-01T00:00:00Z", "createdate": "2019-01-01T00:00:00Z"]),
            record(4, ["firstname": "b", "lastmodifieddate": "2018-01-01"]),
            record(5, ["firstname": "A", "lastmodifieddate": "2018-01-01"]),
        ])
        #expect(emulator.search(#"{"sorts":[{"propertyName":"lastmodifieddate","direction":"DESCENDING"}],"limit":3}"#).ids
            .prefix(3) == ["2", "1", "3"])
        #expect(emulator.search(#"{"sorts":[{"propertyName":"createdate","direction":"ASCENDING"}],"limit":3}"#).ids == ["3", "1", "2"])
        #expect(emulator.search(#"{"sorts":["-lastmodifieddate"],"limit":3}"#).ids == ["2", "1", "3"])
        #expect(emulator.search(#"{"sorts":[{"propertyName":"firstname"}]}"#).ids == ["5", "4", "1", "2", "3"])
        #expect(emulator.search(#"{"sorts":[{"propertyName":"firstname","direction":"DESCENDING"}]}"#).ids == ["4", "5", "1", "2", "3"])
    }

    @Test("Every field optional; the spec's full form is accepted too")
    func fullForm() throws {
        let emulator = try makeEmulator([record(1, ["firstname": "Ada"])])
        let body = #"{"after":"0","filterGroups":[],"limit":10,"properties":["firstname"],"sorts":["createdate"],"query":"ada"}"#
        #expect(emulator.search(body).ids == ["1"])
    }
}
