@testable import MessageStore
import Testing

@Suite("HubSpot's own changes in the store: events kept once, contacts renamed, merged, forgotten")
struct HubSpotChangesTests {
    func named(_ store: MessageStore, _ customer: E164Number, _ name: String, contact: String, company: String? = nil,
               companyID: String? = nil, eventID: String) throws -> ConversationID {
        let outcome = try store.record(event(eventID, message: "AC" + eventID, customer: customer))
        try store.recordLookup(.found(name: PersonName(name), company: company, hubspotContactID: contact,
                                      hubspotCompanyID: companyID), for: customer, now: t0, retryAfter: .hours(12))
        return outcome.conversationID
    }

    @Test func eventsAreStoredOnceAndClaimedOldestFirst() throws {
        try TemporaryDirectory.with { directory in
            let store = try openStore(directory)
            func record(_ key: String, at: Int64) -> HubSpotEventRecord {
                HubSpotEventRecord(dedupeKey: key, eventID: 1, subscriptionType: "contact.propertyChange", objectID: 7,
                                   occurredAt: EpochMilliseconds(at), event: Array("{}".utf8))
            }
            #expect(try store.storeHubSpotEvents([record("b", at: 20), record("a", at: 10)], now: t0) == 2)
            #expect(try store.storeHubSpotEvents([record("a", at: 10)], now: t0) == 0)
            let claimed = try store.claimHubSpotEvents(limit: 10, hold: .seconds(60), now: t0)
            #expect(claimed.map(\.dedupeKey) == ["a", "b"])
            // Claimed: another process gets nothing until the hold lapses.
            #expect(try store.claimHubSpotEvents(limit: 10, hold: .seconds(60), now: t0 + .seconds(1)).isEmpty)
            try store.finishHubSpotEvent("a", now: t0)
            try store.retryHubSpotEvent("b", error: "HubSpot: 503", at: t0 + .seconds(5))
            #expect(try store.pendingHubSpotEventCount() == 1)
            #expect(try store.claimHubSpotEvents(limit: 10, hold: .seconds(60), now: t0 + .seconds(5)).map(\.attempts) == [1])
        }
    }

    @Test func aRenamedContactIsShownAndANumberItDroppedIsLetGo() throws {
        try TemporaryDirectory.with { directory in
            let store = try openStore(directory)
            let kept = try named(store, ada, "Ada Byron", contact: "7", eventID: "EV1")
            let dropped = try named(store, bob, "Ada Byron", contact: "7", eventID: "EV2")
            let state = HubSpotContactState(contactID: "7", name: PersonName("Ada Lovelace"), company: "Engines",
                                            companyID: "40", numbers: [ada])
            #expect(try store.applyHubSpotContact(state) == 2)
            let renamed = try #require(try store.conversation(kept))
            #expect(renamed.name?.rawValue == "Ada Lovelace" && renamed.company == "Engines")
            let released = try #require(try store.conversation(dropped))
            #expect(released.name == nil && released.hubspotContactID == nil && released.nameSource == .none)
            #expect(try store.customers(ofHubSpotContact: "7") == [ada])
            #expect(try store.customers(ofHubSpotCompany: "40") == [ada])
        }
    }

    @Test func aContactWithoutANameKeepsOtherSourcesNamesAndOtherContactsConversations() throws {
        try TemporaryDirectory.with { directory in
            let store = try openStore(directory)
            let fromOpenPhone = try store.record(event("EV1", message: "AC1", customer: ada,
                                                       name: PersonName("Ada (OpenPhone)"))).conversationID
            let otherContact = try named(store, bob, "Bob Other", contact: "9", eventID: "EV2")
            try store.applyHubSpotContact(HubSpotContactState(contactID: "7", name: nil, company: nil, companyID: nil,
                                                              numbers: [ada, bob]))
            #expect(try store.conversation(fromOpenPhone)?.name?.rawValue == "Ada (OpenPhone)")
            #expect(try store.conversation(fromOpenPhone)?.hubspotContactID == "7")
            let kept = try #require(try store.conversation(otherContact))
            #expect(kept.name?.rawValue == "Bob Other" && kept.hubspotContactID == "9")
        }
    }

    @Test func aNameStaffTypedIsNeverReplaced() throws {
        try TemporaryDirectory.with { directory in
            let store = try openStore(directory)
            let id = try named(store, ada, "Ada Byron", contact: "7", eventID: "EV1")
            try store.setName(PersonName("Countess")!, source: .manual, for: id)
            try store.applyHubSpotContact(HubSpotContactState(contactID: "7", name: PersonName("Ada Lovelace"),
                                                              company: nil, companyID: nil, numbers: [ada]))
            #expect(try store.conversation(id)?.name?.rawValue == "Countess")
            try store.forgetHubSpotContact("7")
            #expect(try store.conversation(id)?.name?.rawValue == "Countess")
        }
    }

