import EmulatorSupport
import HTTPServer
@testable import HubSpotEmulator
import JSON
import Testing

@Suite("Communications: create, batch create, get, search, labels")
struct CommunicationsTests {
    let contacts = [record(1, ["firstname": "Ada"]), record(2, ["firstname": "Bo"]), record(3, ["firstname": "Cy"])]

    @Test("A single create answers 201 with the stored properties; hs_timestamp in ms reads back as ISO")
    func singleCreate() throws {
        let emulator = try makeEmulator(contacts)
        let answer = emulator.call("POST", "/crm/v3/objects/communications",
                                   body: smsInput(contact: 2, body: "hello", timestamp: 1_790_000_000_000).encodedString())
        #expect(answer.status == 201, "\(answer.response.bodyText)")
        let id = try #require(answer.json["id"]?.stringValue)
        #expect(answer.json["properties"]?["hs_timestamp"] == "2026-09-21T14:13:20.000Z")
        #expect(answer.json["properties"]?["hs_communication_body"] == "hello")
        #expect(answer.json["properties"]?["hs_object_id"]?.stringValue == id)
        #expect(answer.json["objectWriteTraceId"] == nil)

        let read = emulator.call("GET", "/crm/v3/objects/communications/\(id)?associations=contacts"
            + "&properties=hs_communication_body,hs_timestamp")
        #expect(read.status == 200)
        #expect(read.json["properties"]?["hs_communication_body"] == "hello")
        #expect(read.json["associations"] == ["contacts": ["results": [["id": "2", "type": "communication_to_contact"]]]])
        expectHubSpotError(emulator.call("GET", "/crm/v3/objects/communications/2"), status: 404, category: "OBJECT_NOT_FOUND")
        #expect(emulator.stats()["communications"]?["created"] == 1)
    }

    @Test("Batch create: 201, every input stored, results not in input order and without trace ids")
    func batchCreated() throws {
        let emulator = try makeEmulator(contacts)
        let inputs = (1...3).map { smsInput(contact: $0, body: "m\($0)", timestamp: 1_790_000_000_000 + Int64($0),
                                             trace: "msg-\($0)") }
        let answer = emulator.batchCreate(inputs)
        #expect(answer.status == 201, "\(answer.response.bodyText)")
        #expect(answer.json["status"] == "COMPLETE")
        #expect(answer.json["startedAt"]?.stringValue != nil && answer.json["completedAt"]?.stringValue != nil)
        let results = try #require(answer.json["results"]?.arrayValue)
        let bodies = results.compactMap { $0["properties"]?["hs_communication_body"]?.stringValue }
        #expect(Set(bodies) == ["m1", "m2", "m3"])
        #expect(bodies != ["m1", "m2", "m3"])
        #expect(results.allSatisfy { $0["objectWriteTraceId"] == nil })
        #expect(answer.json["numErrors"] == nil && answer.json["errors"] == nil)
        #expect(emulator.storedCommunications().count == 3)
        let stats = emulator.stats()["communications"]
        #expect(stats?["created"] == 3 && stats?["batchCalls"] == 1 && stats?["multiStatus"] == 0)
    }

    @Test("With trace ids one bad input is a 207 naming it; the others are stored")
    func multiStatus() throws {
        let emulator = try makeEmulator(contacts)
        let answer = emulator.batchCreate([smsInput(contact: 1, body: "a", trace: "msg-1"),
                                           smsInput(contact: 99, body: "b", trace: "msg-2"),
                                           smsInput(contact: 3, body: "c", trace: "msg-3", channel: "EMAIL")])
        #expect(answer.status == 207, "\(answer.response.bodyText)")
        #expect(answer.json["numErrors"] == 2)
        let errors = try #require(answer.json["errors"]?.arrayValue)
        #expect(errors.map { $0["context"]?["objectWriteTraceId"] } == [["msg-2"], ["msg-3"]])
        #expect(errors.allSatisfy { $0["status"] == "error" && $0["category"] == "VALIDATION_ERROR" })
        #expect(errors[0]["message"]?.stringValue?.contains("contact 99 does not exist") == true)
        #expect(errors[1]["message"]?.stringValue?.contains("INVALID_OPTION") == true)
        #expect(answer.json["results"]?.arrayValue?.count == 1)
        #expect(emulator.storedCommunications().count == 1)
        #expect(emulator.stats()["communications"]?["multiStatus"] == 1)
    }

