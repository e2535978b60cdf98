import Base
import JSON
import Testing
@testable import HubSpotWebhooks

@Suite("HubSpot webhook encoding (the emulator's side)")
struct EncodingTests {
    static let events: [HubSpotEvent] = [
        HubSpotEvent(eventID: 1, subscriptionID: 10, portalID: 62515, occurredAt: 1_790_000_000_000, attemptNumber: 0,
                     objectType: .contact, objectID: 123, kind: .propertyChange(property: "firstname", value: "Zoë \"Z\""),
                     changeSource: "CRM_UI", appID: 54321, sourceID: "userId:1"),
        HubSpotEvent(eventID: 2, occurredAt: 1_790_000_000_001, objectType: .contact, objectID: 123,
                     kind: .propertyChange(property: "phone", value: nil)),
        HubSpotEvent(eventID: 3, subscriptionID: 11, portalID: 62515, occurredAt: 1_790_000_000_002, attemptNumber: 3,
                     objectType: .company, objectID: 777, kind: .propertyChange(property: "name", value: "")),
        HubSpotEvent(eventID: 4, occurredAt: 5, objectType: .contact, objectID: 123,
                     kind: .merge(primaryObjectID: 123, mergedObjectIDs: [456, 789], newObjectID: 999)),
        HubSpotEvent(eventID: 5, occurredAt: 6, objectType: .company, objectID: 9,
                     kind: .merge(primaryObjectID: 9, mergedObjectIDs: [], newObjectID: nil)),
        HubSpotEvent(eventID: 6, occurredAt: 7, objectType: .contact, objectID: 1, kind: .creation, changeFlag: "NEW"),
        HubSpotEvent(eventID: 7, occurredAt: 8, objectType: .contact, objectID: 1, kind: .deletion),
        HubSpotEvent(eventID: 8, occurredAt: 9, objectType: .company, objectID: 1, kind: .restore),
        HubSpotEvent(eventID: 9, occurredAt: 10, objectType: .contact, objectID: 1, kind: .associationChange),
        HubSpotEvent(eventID: 10, occurredAt: 11, objectType: .contact, objectID: 1, kind: .other("contact.privacyDeletion")),
        HubSpotEvent(eventID: 11, occurredAt: 12, objectType: .other, objectID: 1, kind: .other("deal.creation")),
        HubSpotEvent(eventID: 12, occurredAt: 13, objectType: .contact, objectID: 2,
                     kind: .propertyChange(property: "lastname", value: "Li"), objectTypeID: "0-1"),
        HubSpotEvent(eventID: 13, occurredAt: 14, objectType: .company, objectID: 3, kind: .deletion, objectTypeID: "0-2"),
        HubSpotEvent(eventID: 14, occurredAt: 15, objectType: .other, objectID: 4, kind: .other("object.creation"),
                     objectTypeID: "0-3"),
        HubSpotEvent(eventID: Int64.max, occurredAt: Int64.max, objectType: .contact, objectID: Int64.max, kind: .creation),
    ]

    @Test func encodeThenParseGivesTheSameEvents() throws {
        #expect(try HubSpotEvents.parse(HubSpotEvents.encode(Self.events)) == Self.events)
        #expect(try HubSpotEvents.parse(HubSpotEvents.encode([])) == [])
    }

    @Test func parsedSamplesSurviveAnEncodeParseCycle() throws {
        for body in [bytes(PayloadSamples.guideBatch), bytes(PayloadSamples.mixedBatch), Vectors.body, Vectors.vectorEBody] {
            let events = try HubSpotEvents.parse(body)
            #expect(try HubSpotEvents.parse(HubSpotEvents.encode(events)) == events)
        }
    }

    @Test func encodesAsHubSpotSendsIt() throws {
        let sent = try HubSpotEvents.parse(Vectors.body)
        // Our fixture was written in HubSpot's field order, so encoding reproduces it byte for byte.
        #expect(HubSpotEvents.encode(sent) == Vectors.body)
        let merge = Self.events[3].json
        #expect(merge["subscriptionType"] == "contact.merge")
        #expect(merge["primaryObjectId"] == 123)
        #expect(merge["mergedObjectIds"] == [456, 789])
        #expect(merge["newObjectId"] == 999)
        let generic = Self.events[11].json
        #expect(generic["subscriptionType"] == "object.propertyChange")
        #expect(generic["objectTypeId"] == "0-1")
        // Absent optionals are left out rather than sent as null.
        #expect(Self.events[1].json.objectValue?.keys == ["eventId", "occurredAt", "subscriptionType", "objectId",
                                                          "propertyName"])
    }

    @Test func aSignedEncodedDeliveryVerifiesAndParses() throws {
        let body = HubSpotEvents.encode(Self.events)
        let timestamp = "1790000001000"
        let signature = HubSpotSignature.v3(secret: Vectors.secret, method: "POST", url: Vectors.url, body: body,
                                            timestamp: timestamp)
        let verifier = HubSpotWebhookVerifier(secret: Vectors.secret, publicURL: Vectors.url, acceptV1: false)
        try verifier.verify(method: "POST", body: body,
                            headers: headers([HubSpotWebhookHeader.signatureV3: signature,
                                              HubSpotWebhookHeader.timestamp: timestamp]),
                            now: Vectors.timestamp)
        #expect(try HubSpotEvents.parse(body) == Self.events)
    }
}