    @Test func mergedContactsPointAtTheSurvivorAndDeletedOnesAreForgotten() throws {
        try TemporaryDirectory.with { directory in
            let store = try openStore(directory)
            let first = try named(store, ada, "Ada Byron", contact: "7", eventID: "EV1")
            let second = try named(store, bob, "A. Byron", contact: "8", eventID: "EV2")
            #expect(try store.mergeHubSpotContacts(["8"], into: "7") == 1)
            #expect(try store.conversation(second)?.hubspotContactID == "7")
            #expect(Set(try store.customers(ofHubSpotContact: "7")) == [ada, bob])
            #expect(try store.forgetHubSpotContact("7") == 2)
            let forgotten = try #require(try store.conversation(first))
            #expect(forgotten.name == nil && forgotten.hubspotContactID == nil)
            // Let go means looked up again.
            #expect(try store.customersNeedingNames(now: t0 + .seconds(1), limit: 10).contains(ada))
        }
    }

    @Test func conversationsAMergeGaveTheSurvivorStayWithItThroughItsLaterChanges() throws {
        try TemporaryDirectory.with { directory in
            let store = try openStore(directory)
            let own = try named(store, ada, "Ada Lovelace", contact: "7", eventID: "EV1")
            let merged = try named(store, bob, "A. Byron", contact: "8", eventID: "EV2")
            try store.mergeHubSpotContacts(["8"], into: "7")
            // The survivor kept its own number only (HubSpot keeps the primary's values); renamed later.
            let renamed = HubSpotContactState(contactID: "7", name: PersonName("Ada King"), company: nil, companyID: nil,
                                              numbers: [ada])
            #expect(try store.applyHubSpotContact(renamed) == 2)
            for id in [own, merged] {
                let shown = try #require(try store.conversation(id))
                #expect(shown.hubspotContactID == "7" && shown.name?.rawValue == "Ada King")
            }
            // A lookup that finds another contact for the number links it by number: no longer the merge's.
            try store.recordLookup(.found(name: PersonName("Bob Byron"), company: nil, hubspotContactID: "9",
                                          hubspotCompanyID: nil), for: bob, now: t0, retryAfter: .hours(12))
            #expect(try store.conversation(merged)?.hubspotContactID == "9")
            try store.applyHubSpotContact(HubSpotContactState(contactID: "9", name: PersonName("Bob Byron"),
                                                              company: nil, companyID: nil, numbers: []))
            #expect(try store.conversation(merged)?.hubspotContactID == nil)
        }
    }

    @Test func aReadThatBeganBeforeTheContactEndedDoesNotBringItBack() throws {
        try TemporaryDirectory.with { directory in
            let store = try openStore(directory)
            let id = try named(store, ada, "Temp Person", contact: "7", eventID: "EV1")
            let asRead = HubSpotContactState(contactID: "7", name: PersonName("Temp Person"), company: nil,
                                             companyID: nil, numbers: [ada])
            // Another process's read starts; the deletion is applied; then the read answers.
            let readAt = t0
            try store.endHubSpotContacts(["7"], at: t0 + .seconds(1))
            try store.forgetHubSpotContact("7")
            #expect(try store.applyHubSpotContact(asRead, readAt: readAt) == nil)
            #expect(try store.conversation(id)?.hubspotContactID == nil)
            // A read that began after the end is HubSpot's word now (a restored contact is read again).
            #expect(try store.applyHubSpotContact(asRead, readAt: t0 + .seconds(2)) == 1)
            try store.forgetHubSpotContact("7")
            try store.restoreHubSpotContact("7")
            #expect(try store.applyHubSpotContact(asRead, readAt: readAt) == 1)
            #expect(try store.conversation(id)?.hubspotContactID == "7")
        }
    }

    @Test func aLookupThatFindsAContactHubSpotEndedDoesNotUndoTheMerge() throws {
        try TemporaryDirectory.with { directory in
            let store = try openStore(directory)
            let merged = try named(store, bob, "A. Byron", contact: "8", eventID: "EV1")
            // The merge is applied while a search for the number, begun before it, is in flight.
            try store.endHubSpotContacts(["8"])
            try store.mergeHubSpotContacts(["8"], into: "7")
            try store.recordLookup(.found(name: PersonName("A. Byron"), company: nil, hubspotContactID: "8",
                                          hubspotCompanyID: nil), for: bob, now: t0, retryAfter: .hours(12))
            #expect(try store.conversation(merged)?.hubspotContactID == "7")
        }
    }

    @Test func aRenamedCompanyReachesItsContactsConversations() throws {
        try TemporaryDirectory.with { directory in
            let store = try openStore(directory)
            let id = try named(store, ada, "Ada Byron", contact: "7", company: "Old Name Ltd", companyID: "40", eventID: "EV1")
            let other = try named(store, bob, "Bob", contact: "8", company: "Other", companyID: "41", eventID: "EV2")
            #expect(try store.renameHubSpotCompany("40", to: "New Name Ltd") == 1)
            #expect(try store.conversation(id)?.company == "New Name Ltd")
            #expect(try store.conversation(other)?.company == "Other")
        }
    }
}
