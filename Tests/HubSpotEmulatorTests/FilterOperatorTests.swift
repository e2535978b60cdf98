@testable import HubSpotEmulator
import JSON
import Testing

@Suite("Filter operators")
struct FilterOperatorTests {
    let emulator: HubSpotEmulator

    init() throws {
        emulator = try makeEmulator([
            record(1, ["firstname": "Ada", "lastname": "Lovelace", "email": "Ada@Example.com", "hubspotscore": "10",
                       "createdate": "2021-01-01T00:00:00.000Z", "lifecyclestage": "lead", "company": "Analytical Engines Ltd"]),
            record(2, ["firstname": "Grace", "lastname": "Hopper", "email": "grace@navy.example", "hubspotscore": "25.5",
                       "createdate": "2022-06-15T12:00:00.000Z", "lifecyclestage": "customer"]),
            record(3, ["firstname": "alan", "lastname": "Turing", "hubspotscore": "3",
                       "createdate": "2023-03-01T00:00:00.000Z"]),
        ])
    }

    @Test("EQ on text ignores case; NEQ also matches records without the property")
    func equality() {
        #expect(emulator.ids(matching: #"{"propertyName":"firstname","operator":"EQ","value":"ADA"}"#) == ["1"])
        #expect(emulator.ids(matching: #"{"propertyName":"firstname","operator":"EQ","value":"Ad"}"#) == [])
        #expect(emulator.ids(matching: #"{"propertyName":"email","operator":"NEQ","value":"ada@example.com"}"#) == ["2", "3"])
    }

    @Test("Enumerations compare case-sensitively")
    func enumerationCase() {
        #expect(emulator.ids(matching: #"{"propertyName":"lifecyclestage","operator":"EQ","value":"lead"}"#) == ["1"])
        #expect(emulator.ids(matching: #"{"propertyName":"lifecyclestage","operator":"EQ","value":"LEAD"}"#) == [])
    }

    @Test("IN and NOT_IN on text take lowercase values as sent")
    func inLists() {
        #expect(emulator.ids(matching: #"{"propertyName":"email","operator":"IN","values":["ada@example.com","x@y.z"]}"#) == ["1"])
        // Documented: values must be lowercase. An uppercase value matches nothing (no error).
        #expect(emulator.ids(matching: #"{"propertyName":"email","operator":"IN","values":["Ada@Example.com"]}"#) == [])
        #expect(emulator.ids(matching: #"{"propertyName":"firstname","operator":"NOT_IN","values":["ada","grace"]}"#) == ["3"])
        #expect(emulator.ids(matching: #"{"propertyName":"email","operator":"NOT_IN","values":["ada@example.com"]}"#) == ["2", "3"])
        #expect(emulator.ids(matching: #"{"propertyName":"hubspotscore","operator":"IN","values":["10.0","3"]}"#) == ["1", "3"])
    }

    @Test("Number comparisons are numeric")
    func numbers() {
        #expect(emulator.ids(matching: #"{"propertyName":"hubspotscore","operator":"GT","value":"9"}"#) == ["1", "2"])
        #expect(emulator.ids(matching: #"{"propertyName":"hubspotscore","operator":"GTE","value":"10"}"#) == ["1", "2"])
        #expect(emulator.ids(matching: #"{"propertyName":"hubspotscore","operator":"LT","value":"10"}"#) == ["3"])
        #expect(emulator.ids(matching: #"{"propertyName":"hubspotscore","operator":"LTE","value":"10"}"#) == ["1", "3"])
        #expect(emulator.ids(matching: #"{"propertyName":"hubspotscore","operator":"EQ","value":"25.50"}"#) == ["2"])
        #expect(emulator.ids(matching: #"{"propertyName":"hubspotscore","operator":"BETWEEN","value":"3","highValue":"10"}"#) == ["1", "3"])
        #expect(emulator.ids(matching: #"{"propertyName":"hs_object_id","operator":"GT","value":2}"#) == ["3"])
    }