    @Test("Without trace ids one bad input refuses the whole batch and stores nothing")
    func allOrNothing() throws {
        let emulator = try makeEmulator(contacts)
        let answer = emulator.batchCreate([smsInput(contact: 1, body: "a"), smsInput(contact: 99, body: "b")])
        expectHubSpotError(answer, status: 400, category: "VALIDATION_ERROR")
        #expect(emulator.storedCommunications().isEmpty)
        // Trace ids on only some inputs are not multi-status either.
        let partial = emulator.batchCreate([smsInput(contact: 1, body: "a", trace: "t1"), smsInput(contact: 99, body: "b")])
        #expect(partial.status == 400)
        #expect(emulator.storedCommunications().isEmpty)
    }

    @Test("HubSpot's validation", arguments: [
        (#"{"inputs":[]}"#, "inputs"), (#"{"nope":1}"#, "inputs"), ("[]", "inputs"),
        (#"{"inputs":[{"properties":{"hs_communication_channel_type":"SMS","hs_communication_logged_from":"CRM","hs_timestamp":"1"}}]}"#,
         "associations"),
        (#"{"inputs":[{"properties":{"hs_communication_channel_type":"SMS","hs_communication_logged_from":"INBOX","hs_timestamp":"1"},"associations":[]}]}"#,
         "INVALID_OPTION"),
        (#"{"inputs":[{"properties":{"hs_communication_channel_type":"SMS","hs_communication_logged_from":"CRM","hs_timestamp":"yesterday"},"associations":[]}]}"#,
         "INVALID_DATE"),
        (#"{"inputs":[{"properties":{"hs_communication_channel_type":"SMS","hs_communication_logged_from":"CRM"},"associations":[]}]}"#,
         "hs_timestamp"),
        (#"{"inputs":[{"properties":{"hs_communication_channel_type":"SMS","hs_communication_logged_from":"CRM","hs_timestamp":"1","colour":"red"},"associations":[]}]}"#,
         "PROPERTY_DOESNT_EXIST"),
        (#"{"inputs":[{"properties":{"hs_communication_channel_type":"SMS","hs_communication_logged_from":"CRM","hs_timestamp":"1"},"associations":[{"to":{"id":"1"},"types":[{"associationCategory":"HUBSPOT_DEFINED","associationTypeId":1}]}]}]}"#,
         "association type"),
    ])
    func validation(body: String, mentions: String) throws {
        let emulator = try makeEmulator(contacts)
        let answer = emulator.call("POST", "/crm/v3/objects/communications/batch/create", body: body)
        expectHubSpotError(answer, status: 400, category: "VALIDATION_ERROR")
        #expect(answer.response.bodyText.contains(mentions), "\(answer.response.bodyText)")
        #expect(emulator.storedCommunications().isEmpty)
    }

    @Test("More than 100 inputs are refused; 100 are one call against the ten-second limit")
    func batchSize() throws {
        let emulator = try makeEmulator(contacts)
        emulator.behave(#"{"tenSecondlyLimit":2}"#)
        let hundred = (0..<100).map { smsInput(contact: 1, body: "m\($0)", timestamp: 1_790_000_000_000 + Int64($0)) }
        #expect(emulator.batchCreate(hundred).status == 201)
        expectHubSpotError(emulator.batchCreate(hundred + [smsInput(contact: 1, body: "x")]), status: 400,
                           category: "VALIDATION_ERROR")
        let limited = emulator.batchCreate(hundred)
        expectHubSpotError(limited, status: 429, category: "RATE_LIMITS")
        #expect(limited.json["policyName"] == "TEN_SECONDLY_ROLLING")
        #expect(emulator.storedCommunications().count == 100)
        #expect(emulator.stats()["communications"]?["rateLimited"] == 1)
    }

    @Test("The same body, contact and time created twice counts as a duplicate")
    func duplicates() throws {
        let emulator = try makeEmulator(contacts)
        #expect(emulator.batchCreate([smsInput(contact: 1, body: "hi", timestamp: 5)]).status == 201)
        #expect(emulator.batchCreate([smsInput(contact: 1, body: "hi", timestamp: 6)]).status == 201)
        #expect(emulator.batchCreate([smsInput(contact: 2, body: "hi", timestamp: 5)]).status == 201)
        #expect(emulator.stats()["communications"]?["duplicates"] == 0)
        #expect(emulator.batchCreate([smsInput(contact: 1, body: "hi", timestamp: 5)]).status == 201)
        #expect(emulator.stats()["communications"]?["duplicates"] == 1)
    }

    @Test("Creating needs the write scope; reading, searching and labels the read scope")
    func scopes() throws {
        let emulator = try makeEmulator(contacts)
        let readOnly = "emulator-token-read-only"
        let refused = emulator.batchCreate([smsInput(contact: 1, body: "a")], token: readOnly)
        expectHubSpotError(refused, status: 403, category: "MISSING_SCOPES")
        #expect(refused.json["errors"]?[0]?["context"]?["requiredGranularScopes"] == ["crm.objects.contacts.write"])
        expectHubSpotError(emulator.call("POST", "/crm/v3/objects/communications",
                                         body: smsInput(contact: 1, body: "a").encodedString(), token: readOnly),
                           status: 403, category: "MISSING_SCOPES")
        #expect(emulator.searchCommunications("{}", token: readOnly).status == 200)
        #expect(emulator.call("GET", "/crm/v4/associations/communications/contacts/labels", token: readOnly).status == 200)
        #expect(emulator.storedCommunications().isEmpty)
    }

    @Test("Association labels at both spellings, both directions; a portal's own label comes first when asked")
    func labels() throws {
        let emulator = try makeEmulator(contacts)
        let expected: JSONValue = ["results": [["category": "HUBSPOT_DEFINED", "typeId": 81, "label": nil]]]
        #expect(emulator.call("GET", "/crm/v4/associations/communications/contacts/labels").json == expected)
        #expect(emulator.call("GET", "/crm/associations/v4/communications/contacts/labels").json == expected)
        #expect(emulator.call("GET", "/crm/v4/associations/contacts/communications/labels").json
            == ["results": [["category": "HUBSPOT_DEFINED", "typeId": 82, "label": nil]]])
        #expect(emulator.call("GET", "/crm/associations/v4/contacts/communications/labels").status == 200)
        expectHubSpotError(emulator.call("GET", "/crm/v4/associations/communications/widgets/labels"), status: 400,
                           category: "VALIDATION_ERROR")
        #expect(emulator.call("POST", "/crm/v4/associations/communications/contacts/labels").status == 405)
        #expect(emulator.stats()["calls"]?["associationLabels"] == 5)

        emulator.behave(#"{"userDefinedLabels":true}"#)
        let custom = emulator.call("GET", "/crm/v4/associations/communications/contacts/labels").json["results"]
        #expect(custom?[0]?["category"] == "USER_DEFINED")
        #expect(custom?[1] == ["category": "HUBSPOT_DEFINED", "typeId": 81, "label": nil])
    }

    @Test("Search by associations.contact and hs_timestamp, only after the index lag")
    func searchLag() throws {
        let clock = ManualClock()
        let emulator = try makeEmulator(contacts, clock: clock)
        emulator.behave(#"{"communicationIndexLagMs":2000}"#)
        #expect(emulator.batchCreate([smsInput(contact: 1, body: "one", timestamp: 1_790_000_000_001),
                                      smsInput(contact: 1, body: "two", timestamp: 1_790_000_000_002),
                                      smsInput(contact: 2, body: "three", timestamp: 1_790_000_000_001)]).status == 201)
        let query = #"{"filterGroups":[{"filters":[{"propertyName":"associations.contact","operator":"EQ","value":"1"},"#
            + #"{"propertyName":"hs_timestamp","operator":"EQ","value":"1790000000001"}]}],"#
            + #""properties":["hs_communication_body","hs_timestamp"]}"#
        let early = emulator.searchCommunications(query)
        #expect(early.status == 200 && early.json["total"] == 0)
        clock.advance(milliseconds: 1999)
        #expect(emulator.searchCommunications(query).json["total"] == 0)
        clock.advance(milliseconds: 1)
        let found = emulator.searchCommunications(query)
        #expect(found.json["total"] == 1)
        #expect(found.json["results"]?[0]?["properties"]?["hs_communication_body"] == "one")
        #expect(found.json["results"]?[0]?["properties"]?["hs_timestamp"] == "2026-09-21T14:13:20.001Z")
        let byContact = emulator.searchCommunications(
            #"{"filterGroups":[{"filters":[{"propertyName":"associations.contact","operator":"EQ","value":"2"}]}]}"#)
        #expect(byContact.json["total"] == 1)
        expectHubSpotError(emulator.searchCommunications(
            #"{"filterGroups":[{"filters":[{"propertyName":"colour","operator":"EQ","value":"2"}]}]}"#),
                           status: 400, category: "VALIDATION_ERROR")
    }

    @Test("The realistic profile lags search by 2 s; fast does not")
    func profiles() {
        #expect(AccountBehaviour(profile: .fast).communicationIndexLagMs == 0)
        #expect(AccountBehaviour(profile: .realistic).communicationIndexLagMs == 2000)
    }
}
