import JSON
import Testing
@testable import HubSpotWebhooks

@Suite("HubSpot webhook events")
struct EventParsingTests {
    func parse(_ text: String) throws(HubSpotEventsError) -> [HubSpotEvent] {
        try HubSpotEvents.parse(bytes(text))
    }

    func failure(_ text: String) -> HubSpotEventsError? {
        do {
            _ = try parse(text)
            return nil
        } catch {
            return error
        }
    }

    @Test func readsTheGuideSampleWithItsEventTypeKey() throws {
        let events = try parse(PayloadSamples.guideBatch)
        #expect(events == [
            HubSpotEvent(eventID: 3_816_279_340, subscriptionID: 25, portalID: 33, occurredAt: 1_462_216_307_945,
                         attemptNumber: 0, objectType: .contact, objectID: 1_246_965,
                         kind: .propertyChange(property: "lifecyclestage", value: "subscriber"),
                         changeSource: "ACADEMY", appID: 1_160_452),
            HubSpotEvent(eventID: 3_816_279_480, subscriptionID: 22, portalID: 33, occurredAt: 1_462_216_307_945,
                         attemptNumber: 0, objectType: .contact, objectID: 1_246_978, kind: .creation,
                         changeSource: "IMPORT", appID: 1_160_452),
        ])
        #expect(events.map(\.subscriptionType) == ["contact.propertyChange", "contact.creation"])
    }

    @Test func readsTheSignedDocsExample() throws {
        let events = try HubSpotEvents.parse(Vectors.vectorEBody)
        #expect(events == [HubSpotEvent(eventID: 1, subscriptionID: 12345, portalID: 62515, occurredAt: 1_564_113_600_000,
                                        attemptNumber: 0, objectType: .contact, objectID: 123, kind: .creation,
                                        changeSource: "CRM", appID: 54321, changeFlag: "NEW")])
    }

    @Test func readsOurSignedFixture() throws {
        let events = try HubSpotEvents.parse(Vectors.body)
        #expect(events.count == 1)
        #expect(events.first?.kind == .propertyChange(property: "firstname", value: "Ana"))
        #expect(events.first?.sourceID == "userId:9876")
    }

    @Test func readsAMixedBatch() throws {
        let events = try parse(PayloadSamples.mixedBatch)
        #expect(events.map(\.eventID) == Array(201...212))
        #expect(events.map(\.objectType) == [.contact, .contact, .company, .contact, .contact, .contact, .contact, .other,
                                             .contact, .company, .other, .company])
        #expect(events.map(\.kind) == [
            .propertyChange(property: "firstname", value: "Ana"),
            .propertyChange(property: "lastname", value: ""),
            .propertyChange(property: "name", value: "Acme GmbH"),
            .merge(primaryObjectID: 123, mergedObjectIDs: [456, 789], newObjectID: 999),
            .deletion,
            .associationChange,
            .other("contact.privacyDeletion"),
            .other("deal.propertyChange"),
            .propertyChange(property: "phone", value: "+14155550123"),
            .merge(primaryObjectID: 778, mergedObjectIDs: [779], newObjectID: nil),
            .other("object.creation"),
            .restore,
        ])
        // Ids as numeric strings read as numbers.
        #expect(events[1].objectID == 123)
        #expect(events[1].attemptNumber == 2)
        #expect(events.map(\.objectTypeID) == [nil, nil, nil, nil, nil, nil, nil, nil, "0-1", "0-2", "0-3", nil])
        #expect(events.map(\.subscriptionType) == [
            "contact.propertyChange", "contact.propertyChange", "company.propertyChange", "contact.merge",
            "contact.deletion", "contact.associationChange", "contact.privacyDeletion", "deal.propertyChange",
            "object.propertyChange", "object.merge", "object.creation", "company.restore",
        ])
    }

    @Test func anEmptyDeliveryIsEmpty() throws {
        #expect(try parse("[]").isEmpty)
        #expect(try parse(" [ ] \n").isEmpty)
    }

    @Test func subscriptionTypeWinsOverEventType() throws {
        let events = try parse(#"[{"eventId":1,"occurredAt":2,"objectId":3,"subscriptionType":"contact.deletion","eventType":"contact.creation"}]"#)
        #expect(events.first?.kind == .deletion)
    }

    @Test func aMergeWithoutNewObjectAndANullValueAreFine() throws {
        let events = try parse(#"""
        [{"eventId":1,"occurredAt":2,"objectId":3,"subscriptionType":"contact.merge","primaryObjectId":3,"mergedObjectIds":[],"newObjectId":null},
         {"eventId":4,"occurredAt":5,"objectId":6,"subscriptionType":"contact.propertyChange","propertyName":"phone","propertyValue":null},
         {"eventId":7,"occurredAt":8,"objectId":9,"subscriptionType":"contact.propertyChange","propertyName":"hs_count","propertyValue":12}]
        """#)
        #expect(events.map(\.kind) == [.merge(primaryObjectID: 3, mergedObjectIDs: [], newObjectID: nil),
                                       .propertyChange(property: "phone", value: nil),
                                       .propertyChange(property: "hs_count", value: "12")])
    }

    @Test func unknownTypesAreKeptVerbatim() throws {
        let events = try parse(#"""
        [{"eventId":1,"occurredAt":2,"objectId":3,"subscriptionType":"contact.somethingNew"},
         {"eventId":1,"occurredAt":2,"objectId":3,"subscriptionType":"ticket.merge"},
         {"eventId":1,"occurredAt":2,"objectId":3,"subscriptionType":"nodot"},
         {"eventId":1,"occurredAt":2,"objectId":3,"subscriptionType":"object.deletion"}]
        """#)
        #expect(events.map(\.kind) == [.other("contact.somethingNew"), .other("ticket.merge"), .other("nodot"),
                                       .other("object.deletion")])
        #expect(events.map(\.objectType) == [.contact, .other, .other, .other])
    }

    @Test func metadataInAnUnexpectedTypeReadsAsAbsent() throws {
        let events = try parse(#"[{"eventId":1,"occurredAt":2,"objectId":3,"subscriptionType":"contact.creation","portalId":"62515","changeSource":7,"attemptNumber":"x","appId":true}]"#)
        #expect(events.first?.portalID == 62515)
        #expect(events.first?.changeSource == nil)
        #expect(events.first?.attemptNumber == nil)
        #expect(events.first?.appID == nil)
    }

    // MARK: Malformed bodies name the event and the field

    @Test(arguments: [
        ("", "invalid_json", nil, nil),
        ("[{]", "invalid_json", nil, nil),
        (#"{"eventId":1}"#, "not_an_array", nil, nil),
        ("null", "not_an_array", nil, nil),
        (#""[]""#, "not_an_array", nil, nil),
        ("[1]", "not_an_object", 0, nil),
        (#"[{"eventId":1,"occurredAt":2,"objectId":3,"subscriptionType":"contact.creation"},[]]"#, "not_an_object", 1, nil),
        (#"[{"eventId":1,"occurredAt":2,"objectId":3,"subscriptionType":"contact.creation"},{"eventId":1,"occurredAt":2,"subscriptionType":"contact.creation"}]"#,
         "missing_field", 1, "objectId"),
        (#"[{"eventId":1,"occurredAt":2,"objectId":null,"subscriptionType":"contact.creation"}]"#, "missing_field", 0, "objectId"),
        (#"[{"eventId":1,"occurredAt":2,"objectId":3}]"#, "missing_field", 0, "subscriptionType"),
        (#"[{"eventId":1,"occurredAt":2,"objectId":3,"subscriptionType":""}]"#, "missing_field", 0, "subscriptionType"),
        (#"[{"eventId":1,"occurredAt":2,"objectId":3,"eventType":5}]"#, "invalid_field", 0, "eventType"),
        (#"[{"occurredAt":2,"objectId":3,"subscriptionType":"contact.creation"}]"#, "missing_field", 0, "eventId"),
        (#"[{"eventId":1,"objectId":3,"subscriptionType":"contact.creation"}]"#, "missing_field", 0, "occurredAt"),
        (#"[{"eventId":1,"occurredAt":2,"objectId":"12a","subscriptionType":"contact.creation"}]"#, "invalid_field", 0, "objectId"),
        (#"[{"eventId":1,"occurredAt":2,"objectId":-5,"subscriptionType":"contact.creation"}]"#, "invalid_field", 0, "objectId"),
        (#"[{"eventId":1,"occurredAt":2,"objectId":1.5,"subscriptionType":"contact.creation"}]"#, "invalid_field", 0, "objectId"),
        (#"[{"eventId":1,"occurredAt":2,"objectId":"","subscriptionType":"contact.creation"}]"#, "invalid_field", 0, "objectId"),
        (#"[{"eventId":1,"occurredAt":2,"objectId":3,"subscriptionType":"contact.merge","mergedObjectIds":[4]}]"#,
         "missing_field", 0, "primaryObjectId"),
        (#"[{"eventId":1,"occurredAt":2,"objectId":3,"subscriptionType":"contact.merge","primaryObjectId":3}]"#,
         "missing_field", 0, "mergedObjectIds"),
        (#"[{"eventId":1,"occurredAt":2,"objectId":3,"subscriptionType":"contact.merge","primaryObjectId":3,"mergedObjectIds":4}]"#,
         "invalid_field", 0, "mergedObjectIds"),
        (#"[{"eventId":1,"occurredAt":2,"objectId":3,"subscriptionType":"contact.merge","primaryObjectId":3,"mergedObjectIds":[4,"x"]}]"#,
         "invalid_field", 0, "mergedObjectIds"),
        (#"[{"eventId":1,"occurredAt":2,"objectId":3,"subscriptionType":"company.propertyChange","propertyValue":"x"}]"#,
         "missing_field", 0, "propertyName"),
        (#"[{"eventId":1,"occurredAt":2,"objectId":3,"subscriptionType":"contact.propertyChange","propertyName":"a","propertyValue":{}}]"#,
         "invalid_field", 0, "propertyValue"),
        (#"[{"eventId":1,"occurredAt":2,"objectId":3,"subscriptionType":"object.merge","objectTypeId":"0-1"}]"#,
         "missing_field", 0, "primaryObjectId"),
    ] as [(String, String, Int?, String?)])
    func malformedBodiesAreErrors(body: String, code: String, index: Int?, field: String?) {
        let error = failure(body)
        #expect(error?.code == code)
        #expect(error?.index == index)
        #expect(error?.field == field)
        if let index, let message = error?.message {
            #expect(message.contains("[\(index)]"))
            if let field { #expect(message.contains(field)) }
        }
    }

    @Test func errorsNeverEchoValuesFromTheBody() {
        let error = failure(#"[{"eventId":1,"occurredAt":2,"objectId":"s3cr3t-value","subscriptionType":"contact.creation"}]"#)
        #expect(error?.path == "[0].objectId")
        #expect(error.map { !$0.description.contains("s3cr3t-value") } == true)
    }

    // MARK: dedupeKey

    @Test func dedupeKeyIgnoresTheAttemptAndSeparatesDifferentChanges() throws {
        let events = try parse(PayloadSamples.mixedBatch)
        let first = events[0]
        #expect(first.dedupeKey == "62515/contact.propertyChange/123/201/1790000000000/firstname")
        let retry = HubSpotEvent(eventID: first.eventID, subscriptionID: first.subscriptionID, portalID: first.portalID,
                                 occurredAt: first.occurredAt, attemptNumber: 5, objectType: first.objectType,
                                 objectID: first.objectID, kind: first.kind, changeSource: first.changeSource)
        #expect(retry.dedupeKey == first.dedupeKey)
        #expect(Set(events.map(\.dedupeKey)).count == events.count)

        func variant(eventID: Int64 = 201, occurredAt: Int64 = 1_790_000_000_000, objectID: Int64 = 123,
                     property: String = "firstname", portalID: Int64? = 62515) -> String
        {
            HubSpotEvent(eventID: eventID, portalID: portalID, occurredAt: occurredAt, objectType: .contact,
                         objectID: objectID, kind: .propertyChange(property: property, value: "x")).dedupeKey
        }
        let base = variant()
        #expect(base == first.dedupeKey)  // the value is not part of the key
        for other in [variant(eventID: 202), variant(occurredAt: 1), variant(objectID: 124), variant(property: "lastname"),
                      variant(portalID: 1)] {
            #expect(other != base)
        }
        // The same event id on two objects or two types stays two events.
        let creation = HubSpotEvent(eventID: 201, portalID: 62515, occurredAt: 1, objectType: .contact, objectID: 1,
                                    kind: .creation)
        let companyCreation = HubSpotEvent(eventID: 201, portalID: 62515, occurredAt: 1, objectType: .company,
                                           objectID: 1, kind: .creation)
        #expect(creation.dedupeKey != companyCreation.dedupeKey)
        #expect(events[8].dedupeKey == "62515/object.propertyChange@0-1/124/209/1790000000008/phone")
    }
}
