@testable import HubSpotEmulator
import JSON
import Testing

@Suite("Duplicate emails and hs_additional_emails")
struct DuplicateEmailTests {
    static let contacts = [
        record(5, ["firstname": "Ada", "email": "ada@example.com"]),
        record(6, ["firstname": "Paul", "email": "paul@primary.example",
                   "hs_additional_emails": "paul.old@example.com;P.Secondary@example.org"]),
    ]

    func emulator(_ answer: DuplicateEmailAnswer) throws -> HubSpotEmulator {
        try makeEmulator(Self.contacts) { $0.behaviour.duplicateEmail = answer }
    }

    func expectConflict(_ answer: Answer, id: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        expectHubSpotError(answer, status: 409, category: "CONFLICT", sourceLocation: sourceLocation)
        #expect(answer.json["message"] == .string("Contact already exists. Existing ID: \(id)"), sourceLocation: sourceLocation)
    }

    func expectValidation(_ answer: Answer, id: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        expectHubSpotError(answer, status: 400, category: "VALIDATION_ERROR", sourceLocation: sourceLocation)
        let message = answer.json["message"]?.stringValue ?? ""
        #expect(message.hasPrefix("Property values were not valid"), sourceLocation: sourceLocation)
        #expect(message.contains("Contact \(id) already has that value"), sourceLocation: sourceLocation)
        #expect(answer.json["errors"]?[0]?["context"]?["id"] == [.string(String(id))], sourceLocation: sourceLocation)
        #expect(answer.json["errors"]?[0]?["context"]?["propertyName"] == ["email"], sourceLocation: sourceLocation)
    }

    @Test("409 (the fast default) for a primary or a secondary email")
    func conflict() throws {
        let emulator = try emulator(.conflict)
        expectConflict(emulator.create(#"{"email":"ADA@example.com"}"#), id: 5)
        expectConflict(emulator.create(#"{"email":"p.secondary@example.org"}"#), id: 6)
        #expect(emulator.counts.contacts == 2)
    }

    @Test("400 naming the existing record for a primary or a secondary email")
    func validation() throws {
        let emulator = try emulator(.validation)
        expectValidation(emulator.create(#"{"email":"ada@example.com"}"#), id: 5)
        expectValidation(emulator.create(#"{"email":"paul.old@example.com"}"#), id: 6)
        #expect(emulator.counts.contacts == 2)
    }

    @Test("hubspot (realistic): 409 for a primary email, 400 for another contact's secondary email")
    func hubspot() throws {
        let emulator = try emulator(.hubspot)
        expectConflict(emulator.create(#"{"email":"ada@example.com"}"#), id: 5)
        expectConflict(emulator.create(#"{"email":"paul@primary.example"}"#), id: 6)
        expectValidation(emulator.create(#"{"email":"paul.old@example.com"}"#), id: 6)
        #expect(emulator.create(#"{"email":"new@example.com"}"#).status == 201)
    }

    @Test("A secondary email is found by query, not by EQ on email")
    func additionalSearch() throws {
        let emulator = try emulator(.hubspot)
        #expect(emulator.search(#"{"query":"paul.old@example.com"}"#).ids == ["6"])
        #expect(emulator.search(#"{"query":"p.secondary@example.org"}"#).ids == ["6"])
        #expect(emulator.ids(matching: #"{"propertyName":"email","operator":"EQ","value":"paul.old@example.com"}"#) == [])
        #expect(emulator.ids(matching: #"{"propertyName":"email","operator":"EQ","value":"paul@primary.example"}"#) == ["6"])
        #expect(emulator.ids(matching: #"{"propertyName":"hs_additional_emails","operator":"CONTAINS_TOKEN","value":"paul.old@example.com"}"#) == ["6"])
    }

    @Test("Switched at run time through /__emulator/behaviour")
    func switched() throws {
        let emulator = try emulator(.conflict)
        #expect(emulator.behave(#"{"duplicateEmail":"400"}"#).status == 200)
        expectValidation(emulator.create(#"{"email":"ada@example.com"}"#), id: 5)
    }
}

@Suite("CONTAINS_TOKEN in the realistic profile")
struct RealisticContainsTokenTests {
    @Test("Whole tokens only, with * wildcards; never substrings")
    func tokens() throws {
        let emulator = try makeEmulator([record(1, ["company": "Analytical Engines Ltd", "email": "ada@lovelace.example"]),
                                         record(2, ["company": "Engineering Partners"])]) {
            $0.behaviour = AccountBehaviour(profile: .realistic)
            $0.behaviour.latency = .none
        }
        #expect(emulator.ids(matching: #"{"propertyName":"company","operator":"CONTAINS_TOKEN","value":"engines"}"#) == ["1"])
        #expect(emulator.ids(matching: #"{"propertyName":"company","operator":"CONTAINS_TOKEN","value":"engine"}"#) == [])
        #expect(emulator.ids(matching: #"{"propertyName":"company","operator":"CONTAINS_TOKEN","value":"lytical"}"#) == [])
        #expect(emulator.ids(matching: #"{"propertyName":"company","operator":"CONTAINS_TOKEN","value":"engin*"}"#) == ["1", "2"])
        #expect(emulator.ids(matching: #"{"propertyName":"company","operator":"CONTAINS_TOKEN","value":"*tical"}"#) == ["1"])
        #expect(emulator.ids(matching: #"{"propertyName":"email","operator":"CONTAINS_TOKEN","value":"*@lovelace.example"}"#) == ["1"])
        #expect(emulator.ids(matching: #"{"propertyName":"email","operator":"CONTAINS_TOKEN","value":"love"}"#) == [])
    }
}
