import CSQLite
@testable import MessageStore
import Testing

@Suite struct DeadLetterTests {
    /// An unreadable delivery with defaults; `body` bytes need not be UTF-8.
    func unreadable(_ eventID: String?, body: [UInt8] = Array(#"{"id":"EV9","shape":"new"}"#.utf8),
                    digest: String = "ab12", code: String = "missing_field") -> UnreadableDelivery {
        UnreadableDelivery(body: body, bodyDigest: digest, eventID: eventID, eventType: "message.received",
                           reason: DeadLetterReason(code: code, message: "the webhook body has no data.object",
                                                    field: "data.object"),
                           receivedAt: t0)
    }

    @Test func aDeadLetterKeepsTheExactBytesAndWhy() throws {
        try TemporaryDirectory.with { directory in
            let store = try openStore(directory)
            let body: [UInt8] = [0xff, 0xfe, 0x00, 0x41, 0x7b]  // not UTF-8, with a NUL inside
            let receipt = try store.keepDeadLetter(unreadable("EV9", body: body))
            #expect(receipt.firstDelivery)
            let letters = try store.deadLetters()
            #expect(letters.count == 1)
            let letter = try #require(letters.first)
            #expect(letter.id == receipt.id && letter.body == body && letter.isPending)
            #expect(letter.eventID == "EV9" && letter.eventType == "message.received" && letter.receivedAt == t0)
            #expect(letter.reason == DeadLetterReason(code: "missing_field", message: "the webhook body has no data.object",
                                                      field: "data.object"))
            #expect(letter.deliveries == 1)
        }
    }

    @Test func theSameEventRedeliveredIsOneRowCountingDeliveries() throws {
        try TemporaryDirectory.with { directory in
            let store = try openStore(directory)
            let first = try store.keepDeadLetter(unreadable("EV9", digest: "one"))
            // A retry of the same event: same row, whatever the bytes hash to.
            let second = try store.keepDeadLetter(unreadable("EV9", digest: "two"))
            #expect(first.firstDelivery && !second.firstDelivery && first.id == second.id)
            #expect(try store.deadLetters().map(\.deliveries) == [2])
        }
    }

    @Test func withoutAnEventIDTheBodyDigestIsTheKey() throws {
        try TemporaryDirectory.with { directory in
            let store = try openStore(directory)
            let a = try store.keepDeadLetter(unreadable(nil, digest: "aaaa"))
            let again = try store.keepDeadLetter(unreadable(nil, digest: "aaaa"))
            let b = try store.keepDeadLetter(unreadable(nil, digest: "bbbb"))
            #expect(a.id == again.id && !again.firstDelivery && b.id != a.id && b.firstDelivery)
            // An empty event id is no id: it would file every such body together.
            let empty = try store.keepDeadLetter(unreadable("", digest: "cccc"))
            #expect(empty.firstDelivery)
            #expect(try store.deadLetters().count == 3)
        }
    }

    @Test func resolvingRecordsTheMessageAndMarksTheLetterInOneGo() throws {
        try TemporaryDirectory.with { directory in
            let store = try openStore(directory)
            let kept = try store.keepDeadLetter(unreadable("EV1"))
            let outcome = try store.resolveDeadLetter(kept.id, recording: event("EV1"), at: at(60))
            guard case .stored(let conversation) = outcome else { Issue.record("\(outcome)"); return }
            #expect(try store.message(openPhoneID: "AC1")?.conversationID == conversation)
            let letter = try #require(try store.deadLetters().first)
            #expect(!letter.isPending && letter.outcome == .stored && letter.conversationID == conversation)
            #expect(letter.reprocessedAt == at(60))
            #expect(try store.deadLetters(pendingOnly: true).isEmpty)
            // The event went through record(_:): a later redelivery of it is a duplicate.
            #expect(try store.record(event("EV1")) == .duplicate(conversation))
        }
    }

    @Test func resolvingAnEventStoredMeanwhileIsADuplicateNotASecondMessage() throws {
        try TemporaryDirectory.with { directory in
            let store = try openStore(directory)
            let kept = try store.keepDeadLetter(unreadable("EV1"))
            let stored = try store.record(event("EV1"))
            #expect(try store.resolveDeadLetter(kept.id, recording: event("EV1")) == .duplicate(stored.conversationID))
            #expect(try store.deadLetters().first?.outcome == .duplicate)
            #expect(RawDatabase(directory.database).count("messages") == 1)
        }
    }

    @Test func aFailedRecordLeavesTheLetterPending() throws {
        try TemporaryDirectory.with { directory in
            let store = try openStore(directory)
            let kept = try store.keepDeadLetter(unreadable("EV1"))
            RawDatabase(directory.database).failInserts("refuse", into: "messages", message: "refused")
            #expect(throws: MessageStoreError.self) { try store.resolveDeadLetter(kept.id, recording: event("EV1")) }
            #expect(try store.deadLetters(pendingOnly: true).map(\.id) == [kept.id])
            #expect(RawDatabase(directory.database).count("conversations") == 0)
        }
    }

    @Test func stillUnreadableKeepsItPendingWithTheNewReason() throws {
        try TemporaryDirectory.with { directory in
            let store = try openStore(directory)
            let kept = try store.keepDeadLetter(unreadable("EV1"))
            try store.deadLetterStillUnreadable(kept.id, reason: DeadLetterReason(code: "invalid_field", message: "x",
                                                                                 field: "data.y"), at: at(9))
            let letter = try #require(try store.deadLetters(pendingOnly: true).first)
            #expect(letter.reason.code == "invalid_field" && letter.reason.field == "data.y" && letter.attemptedAt == at(9))
        }
    }

    @Test func theSummaryCountsPendingAndReprocessed() throws {
        try TemporaryDirectory.with { directory in
            let store = try openStore(directory)
            #expect(try store.deadLetterSummary() == DeadLetterSummary(pending: 0, reprocessed: 0, oldestPendingAt: nil))
            var first = unreadable("EV1")
            first.receivedAt = at(-30)
            let a = try store.keepDeadLetter(first)
            try store.keepDeadLetter(unreadable("EV2"))
            try store.keepDeadLetter(unreadable("EV3"))
            try store.ignoreDeadLetter(a.id)
            #expect(try store.deadLetterSummary() == DeadLetterSummary(pending: 2, reprocessed: 1, oldestPendingAt: t0))
        }
    }
}
