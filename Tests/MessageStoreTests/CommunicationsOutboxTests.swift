@testable import MessageStore
import Testing

@Suite("The communications outbox: queued with the message, sent once, checked after a lost answer")
struct CommunicationsOutboxTests {
    func logging(_ directory: TemporaryDirectory) throws -> MessageStore {
        try MessageStore(location: storeLocation(directory), options: .init(logsMessagesToHubSpot: true))
    }

    func contact(_ store: MessageStore, _ customer: E164Number, _ id: String) throws {
        try store.recordLookup(.found(name: PersonName("Ada"), company: nil, hubspotContactID: id), for: customer,
                               now: t0, retryAfter: .hours(1))
    }

    @Test func messagesAreQueuedOnlyWhenLoggingIsOnAndWaitForTheirContact() throws {
        try TemporaryDirectory.with { directory in
            try openStore(directory).record(event("EV0", message: "AC0"))  // before logging was turned on
            let store = try logging(directory)
            try store.record(event("EV1", message: "AC1", at: at(1)))
            try store.record(event("EV1", message: "AC1", at: at(1)))  // a redelivery queues nothing more
            #expect(try store.outboxSummary(now: at(10)).waitingForContact == 1)
            #expect(try store.claimOutboxBatch(limit: 100, answerBy: at(40), now: at(10)).isEmpty)
            try contact(store, ada, "7")
            let batch = try store.claimOutboxBatch(limit: 100, answerBy: at(40), now: at(10))
            #expect(batch.map(\.contactID) == ["7"] && batch.map(\.text) == ["Hello"])
            #expect(try store.outboxSummary(now: at(10)).unconfirmed == 1)
        }
    }

    @Test func aLostAnswerIsCheckedBeforeAnythingIsSentAgain() throws {
        try TemporaryDirectory.with { directory in
            let store = try logging(directory)
            try store.record(event("EV1", message: "AC1", at: at(1)))
            try contact(store, ada, "7")
            let sent = try store.claimOutboxBatch(limit: 100, answerBy: at(40), now: at(10))
            try #require(sent.count == 1)
            // Before its answer time nothing is due: neither a new send nor a check.
            #expect(try store.claimOutboxBatch(limit: 100, answerBy: at(70), now: at(20)).isEmpty)
            #expect(try store.unconfirmedOutbox(now: at(20)).isEmpty)
            let unconfirmed = try store.unconfirmedOutbox(now: at(41))
            #expect(unconfirmed.map(\.message) == sent.map(\.message))
            try store.outboxLogged([sent[0].message: "901"], now: at(42))
            #expect(try store.outboxSummary(now: at(42)).logged == 1)
            #expect(try store.unconfirmedOutbox(now: at(100)).isEmpty)
        }
    }

    @Test func refusedOnesComeBackAfterTheirBackOffAndCanBeGivenUp() throws {
        try TemporaryDirectory.with { directory in
            let store = try logging(directory)
            try store.record(event("EV1", message: "AC1", at: at(1)))
            try store.record(event("EV2", message: "AC2", at: at(2)))
            try contact(store, ada, "7")
            let batch = try store.claimOutboxBatch(limit: 100, answerBy: at(40), now: at(10))
            try #require(batch.count == 2)
            try store.outboxRetry([batch[0].message], error: "rate_limited", at: at(20))
            try store.outboxFailed([batch[1].message], error: "invalid")
            #expect(try store.claimOutboxBatch(limit: 100, answerBy: at(60), now: at(15)).isEmpty)
            #expect(try store.claimOutboxBatch(limit: 100, answerBy: at(60), now: at(20)).map(\.attempts) == [1])
            let summary = try store.outboxSummary(now: at(20))
            #expect(summary.failed == 1 && summary.unconfirmed == 1)
        }
    }

    @Test func onlyRefusalsCountTowardsGivingUp() throws {
        try TemporaryDirectory.with { directory in
            let store = try logging(directory)
            try store.record(event("EV1", message: "AC1", at: at(1)))
            try contact(store, ada, "7")
            let first = try store.claimOutboxBatch(limit: 100, answerBy: at(40), now: at(10))
            try store.outboxRetry(first.map(\.message), error: "rate_limited", at: at(11))
            let second = try store.claimOutboxBatch(limit: 100, answerBy: at(40), now: at(11))
            #expect(second.map(\.attempts) == [1] && second.map(\.refusals) == [0])
            try store.outboxRefused(second[0].message, error: "invalid", at: at(12))
            #expect(try store.claimOutboxBatch(limit: 100, answerBy: at(40), now: at(12)).map(\.refusals) == [1])
        }
    }

    @Test func ourSendsAreQueuedOnceOpenPhoneAcceptedThem() throws {
        try TemporaryDirectory.with { directory in
            let store = try logging(directory)
            let draft = OutgoingDraft(recipient: .number(ada, line: mainLine), text: "See you", sentBy: "alice",
                                      idempotencyKey: nil)
            guard case .send(let message, _) = try store.prepareSend(draft, now: at(1)) else { Issue.record("no send"); return }
            try contact(store, ada, "7")
            #expect(try store.outboxSummary(now: at(2)).pending == 0)
            try store.sendAccepted(message.id, openPhoneID: "AC9", status: .queued, now: at(2))
            let batch = try store.claimOutboxBatch(limit: 100, answerBy: at(40), now: at(3))
            #expect(batch.map(\.direction) == [.outgoing] && batch.map(\.sentBy) == ["alice"])
        }
    }

    @Test func serviceStatesAreKeptForHealth() throws {
        try TemporaryDirectory.with { directory in
            let store = try openStore(directory)
            try store.setServiceState("hubspot_outbox", state: "missing_scopes", detail: "crm.objects.contacts.write", now: t0)
            try store.setServiceState("hubspot_outbox", state: "ok", now: at(5))
            #expect(try store.serviceStates().map(\.state) == ["ok"])
        }
    }
}
