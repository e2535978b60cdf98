@testable import MessageStore
import Testing

@Suite struct NameSyncTests {
    @Test func notFoundNumbersMoveBackSoOthersGetTheirTurn() throws {
        try TemporaryDirectory.with { directory in
            let store = try openStore(directory)
            for index in 0..<10 {
                try store.record(event("EV\(index)", message: "AC\(index)", customer: customer(index), at: at(Int64(index))))
            }
            let now = at(3600)
            let first = try store.customersNeedingNames(now: now, limit: 4)
            #expect(first == (0..<4).map(customer))
            for number in first {
                try store.recordLookup(.notFound, for: number, now: now, retryAfter: .hours(24))
            }
            let second = try store.customersNeedingNames(now: now, limit: 4)
            #expect(second == (4..<8).map(customer))
            for number in second {
                try store.recordLookup(.error, for: number, now: now, retryAfter: .minutes(5))
            }
            #expect(try store.customersNeedingNames(now: now, limit: 4) == [customer(8), customer(9)])
            // Errors come back before not-founds.
            #expect(try store.customersNeedingNames(now: now + .minutes(5), limit: 10) == [customer(8), customer(9)] + (4..<8).map(customer))
            #expect(try store.customersNeedingNames(now: now + .hours(24), limit: 10).count == 10)
        }
    }

    @Test func aFoundNameEndsLookupsForEveryConversationOfTheNumber() throws {
        try TemporaryDirectory.with { directory in
            let store = try openStore(directory)
            let onMain = try store.record(event("EV1", message: "AC1")).conversationID
            let onOther = try store.record(event("EV2", message: "AC2", line: otherLine, at: at(1))).conversationID
            try store.record(event("EV3", message: "AC3", customer: bob, at: at(2)))
            #expect(try store.customersNeedingNames(now: at(10), limit: 10) == [ada, bob])  // ada once
            #expect(try store.nameSyncProgress(now: at(10)) == NameSyncProgress(total: 3, unnamed: 3, due: 3))

            let updated = try store.recordLookup(.found(name: PersonName("Ada Lovelace"), company: "Engines", hubspotContactID: "7"),
                                                 for: ada, now: at(10), retryAfter: .hours(24))
            #expect(updated == 2)
            for id in [onMain, onOther] {
                let conversation = try #require(try store.conversation(id))
                #expect(conversation.name?.rawValue == "Ada Lovelace")
                #expect(conversation.nameSource == .hubspot)
                #expect(conversation.company == "Engines")
                #expect(conversation.hubspotContactID == "7")
            }
            #expect(try store.customersNeedingNames(now: at(10_000_000), limit: 10) == [bob])
            #expect(try store.nameSyncProgress(now: at(10)) == NameSyncProgress(total: 3, unnamed: 1, due: 1))
            RawDatabase.with(directory.database) { raw in
                #expect(raw.text("SELECT lookup_outcome FROM conversations WHERE id = \(onOther.rawValue)") == "found")
                #expect(raw.integer("SELECT looked_up_at FROM conversations WHERE id = \(onOther.rawValue)") == at(10).rawValue)
                #expect(raw.integer("SELECT next_lookup_at IS NULL FROM conversations WHERE id = \(onOther.rawValue)") == 1)
            }
        }
    }

    @Test func aContactWithoutANameKeepsItsIDAndIsRetriedLater() throws {
        try TemporaryDirectory.with { directory in
            let store = try openStore(directory)
            let id = try store.record(event("EV1")).conversationID
            try store.recordLookup(.found(name: nil, company: "Acme", hubspotContactID: "9"), for: ada,
                                   now: at(0), retryAfter: .hours(1))
            let conversation = try #require(try store.conversation(id))
            #expect(conversation.name == nil)
            #expect(conversation.hubspotContactID == "9")
            #expect(conversation.company == "Acme")
            #expect(try store.customersNeedingNames(now: at(60), limit: 10).isEmpty)
            #expect(try store.customersNeedingNames(now: at(3600), limit: 10) == [ada])
            #expect(try store.nameSyncProgress(now: at(60)) == NameSyncProgress(total: 1, unnamed: 1, due: 0))
        }
    }

    @Test func aLookupNeverOverwritesAManualNameAndManualNamesAreNotSelected() throws {
        try TemporaryDirectory.with { directory in
            let store = try openStore(directory)
            let id = try store.record(event("EV1")).conversationID
            try store.setName(PersonName("Staff Name")!, source: .manual, for: id)
            #expect(try store.customersNeedingNames(now: at(0), limit: 10).isEmpty)
            try store.recordLookup(.found(name: PersonName("HubSpot Name"), company: nil, hubspotContactID: "5"),
                                   for: ada, now: at(0), retryAfter: .hours(1))
            #expect(try store.conversation(id)?.name?.rawValue == "Staff Name")
        }
    }

