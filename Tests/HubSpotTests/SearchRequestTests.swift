import JSON
import PhoneNumbers
import Testing
@testable import HubSpot

@Suite("Search request bodies")
struct SearchRequestTests {
    @Test func phoneLookupIsOneRequestWithinHubSpotLimits() throws {
        let number = try PhoneNumber(parsing: "(902) 555-0123", defaultRegion: .us)
        let groups = PhoneSearch.groups(for: number)
        #expect(groups.count <= SearchRequest.maxGroups)
        #expect(groups.flatMap { $0 }.count <= SearchRequest.maxFilters)
        let body = SearchRequest(filterGroups: groups).json
        let filters = body["filterGroups"]?.arrayValue?.compactMap { $0["filters"]?[0] } ?? []
        #expect(filters.map { $0["propertyName"]?.stringValue } == [
            "hs_searchable_calculated_phone_number", "hs_searchable_calculated_mobile_number", "phone", "mobilephone",
        ])
        #expect(filters.map { $0["value"]?.stringValue } == ["9025550123", "9025550123", "+19025550123", "+19025550123"])
        #expect(filters.allSatisfy { $0["operator"] == "EQ" })
    }

    @Test func userTextIsAStringValueNeverStructure() throws {
        let hostile = #"smith", "filterGroups": [{"filters": []}], "x": "*"#
        let body = SearchRequest(query: hostile).json
        let reparsed = try JSONValue(parsing: body.encoded())
        #expect(reparsed["query"]?.stringValue == hostile)
        #expect(reparsed["filterGroups"] == nil)
    }

    @Test func requestsTheContactPropertiesAndSortsWhenAsked() {
        var search = SearchRequest(query: "x", limit: 25, after: "50")
        search.sortNewestFirst = true
        let body = search.json
        #expect(body["limit"] == 25)
        #expect(body["after"] == "50")
        #expect(body["properties"]?.arrayValue?.contains("associatedcompanyid") == true)
        #expect(body["sorts"]?[0]?["propertyName"] == "lastmodifieddate")
    }

    @Test func partialNumbersUseWildcardTokens() {
        let groups = PhoneSearch.groups(forDigits: "5551")
        #expect(groups.count == 2)
        #expect(groups[0][0].operator == "CONTAINS_TOKEN")
        #expect(groups[0][0].value == "*5551*")
    }
}