    @Test("Dates compare as instants, given as ISO text or epoch milliseconds")
    func dates() {
        #expect(emulator.ids(matching: #"{"propertyName":"createdate","operator":"GTE","value":"2022-06-15T12:00:00Z"}"#) == ["2", "3"])
        #expect(emulator.ids(matching: #"{"propertyName":"createdate","operator":"LT","value":"1655294400000"}"#) == ["1"])
        #expect(emulator.ids(matching: #"{"propertyName":"createdate","operator":"BETWEEN","value":"2021-06-01","highValue":"2022-12-31"}"#) == ["2"])
        #expect(emulator.ids(matching: #"{"propertyName":"createdate","operator":"EQ","value":"1609459200000"}"#) == ["1"])
        #expect(emulator.ids(matching: #"{"propertyName":"createdate","operator":"GT","value":"2022-06-15T14:00:00+02:00"}"#) == ["3"])
    }

    @Test("HAS_PROPERTY and NOT_HAS_PROPERTY")
    func presence() {
        #expect(emulator.ids(matching: #"{"propertyName":"email","operator":"HAS_PROPERTY"}"#) == ["1", "2"])
        #expect(emulator.ids(matching: #"{"propertyName":"email","operator":"NOT_HAS_PROPERTY"}"#) == ["3"])
    }

    @Test("CONTAINS_TOKEN matches words, with * wildcards")
    func tokens() {
        #expect(emulator.ids(matching: #"{"propertyName":"email","operator":"CONTAINS_TOKEN","value":"*@example.com"}"#) == ["1"])
        #expect(emulator.ids(matching: #"{"propertyName":"company","operator":"CONTAINS_TOKEN","value":"engines"}"#) == ["1"])
        #expect(emulator.ids(matching: #"{"propertyName":"company","operator":"CONTAINS_TOKEN","value":"engine"}"#) == [])
        #expect(emulator.ids(matching: #"{"propertyName":"company","operator":"CONTAINS_TOKEN","value":"anal*"}"#) == ["1"])
        #expect(emulator.ids(matching: #"{"propertyName":"company","operator":"CONTAINS_TOKEN","value":"analytical engines"}"#) == ["1"])
        #expect(emulator.ids(matching: #"{"propertyName":"company","operator":"NOT_CONTAINS_TOKEN","value":"engines"}"#) == ["2", "3"])
    }

    @Test("Groups are OR-ed, filters in a group AND-ed")
    func groups() {
        let body = #"""
            {"filterGroups":[
              {"filters":[{"propertyName":"firstname","operator":"EQ","value":"ada"},
                          {"propertyName":"lastname","operator":"EQ","value":"hopper"}]},
              {"filters":[{"propertyName":"lastname","operator":"EQ","value":"turing"}]},
              {"filters":[{"propertyName":"firstname","operator":"EQ","value":"grace"},
                          {"propertyName":"hubspotscore","operator":"GT","value":"20"}]}]}
            """#
        #expect(emulator.search(body).ids == ["2", "3"])
        #expect(emulator.search(#"{"filterGroups":[]}"#).ids == ["1", "2", "3"])
    }

    @Test("Filter values must fit the property's type and the operator")
    func invalidValues() {
        for filter in [#"{"propertyName":"hubspotscore","operator":"GT","value":"lots"}"#,
                       #"{"propertyName":"createdate","operator":"GT","value":"yesterday"}"#,
                       #"{"propertyName":"email","operator":"EQ"}"#,
                       #"{"propertyName":"email","operator":"IN","values":[]}"#,
                       #"{"propertyName":"hubspotscore","operator":"BETWEEN","value":"1"}"#,
                       #"{"propertyName":"no_such_property","operator":"EQ","value":"x"}"#] {
            let answer = emulator.search(#"{"filterGroups":[{"filters":[\#(filter)]}]}"#)
            expectHubSpotError(answer, status: 400, category: "VALIDATION_ERROR")
        }
    }

    @Test("An unknown operator (such as the old CONTAINS) is a 400 naming the accepted ones")
    func unknownOperator() {
        let answer = emulator.search(#"{"filterGroups":[{"filters":[{"propertyName":"email","operator":"CONTAINS","value":"x"}]}]}"#)
        expectHubSpotError(answer, status: 400, category: "VALIDATION_ERROR")
        #expect(answer.json["message"]?.stringValue?.contains("CONTAINS_TOKEN") == true)
    }
}
