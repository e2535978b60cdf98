import EmulatorSupport
import HTTPServer
@testable import HubSpotEmulator
import JSON
import Testing

/// Without a webhook target the events are recorded as `skipped` deliveries, which is what these
/// tests read; `WebhookDeliveryTests` sends them for real.
@Suite("Contact changes and the webhook events they make")
struct ContactChangeTests {
    let contacts = [record(1, ["firstname": "Ada", "lastname": "Lovelace", "phone": "+1 415 555 0101"]),
                    record(2, ["firstname": "Bo", "email": "bo@example.com", "company": "Acme"])]

    @Test("PATCH sets and clears properties; one propertyChange per watched property that changed")
    func update() throws {
        let emulator = try makeEmulator(contacts)
        let answer = emulator.call("PATCH", "/crm/v3/objects/contacts/1",
                                   body: #"{"properties":{"firstname":"Ana","lastname":"Lovelace","phone":"","jobtitle":"CTO"}}"#)
        #expect(answer.status == 200, "\(answer.response.bodyText)")
        #expect(answer.json["properties"]?["firstname"] == "Ana")
        #expect(answer.json["properties"]?["phone"] == nil)
        #expect(answer.json["properties"]?["hs_searchable_calculated_phone_number"] == nil)
        #expect(emulator.ids(matching: #"{"propertyName":"firstname","operator":"EQ","value":"ana"}"#) == ["1"])
        #expect(emulator.search(#"{"query":"Ana"}"#).ids == ["1"])
        let events = emulator.waitForWebhookEvents(2)
        #expect(summary(events) == ["contact.propertyChange 1 firstname=Ana", "contact.propertyChange 1 phone="])
        #expect(emulator.webhookLog()["deliveries"]?[0]?["state"] == "skipped")
        #expect(Set(events.compactMap { $0["eventId"]?.intValue }).count == 2)
    }

    @Test("PATCH errors: unknown contact 404, bad property 400, another contact's email 409")
    func updateErrors() throws {
        let emulator = try makeEmulator(contacts)
        expectHubSpotError(emulator.call("PATCH", "/crm/v3/objects/contacts/9", body: #"{"properties":{"firstname":"X"}}"#),
                           status: 404, category: "OBJECT_NOT_FOUND")
        expectHubSpotError(emulator.call("PATCH", "/crm/v3/objects/contacts/1", body: #"{"properties":{"colour":"X"}}"#),
                           status: 400, category: "VALIDATION_ERROR")
        expectHubSpotError(emulator.call("PATCH", "/crm/v3/objects/contacts/1",
                                         body: #"{"properties":{"email":"bo@example.com"}}"#),
                           status: 409, category: "CONFLICT")
        expectHubSpotError(emulator.call("PATCH", "/crm/v3/objects/contacts/1", body: #"{"properties":{"firstname":"X"}}"#,
                                         token: "emulator-token-read-only"),
                           status: 403, category: "MISSING_SCOPES")
        #expect(emulator.stats()["webhooks"]?["events"] == 0)  // counted when made, before any window closes
    }

    @Test("DELETE answers 204, the contact is gone, its communications lose the association")
    func delete() throws {
        let emulator = try makeEmulator(contacts)
        #expect(emulator.batchCreate([smsInput(contact: 1, body: "hi")]).status == 201)
        #expect(emulator.call("DELETE", "/crm/v3/objects/contacts/1").status == 204)
        #expect(emulator.call("GET", "/crm/v3/objects/contacts/1").status == 404)
        #expect(emulator.call("DELETE", "/crm/v3/objects/contacts/1").status == 204)  // again: still 204, no event
        #expect(emulator.storedCommunications().first?["contactIds"] == [])
        #expect(summary(emulator.waitForWebhookEvents(1)) == ["contact.deletion 1"])
        // A new contact never reuses the deleted id.
        #expect(emulator.create(#"{"firstname":"New"}"#).json["id"] != "1")
    }

    @Test("Merge: the survivor keeps the primary id, fills blanks from the loser, takes its communications")
    func merge() throws {
        let emulator = try makeEmulator(contacts)
        #expect(emulator.batchCreate([smsInput(contact: 2, body: "hi")]).status == 201)
        let answer = emulator.call("POST", "/crm/v3/objects/contacts/merge",
                                   body: #"{"primaryObjectId":"1","objectIdToMerge":"2"}"#)
        #expect(answer.status == 200, "\(answer.response.bodyText)")
        #expect(answer.json["id"] == "1")
        #expect(answer.json["properties"]?["firstname"] == "Ada")
        #expect(answer.json["properties"]?["company"] == "Acme")
        #expect(emulator.call("GET", "/crm/v3/objects/contacts/2").json["id"] == "1")
        #expect(emulator.storedCommunications().first?["contactIds"] == ["1"])
        let events = emulator.waitForWebhookEvents(1)
        #expect(summary(events) == ["contact.merge 1"])
        #expect(events.first?["primaryObjectId"] == 1 && events.first?["mergedObjectIds"] == [2])
        #expect(events.first?["newObjectId"] == nil)
        expectHubSpotError(emulator.call("POST", "/crm/v3/objects/contacts/merge",
                                         body: #"{"primaryObjectId":"1","objectIdToMerge":"1"}"#),
                           status: 400, category: "VALIDATION_ERROR")
        expectHubSpotError(emulator.call("POST", "/crm/v3/objects/contacts/merge",
                                         body: #"{"primaryObjectId":"1","objectIdToMerge":"2"}"#),
                           status: 404, category: "OBJECT_NOT_FOUND")
    }

    @Test("Merge with mergeCreatesNewID: both old ids lead to a new one, named in newObjectId")
    func mergeNewID() throws {
        let emulator = try makeEmulator(contacts)
        emulator.behave(#"{"mergeCreatesNewID":true}"#)
        let answer = emulator.call("POST", "/crm/v3/objects/contacts/merge",
                                   body: #"{"primaryObjectId":"1","objectIdToMerge":"2"}"#)
        let newID = try #require(answer.json["id"]?.stringValue)
        #expect(newID != "1" && newID != "2")
        #expect(emulator.call("GET", "/crm/v3/objects/contacts/1").json["id"]?.stringValue == newID)
        #expect(emulator.call("GET", "/crm/v3/objects/contacts/2").json["id"]?.stringValue == newID)
        let event = emulator.waitForWebhookEvents(1).first
        #expect(event?["newObjectId"]?.intValue == Int64(newID))
        #expect(event?["primaryObjectId"] == 1)
    }

    @Test("Control paths make the same changes without a token; creation reports the watched properties set")
    func controlPaths() throws {
        let emulator = try makeEmulator(contacts, companies: [record(7, ["name": "Acme"])])
        let created = emulator.call("POST", "/__emulator/contacts",
                                    body: #"{"properties":{"firstname":"Cy","email":"cy@example.com"}}"#, token: nil)
        #expect(created.status == 201)
        let id = try #require(created.json["id"]?.stringValue)
        #expect(emulator.call("PATCH", "/__emulator/contacts/\(id)", body: #"{"properties":{"lastname":"Lee"}}"#,
                              token: nil).status == 200)
        #expect(emulator.call("PATCH", "/__emulator/companies/7", body: #"{"properties":{"name":"Acme Ltd"}}"#,
                              token: nil).status == 200)
        #expect(emulator.call("POST", "/__emulator/contacts/merge", body: #"{"primaryObjectId":"1","objectIdToMerge":"2"}"#,
                              token: nil).status == 200)
        #expect(emulator.call("DELETE", "/__emulator/contacts/\(id)", token: nil).status == 204)
        #expect(emulator.call("PATCH", "/__emulator/contacts/99", body: #"{"properties":{}}"#, token: nil).status == 404)
        let events = emulator.waitForWebhookEvents(6)
        #expect(Set(summary(events)) == ["contact.creation \(id)", "contact.propertyChange \(id) firstname=Cy",
                                         "contact.propertyChange \(id) lastname=Lee", "company.propertyChange 7 name=Acme Ltd",
                                         "contact.merge 1", "contact.deletion \(id)"])
        #expect(emulator.stats()["calls"]?["update"] == 0)  // control paths are not API calls
        #expect(emulator.stats()["webhooks"]?["events"] == 6)
    }

    @Test("Reset forgets recorded deliveries")
    func reset() throws {
        let emulator = try makeEmulator(contacts)
        _ = emulator.call("PATCH", "/crm/v3/objects/contacts/1", body: #"{"properties":{"firstname":"Ana"}}"#)
        #expect(emulator.waitForWebhookEvents(1).count == 1)
        #expect(emulator.call("POST", "/__emulator/reset", token: nil).status == 200)
        #expect(emulator.webhookEvents().isEmpty)
        #expect(emulator.call("GET", "/crm/v3/objects/contacts/1").json["properties"]?["firstname"] == "Ada")
    }
}
