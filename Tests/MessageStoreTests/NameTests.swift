@testable import MessageStore
import Testing

@Suite struct NameTests {
    @Test(arguments: ["+1 902 555 1234", "(902) 555-1234", "902.555.1234", "+19025551234", "555-1234 x12",
                      "Ext. 12 345", "Unknown", "UNKNOWN", "unknown unknown", "  ", "", "\t\n", "١٢٣٤٥٦٧"])
    func placeholdersAndNumbersAreNotNames(_ raw: String) {
        #expect(PersonName(raw) == nil)
    }

    @Test(arguments: [("  Ada Lovelace ", "Ada Lovelace"), ("Bay 123", "Bay 123"), ("Rex 4", "Rex 4"),
                      ("Unknown Pleasures", "Unknown Pleasures"), ("Zoë", "Zoë"), ("X Æ A-12", "X Æ A-12"),
                      ("J.", "J.")])
    func realNamesAreTrimmedAndKept(_ raw: String, _ expected: String) {
        #expect(PersonName(raw)?.rawValue == expected)
    }

    @Test func aNameIsOnlyReplacedByAnEqualOrBetterSource() throws {
        try TemporaryDirectory.with { directory in
            let store = try openStore(directory)
            let id = try store.record(event("EV1")).conversationID
            let name = { (text: String) in PersonName(text)! }

            #expect(try store.setName(name("Op One"), source: .openphone, for: id))
            #expect(try store.setName(name("Hub Spot"), company: "Acme", hubspotContactID: "101", source: .hubspot, for: id))
            #expect(try store.setName(name("Op Two"), source: .openphone, for: id) == false)
            #expect(try store.setName(name("Hub Renamed"), source: .hubspot, for: id))  // same rank refreshes
            #expect(try store.setName(name("Staff Typed"), source: .manual, for: id))
            #expect(try store.setName(name("Hub Again"), company: "Other", source: .hubspot, for: id) == false)
            #expect(try store.setName(name("Nobody"), source: .none, for: id) == false)

            let conversation = try #require(try store.conversation(id))
            #expect(conversation.name?.rawValue == "Staff Typed")
            #expect(conversation.nameSource == .manual)
            #expect(conversation.company == "Acme")          // kept: nil company and the refused write
            #expect(conversation.hubspotContactID == "101")
        }
    }

    @Test func aNameForANumberNamesEveryConversationOfThatCustomer() throws {
        try TemporaryDirectory.with { directory in
            let store = try openStore(directory)
            let onMain = try store.record(event("EV1", message: "AC1")).conversationID
            let onOther = try store.record(event("EV2", message: "AC2", line: otherLine)).conversationID
            let other = try store.record(event("EV3", message: "AC3", customer: bob)).conversationID
            try store.setName(PersonName("Kept By Staff")!, source: .manual, for: onOther)

            #expect(try store.setName(PersonName("Ada Lovelace")!, company: "Unknown", source: .hubspot, forCustomer: ada) == 1)
            #expect(try store.conversation(onMain)?.name?.rawValue == "Ada Lovelace")
            #expect(try store.conversation(onMain)?.company == nil)  // "Unknown" is not a company either
            #expect(try store.conversation(onOther)?.name?.rawValue == "Kept By Staff")
            #expect(try store.conversation(other)?.name == nil)
        }
    }

    @Test func anOpenPhoneNameFromAWebhookIsStoredBelowHubSpot() throws {
        try TemporaryDirectory.with { directory in
            let store = try openStore(directory)
            let id = try store.record(event("EV1", name: PersonName("From OpenPhone"))).conversationID
            #expect(try store.conversation(id)?.nameSource == .openphone)
            try store.setName(PersonName("From HubSpot")!, source: .hubspot, for: id)
            try store.record(event("EV2", message: "AC2", at: at(1), name: PersonName("OpenPhone Later")))
            #expect(try store.conversation(id)?.name?.rawValue == "From HubSpot")
        }
    }

    @Test func sourcesAreOrdered() {
        #expect(NameSource.allCases.sorted() == [.none, .openphone, .hubspot, .manual])
        #expect(NameSource.allCases.filter(\.needsLookup) == [.none, .openphone])
    }
}
