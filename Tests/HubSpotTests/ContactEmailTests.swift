import JSON
import Testing
@testable import HubSpot

/// The emails HubSpot refuses to give a second contact are a contact's primary email and its
/// secondary ones (`hs_additional_emails`): creating looks for both, and a refused create ends
/// with the contact that holds the email.
@Suite("Contacts by primary or secondary email")
struct ContactEmailTests {
    static func record(_ id: Int, email: String, additional: String? = nil, first: String) -> JSONValue {
        var properties: JSONObject = ["email": .string(email), "firstname": .string(first),
                                      "lastmodifieddate": "2026-01-01T00:00:00Z"]
        if let additional { properties["hs_additional_emails"] = .string(additional) }
        return ["id": .string(String(id)), "properties": .object(properties)]
    }

    static let contacts = [
        record(5, email: "ada@example.com", first: "Ada"),
        record(6, email: "paul@primary.example", additional: "paul.old@example.com;P.Secondary@example.org", first: "Paul"),
        record(7, email: "other@example.com", additional: "xpaul.old@example.com", first: "Other"),
    ]

    func directory(_ emulator: EmulatorProcess) throws -> ContactDirectory {
        ContactDirectory(client: try emulator.stack().client)
    }

    @Test func aSecondaryEmailFindsItsContact() throws {
        let emulator = try EmulatorProcess(contacts: Self.contacts)
        let directory = try directory(emulator)
        #expect(try directory.lookup(email: "paul.old@example.com")?.id == "6")
        #expect(try directory.lookup(email: "p.secondary@example.org")?.id == "6")
        #expect(try directory.lookup(email: "ada@example.com")?.id == "5")
        #expect(try directory.lookup(email: "nobody@example.com") == nil)
    }

    @Test func onlyAWholeEmailMatchesAndPrimaryWins() throws {
        let objects = try [
            HubSpotObject(json: Self.record(7, email: "other@example.com", additional: "xpaul.old@example.com", first: "O")),
            HubSpotObject(json: Self.record(6, email: "a@b.example", additional: " PAUL.old@example.com ;z@b.example", first: "P")),
            HubSpotObject(json: Self.record(9, email: "Paul.Old@example.com", first: "Q")),
        ]
        #expect(ContactDirectory.holder(of: "paul.old@example.com", among: objects)?.id == "9")
        #expect(ContactDirectory.holder(of: "paul.old@example.com", among: Array(objects.prefix(2)))?.id == "6")
        #expect(ContactDirectory.holder(of: "old@example.com", among: objects) == nil)
        #expect(ContactDirectory.holder(of: "", among: objects) == nil)
    }

    @Test func aRefusedCreateEndsWithTheContactHubSpotNamedOrTheEmailsHolder() throws {
        let emulator = try EmulatorProcess(contacts: Self.contacts)
        let directory = try directory(emulator)
        // The emulator's default answer: 409 "Existing ID: 6".
        let refusal: HubSpotError
        do {
            _ = try directory.create(properties: [("firstname", "P"), ("email", "paul.old@example.com")])
            Issue.record("a duplicate email was created")
            return
        } catch {
            refusal = error
        }
        #expect(refusal.kind == .alreadyExists && refusal.existingID == "6")
        #expect(try directory.existing(after: refusal, email: nil)?.id == "6")
        // HubSpot named no record: the one holding the email.
        let unnamed = HubSpotError.alreadyExists(existingID: nil, status: 400)
        #expect(try directory.existing(after: unnamed, email: "p.secondary@example.org")?.id == "6")
        #expect(try directory.existing(after: unnamed, email: nil) == nil)
        // A named record that is gone: the email decides.
        let gone = HubSpotError.alreadyExists(existingID: "404404", status: 400)
        #expect(try directory.existing(after: gone, email: "ada@example.com")?.id == "5")
    }

    @Test func aRefusalDuringIndexLagFindsTheNewContactByItsEmailKey() throws {
        let emulator = try EmulatorProcess(contacts: Self.contacts)
        try emulator.fault(["indexLagMs": 60_000])
        let (_, client) = try emulator.stack()
        let directory = ContactDirectory(client: client)
        let created = try client.createContact(properties: [("email", "Fresh+Tag@Example.com"), ("firstname", "Fresh")])

        // Search has not caught up; the key read has.
        #expect(try directory.lookup(email: "fresh+tag@example.com") == nil)
        let found = try directory.existing(after: .alreadyExists(existingID: nil, status: 400), email: "fresh+tag@example.com")
        #expect(found?.id == created.id)
        #expect(try client.contact(email: "nobody@example.com") == nil)
    }
}