    @Test func anOpenPhoneNameStillWantsAHubSpotLookup() throws {
        try TemporaryDirectory.with { directory in
            let store = try openStore(directory)
            try store.record(event("EV1", name: PersonName("OpenPhone Name")))
            #expect(try store.customersNeedingNames(now: at(0), limit: 10) == [ada])
        }
    }

    @Test func aClaimKeepsOthersOffANumberUntilItsLookupIsRecordedOrTheHoldLapses() throws {
        try TemporaryDirectory.with { directory in
            let store = try openStore(directory)
            try store.record(event("EV1", message: "AC1"))
            try store.record(event("EV2", message: "AC2", line: otherLine, at: at(1)))
            try store.record(event("EV3", message: "AC3", customer: bob, at: at(2)))
            let now = at(10)

            #expect(try store.claimLookups([ada], now: now, hold: .seconds(60)) == [ada])
            // Another process asking for the same numbers gets only what nobody holds.
            #expect(try store.claimLookups([ada, bob], now: now, hold: .seconds(60)) == [bob])
            #expect(try store.customersNeedingNames(now: now, limit: 10).isEmpty)
            // A claimer that never records lets go when the hold lapses.
            #expect(try store.claimLookups([ada], now: now + .seconds(61), hold: .seconds(60)) == [ada])
            // A recorded lookup replaces the hold with its own back-off.
            try store.recordLookup(.notFound, for: bob, now: now, retryAfter: .hours(12))
            #expect(try store.claimLookups([bob], now: now + .seconds(61), hold: .seconds(60)).isEmpty)
            try store.recordLookup(.found(name: PersonName("Ada Lovelace"), company: nil, hubspotContactID: "7"),
                                   for: ada, now: now, retryAfter: .hours(24))
            #expect(try store.claimLookups([ada], now: now + .hours(48), hold: .seconds(60)).isEmpty)
        }
    }

    @Test func endingTheErrorBackoffMakesOnlyErroredNumbersDue() throws {
        try TemporaryDirectory.with { directory in
            let store = try openStore(directory)
            try store.record(event("EV1", message: "AC1"))
            try store.record(event("EV3", message: "AC3", customer: bob, at: at(2)))
            let now = at(10)
            try store.recordLookup(.error, for: ada, now: now, retryAfter: .minutes(5))
            try store.recordLookup(.notFound, for: bob, now: now, retryAfter: .hours(12))
            #expect(try store.customersNeedingNames(now: now, limit: 10).isEmpty)

            #expect(try store.endErrorBackoff(now: now) == 1)

            #expect(try store.customersNeedingNames(now: now, limit: 10) == [ada])
            // A number claimed for a lookup in progress is not the error's any more.
            try store.recordLookup(.error, for: ada, now: now, retryAfter: .minutes(5))
            #expect(try store.endErrorBackoff(now: now) == 1)
            #expect(try store.claimLookups([ada], now: now, hold: .seconds(60)) == [ada])
            #expect(try store.endErrorBackoff(now: now) == 0)
            #expect(try store.customersNeedingNames(now: now, limit: 10).isEmpty)
        }
    }

    @Test func aClaimIsExtendedOnlyWhileItsLookupIsInProgress() throws {
        try TemporaryDirectory.with { directory in
            let store = try openStore(directory)
            try store.record(event("EV1", message: "AC1"))
            try store.record(event("EV3", message: "AC3", customer: bob, at: at(2)))
            let now = at(10)
            #expect(try store.claimLookups([ada, bob], now: now, hold: .seconds(60)) == [ada, bob])
            try store.recordLookup(.notFound, for: bob, now: now, retryAfter: .hours(12))

            try store.extendClaims([ada, bob], until: now + .seconds(600))

            // ada's claim now outlasts the original hold; bob keeps its recorded back-off.
            #expect(try store.claimLookups([ada], now: now + .seconds(120), hold: .seconds(60)).isEmpty)
            #expect(try store.claimLookups([ada], now: now + .seconds(601), hold: .seconds(60)) == [ada])
            #expect(try store.claimLookups([bob], now: now + .seconds(601), hold: .seconds(60)).isEmpty)
            #expect(try store.customersAfterErrors(limit: 10).isEmpty)
        }
    }
}
